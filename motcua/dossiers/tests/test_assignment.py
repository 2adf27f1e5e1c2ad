"""A leader of the competent agency hands a dossier to a specialist; only that specialist (or a
leader) then works on its steps; every hand-over is in the audit trail."""

from __future__ import annotations

import pytest

from motcua.dossiers import audit, workflow
from motcua.dossiers.models import AuditEvent, Status
from motcua.dossiers.tests.conftest import TO_PROCESSING, TO_RECEIVED, make_official
from motcua.units.models import Role


@pytest.mark.django_db
def test_leader_assigns_and_reassigns_keeping_the_status_and_recording_from_and_to(
    make_dossier, walk, leader, specialist, agency, clock
):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    other = make_official(agency, Role.SPECIALIST)

    workflow.assign(dossier, by=leader, expected_version=dossier.version, assignee=specialist.pk)
    workflow.assign(dossier, by=leader, expected_version=dossier.version, assignee=other)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.assignee_id) == (Status.RECEIVED, other.pk)
    assert dossier.assigned_at == clock.moment
    first, second = AuditEvent.objects.filter(dossier=dossier, action="assign").order_by("seq")
    assert first.details["assignee_from"] is None and first.details["assignee_to"] == specialist.pk
    assert (second.details["assignee_from"], second.details["assignee_to"]) == (specialist.pk, other.pk)
    assert second.from_status == second.to_status == Status.RECEIVED
    assert audit.verify_chain(dossier).ok


@pytest.mark.django_db
def test_specialist_cannot_assign_even_to_themselves(make_dossier, walk, specialist):
    dossier = walk(make_dossier(), *TO_RECEIVED)

    with pytest.raises(workflow.TransitionNotAllowed, match="Vai trò của bạn"):
        workflow.assign(dossier, by=specialist, expected_version=dossier.version, assignee=specialist.pk)


@pytest.mark.django_db
def test_leader_of_a_parent_unit_is_not_the_competent_leader(make_dossier, walk, agency, specialist):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    outsider = make_official(agency, Role.DESK_OFFICER)  # in scope, but no leader post there
    outsider.memberships.create(agency=agency, role=Role.DESK_OFFICER)
    from motcua.catalog.tests.factories import make_agency

    elsewhere = make_agency(name="Phòng Tư pháp", unit=agency.unit)
    boss = make_official(elsewhere, Role.LEADER)  # same unit, other agency: sees the dossier

    with pytest.raises(workflow.TransitionNotAllowed, match="Chỉ lãnh đạo của cơ quan giải quyết"):
        workflow.assign(dossier, by=boss, expected_version=dossier.version, assignee=specialist.pk)
    dossier.refresh_from_db()
    assert dossier.assignee_id is None


@pytest.mark.django_db
def test_assignee_must_work_in_the_competent_agency(make_dossier, walk, leader, other_agency):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    stranger = make_official(other_agency, Role.SPECIALIST)

    with pytest.raises(workflow.MissingDetails, match="không công tác tại cơ quan giải quyết"):
        workflow.assign(dossier, by=leader, expected_version=dossier.version, assignee=stranger.pk)
    with pytest.raises(workflow.MissingDetails, match="chọn cán bộ"):
        workflow.assign(dossier, by=leader, expected_version=dossier.version, assignee="abc")


@pytest.mark.django_db
def test_another_specialist_cannot_start_complete_or_propose_an_assigned_dossier(
    make_dossier, walk, leader, specialist, agency
):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    workflow.assign(dossier, by=leader, expected_version=dossier.version, assignee=specialist.pk)
    colleague = make_official(agency, Role.SPECIALIST)

    with pytest.raises(workflow.TransitionNotAllowed, match="đã được giao cho"):
        workflow.start_step(dossier, by=colleague, expected_version=dossier.version)
    workflow.start_step(dossier, by=specialist, expected_version=dossier.version)
    with pytest.raises(workflow.TransitionNotAllowed, match="đã được giao cho"):
        workflow.propose(dossier, by=colleague, expected_version=dossier.version)
    with pytest.raises(workflow.TransitionNotAllowed, match="đã được giao cho"):
        workflow.complete_step(dossier, by=colleague, expected_version=dossier.version)

    workflow.complete_step(dossier, by=leader, expected_version=dossier.version)  # a leader may
    dossier.refresh_from_db()
    assert dossier.current_step.order == 2


@pytest.mark.django_db
def test_unassigned_dossier_is_worked_on_by_any_specialist_as_before(make_dossier, walk):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    assert dossier.assignee_id is None and dossier.status == Status.IN_PROCESSING


@pytest.mark.django_db
def test_stale_assignment_is_refused_with_the_current_state(make_dossier, walk, leader, specialist):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    old_version = dossier.version
    workflow.assign(dossier, by=leader, expected_version=old_version, assignee=specialist.pk)

    with pytest.raises(workflow.StaleDossier) as stale:
        workflow.assign(dossier, by=leader, expected_version=old_version, assignee=specialist.pk)
    assert stale.value.current.assignee_id == specialist.pk
