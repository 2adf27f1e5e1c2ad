"""Every row of the transition table, carried out through the workflow by an allowed role and
refused for the others; every action absent from the table refused from every status."""

from __future__ import annotations

import pytest

from motcua.catalog.tests.factories import make_procedure
from motcua.dossiers import workflow
from motcua.dossiers.models import AuditEvent, Channel, Status
from motcua.dossiers.tests.conftest import (
    TO_PROCESSING,
    TO_PROPOSED,
    TO_RECEIVED,
    TO_RESOLVED,
    TO_RETURNED,
    TO_SUBMITTED,
    local,
    make_official,
)
from motcua.dossiers.transitions import TRANSITIONS, Action
from motcua.units.models import Role

PATH_TO = {
    Status.DRAFT: (),
    Status.SUBMITTED: TO_SUBMITTED,
    Status.RECEIVED: TO_RECEIVED,
    Status.IN_PROCESSING: TO_PROCESSING,
    Status.WAITING_SUPPLEMENT: (
        *TO_PROCESSING, ("request_supplement", "specialist", {"missing_items": ["Giấy chứng sinh"]}),
    ),
    Status.SUSPENDED: (*TO_PROCESSING, ("suspend", "leader", {"reason": "Chờ xác minh"})),
    Status.RESOLVED: TO_RESOLVED,
    Status.RESULT_RETURNED: TO_RETURNED,
    Status.REFUSED: (*TO_SUBMITTED, ("refuse", "desk", {"reason": "Không thuộc thẩm quyền"})),
    Status.WITHDRAWN: (*TO_SUBMITTED, ("withdraw", "citizen")),
    Status.CLOSED: (*TO_RETURNED, ("close", "desk")),
}
# Step actions need the step in the right state first.
PATH_FOR = {
    (Status.IN_PROCESSING, Action.START_STEP): (*TO_PROCESSING, ("complete_step", "specialist")),
    (Status.IN_PROCESSING, Action.RETURN_STEP): (*TO_PROCESSING, ("complete_step", "specialist")),
    (Status.IN_PROCESSING, Action.APPROVE): TO_PROPOSED,
    (Status.IN_PROCESSING, Action.RETURN_TO_STEP): TO_PROPOSED,
}
DETAILS = {
    Action.REQUEST_SUPPLEMENT: {"missing_items": ["Bản sao giấy chứng sinh"]},
    Action.REFUSE: {"reason": "Hồ sơ không đủ điều kiện"},
    Action.REDIRECT: {"to_agency_name": "UBND phường Trung Tự", "reason": "Nơi cư trú của người con"},
    Action.RETURN_STEP: {"reason": "Cần thẩm định lại"},
    Action.RETURN_TO_STEP: {"reason": "Sai thông tin ngày sinh"},
    Action.SUSPEND: {"reason": "Chờ kết quả xác minh"},
    Action.RETURN_RESULT: {"channel": Channel.POST},
    Action.APOLOGISE: {"reason": "Chờ xác minh của cơ quan công an", "new_due_at": local(2026, 3, 20, 17, 0)},
}
# The actions that keep the status are limited to people inside the competent agency: its
# leader assigns and apologises (a specialist apologises only for a dossier assigned to them).
ACTOR_FOR = {Action.ASSIGN: "leader", Action.APOLOGISE: "leader"}
# Each internal step belongs to a role (dossiers.step_rules): the test procedure's steps before
# the leader's signature are the specialist's.
ACTOR_FOR.update(dict.fromkeys((Action.START_STEP, Action.COMPLETE_STEP, Action.RETURN_STEP), "specialist"))
# Moments when the dossiers are walked, then acted on: the apology needs a dossier that will
# be late (received 10/03, due 13/03 17:00).
WALKED_AT = local(2026, 3, 10, 9, 0)
ACTED_AT = local(2026, 3, 13, 10, 0)


def _details(action, actors) -> dict:
    if action == Action.ASSIGN:
        return {"assignee": actors["specialist"].pk}
    return DETAILS.get(action, {})
ACTORS = {Role.CITIZEN: "citizen", Role.DESK_OFFICER: "desk", Role.SPECIALIST: "specialist", Role.LEADER: "leader"}
PREFERRED = [Role.CITIZEN, Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER]


def _actor_for(action, transition):
    return ACTOR_FOR.get(action) or ACTORS[next(role for role in PREFERRED if role in transition.roles)]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "action"), list(TRANSITIONS), ids=lambda v: str(v))
def test_allowed_transition_moves_the_dossier_and_writes_one_audit_event(
    status, action, make_dossier, walk, citizen, desk, specialist, leader, clock, agency
):
    actors = {"citizen": citizen, "desk": desk, "specialist": specialist, "leader": leader}
    transition = TRANSITIONS[(status, action)]
    clock.set(WALKED_AT)
    # Resolving at receipt is for procedures handled at the desk: no appraisal or signature step.
    overrides = {"procedure": make_procedure(agencies=[agency])} if action == Action.RESOLVE else {}
    dossier = walk(make_dossier(**overrides), *PATH_FOR.get((status, action), PATH_TO[status]))
    assert dossier.status == status
    version, events = dossier.version, AuditEvent.objects.filter(dossier=dossier).count()
    clock.set(ACTED_AT)

    workflow.apply(
        dossier, action, by=actors[_actor_for(action, transition)], expected_version=version,
        **_details(action, actors),
    )

    dossier.refresh_from_db()
    assert dossier.status == transition.target
    assert dossier.version == version + 1
    event = AuditEvent.objects.filter(dossier=dossier).order_by("-seq").first()
    assert (event.seq, event.action, event.from_status, event.to_status) == (
        events + 1, action.value, status.value, transition.target.value,
    )


FORBIDDEN_ROLES = [
    (status, action, role)
    for (status, action), transition in TRANSITIONS.items()
    for role in PREFERRED
    if role not in transition.roles
]


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "action", "role"), FORBIDDEN_ROLES, ids=lambda v: str(v))
def test_role_outside_the_table_is_refused_and_nothing_changes(
    status, action, role, make_dossier, walk, citizen, desk, specialist, leader
):
    actors = {"citizen": citizen, "desk": desk, "specialist": specialist, "leader": leader}
    dossier = walk(make_dossier(), *PATH_FOR.get((status, action), PATH_TO[status]))
    version = dossier.version

    with pytest.raises(workflow.TransitionNotAllowed) as refused:
        workflow.apply(
            dossier, action, by=actors[ACTORS[role]], expected_version=version,
            **_details(action, actors),
        )

    assert "Vai trò của bạn không được phép" in str(refused.value)
    dossier.refresh_from_db()
    assert (dossier.status, dossier.version) == (status, version)


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(Status), ids=str)
def test_actions_absent_from_the_table_are_refused_even_for_an_all_role_official(
    status, make_dossier, walk, agency
):
    dossier = walk(make_dossier(), *PATH_TO[status])
    everyone = make_official(agency, Role.DESK_OFFICER)
    for role in (Role.SPECIALIST, Role.LEADER):
        everyone.memberships.create(agency=agency, role=role)
    forbidden = [action for action in Action if (status, action) not in TRANSITIONS]
    assert forbidden

    for action in forbidden:
        with pytest.raises(workflow.TransitionNotAllowed) as refused:
            workflow.apply(
                dossier, action, by=everyone, expected_version=dossier.version,
                **DETAILS.get(action, {}),
            )
        assert f"«{Status(status).label}»" in str(refused.value)

    dossier.refresh_from_db()
    assert dossier.status == status
