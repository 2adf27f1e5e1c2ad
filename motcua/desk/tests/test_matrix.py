"""Role × unit matrix over every official URL of the desk and documents apps.

The URLs are read from the URLconfs, so a new URL without a row here fails the first test.
Desk officer, specialist and leader of ward A act on a dossier of ward A (in scope: 200/302
where their role allows it, a refusal where it does not), of ward B and of the district
(out of scope: 404, nothing written).
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.desk import urls as desk_urls
from motcua.documents import urls as documents_urls
from motcua.documents.templates_registry import DOSSIER_KINDS
from motcua.dossiers.models import AuditEvent, Consultation
from motcua.dossiers.transitions import TRANSITIONS, Action

ROLES = ("desk_a", "specialist_a", "leader_a")
TARGETS = ("ward_a", "ward_b", "district")
ROLE_VALUES = {"desk_a": "desk_officer", "specialist_a": "specialist", "leader_a": "leader"}
# Every URL name, and whether it concerns one dossier (scoped) or none (the official's own lists).
URLS = {
    "desk:queue": "none",
    "desk:receive": "none",
    "desk:register": "none",
    "desk:detail": "dossier",
    "desk:act": "dossier",
    "desk:undo": "dossier",
    "desk:consult": "dossier",
    "desk:consultation": "consultation",
    "documents:dossier": "dossier",
    "documents:register": "agency",
}


def test_every_desk_and_documents_url_is_in_the_matrix():
    names = {f"desk:{p.name}" for p in desk_urls.urlpatterns} | {
        f"documents:{p.name}" for p in documents_urls.urlpatterns
    }
    assert names == set(URLS), "add the new URL to URLS and to the matrix tests below"


@pytest.fixture
def world(procedure_a, procedure_b, procedure_district, ward_a, ward_b, district, desk_a, desk_b,
          district_leader, accepted_dossier):
    """A received dossier in each of ward A, ward B and the district, and a consultation
    addressed to each of their competent agencies."""
    dossiers = {
        "ward_a": accepted_dossier(procedure_a, desk_a),
        "ward_b": accepted_dossier(procedure_b, desk_b),
        "district": accepted_dossier(procedure_district, district_leader_desk(district)),
    }
    consultations = {
        name: Consultation.objects.create(
            dossier=dossiers[other], agency=dossiers[name].competent_agency, question="?",
            requested_by=district_leader, requested_at=dossiers[other].received_at,
        )
        for name, other in (("ward_a", "district"), ("ward_b", "district"), ("district", "ward_a"))
    }
    agencies = {"ward_a": ward_a[1], "ward_b": ward_b[1], "district": district}
    return {"dossiers": dossiers, "consultations": consultations, "agencies": agencies}


def district_leader_desk(district):
    from motcua.dossiers.tests.conftest import make_official

    return make_official(district, "desk_officer")


def _events(dossier) -> int:
    return AuditEvent.objects.filter(dossier=dossier).exclude(action="read").count()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", ["desk:queue", "desk:receive"])
def test_lists_open_for_every_ward_a_official_and_receiving_for_the_desk(
    client, request, world, role, name
):
    client.force_login(request.getfixturevalue(role))
    expected = 403 if name == "desk:receive" and role != "desk_a" else 200
    assert client.get(reverse(name)).status_code == expected


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_dossier_page_documents_and_register_answer_200_in_scope_and_404_outside(
    client, request, world, role, target
):
    client.force_login(request.getfixturevalue(role))
    dossier = world["dossiers"][target]
    expected = 200 if target == "ward_a" else 404

    assert client.get(reverse("desk:detail", args=[dossier.pk])).status_code == expected
    register = reverse("documents:register", args=[world["agencies"][target].pk, "xlsx"])
    assert client.get(register, {"tu": "2026-03-01", "den": "2026-03-31"}).status_code == expected
    if target == "ward_a":  # one real PDF per role (rendering is slow); the kinds' 404s below
        assert client.get(reverse("documents:dossier", args=[dossier.pk, "receipt"])).status_code == 200
    else:
        for kind in DOSSIER_KINDS:
            assert client.get(reverse("documents:dossier", args=[dossier.pk, kind])).status_code == 404
        assert not AuditEvent.objects.filter(dossier=dossier, action="read").exists()


def _allowed(action: Action, role: str) -> bool:
    """What the table says for a received dossier, narrowed by its procedure's one step, a
    specialist's appraisal (dossiers.step_rules): nobody declares it resolved at receipt, and
    the step is started by a specialist or a leader. The apology is refused (not late yet)."""
    transition = TRANSITIONS.get(("received", action))
    if transition is None or action in (Action.APOLOGISE, Action.RESOLVE):
        return False
    if action == Action.START_STEP and ROLE_VALUES[role] not in ("specialist", "leader"):
        return False
    return ROLE_VALUES[role] in transition.roles


DETAILS = {
    Action.REQUEST_SUPPLEMENT: {"missing_items": "Giấy chứng sinh"},
    Action.REFUSE: {"reason": "Không đủ điều kiện"},
    Action.REDIRECT: {"reason": "Sai nơi", "to_agency_name": "UBND phường Trung Tự"},
    Action.RETURN_STEP: {"reason": "Làm lại"},
    Action.RETURN_TO_STEP: {"reason": "Làm lại"},
    Action.SUSPEND: {"reason": "Chờ"},
    Action.RETURN_RESULT: {"channel": "desk"},
    Action.APOLOGISE: {"reason": "Trễ", "new_due_at": "2026-03-30T16:00"},
    Action.WITHDRAW: {"reason": "Người nộp xin rút"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("action", [a for a in Action if a != Action.SUBMIT], ids=str)
def test_every_action_is_done_refused_or_404_by_role_and_unit(
    client, request, world, role, target, action
):
    official = request.getfixturevalue(role)
    client.force_login(official)
    dossier = world["dossiers"][target]
    data = {"expected_version": dossier.version, "confirmed": "1", **DETAILS.get(action, {})}
    if action == Action.ASSIGN:
        data["assignee"] = request.getfixturevalue("specialist_a").pk
    before = (dossier.status, dossier.version, _events(dossier))

    response = client.post(reverse("desk:act", args=[dossier.pk, action.value]), data)

    dossier.refresh_from_db()
    if target != "ward_a":
        assert response.status_code == 404
        assert (dossier.status, dossier.version, _events(dossier)) == before
        return
    assert response.status_code == 302
    changed = (dossier.status, dossier.version, _events(dossier)) != before
    assert changed == _allowed(action, role), client.session.get("desk_notices")
    if not changed:
        notices = client.session.get("desk_notices") or []
        assert any(n["level"] == "error" for n in notices)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_undo_of_someone_elses_acceptance_is_refused_in_scope_and_404_outside(
    client, request, world, role, target
):
    client.force_login(request.getfixturevalue(role))
    dossier = world["dossiers"][target]
    accepted = AuditEvent.objects.get(dossier=dossier, action="accept")
    before = (dossier.status, dossier.version, _events(dossier))

    response = client.post(
        reverse("desk:undo", args=[dossier.pk]),
        {"event": accepted.pk, "expected_version": dossier.version},
    )

    dossier.refresh_from_db()
    assert (dossier.status, dossier.version, _events(dossier)) == before
    if target != "ward_a":
        assert response.status_code == 404
        return
    assert response.status_code == 302
    notices = client.session.get("desk_notices") or []
    assert any(n["level"] == "error" and "không thể hoàn tác" in n["text"] for n in notices)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_consultation_request_is_refused_in_scope_without_liên_thông_and_404_outside(
    client, request, world, role, target
):
    client.force_login(request.getfixturevalue(role))
    dossier = world["dossiers"][target]
    before = Consultation.objects.count()
    response = client.post(
        reverse("desk:consult", args=[dossier.pk]),
        {"expected_version": dossier.version, "agencies": [world["agencies"]["ward_b"].pk], "question": "?"},
    )
    assert response.status_code == (302 if target == "ward_a" else 404)
    assert Consultation.objects.count() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("target", TARGETS)
def test_consultation_page_by_the_consulted_agency_and_answer_by_role(
    client, request, world, role, target
):
    client.force_login(request.getfixturevalue(role))
    consultation = world["consultations"][target]
    url = reverse("desk:consultation", args=[consultation.pk])

    assert client.get(url).status_code == (200 if target == "ward_a" else 404)
    response = client.post(url, {"answer": "Đồng ý"})
    consultation.refresh_from_db()
    if target != "ward_a":
        assert response.status_code == 404 and consultation.answered_at is None
    elif role == "desk_a":  # in scope, but answering is for specialists and leaders
        assert response.status_code == 403 and consultation.answered_at is None
    else:
        assert response.status_code == 302 and consultation.answer == "Đồng ý"


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(URLS))
def test_anonymous_goes_to_login_and_citizen_gets_403_on_every_url(client, world, citizen, name):
    args = {
        "none": [],
        "dossier": [world["dossiers"]["ward_a"].pk],
        "consultation": [world["consultations"]["ward_a"].pk],
        "agency": [world["agencies"]["ward_a"].pk, "xlsx"],
    }[URLS[name]]
    if name == "desk:act":
        args = [*args, "accept"]
    if name == "documents:dossier":
        args = [*args, "receipt"]
    url = reverse(name, args=args)
    method = client.post if name in ("desk:act", "desk:undo", "desk:consult") else client.get

    response = method(url)
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
    client.force_login(citizen)  # the owner of the ward A dossier: still not an official
    assert method(url).status_code == 403
