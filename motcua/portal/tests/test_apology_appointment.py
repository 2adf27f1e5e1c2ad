"""After an apology for lateness, every place where the applicant follows the dossier shows the
new appointment and that the agency apologised: the public lookup (QR page and its API), the
list of "Hồ sơ của tôi" and the dossier page, not only the legal due date already past."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from motcua.dossiers import workflow
from motcua.dossiers.tests.conftest import local
from motcua.portal.tests.following_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

OLD_DUE = "05/03/2026 17:00"
NEW_DUE = "20/03/2026 16:00"


@pytest.fixture
def apologised(owner, accepted_dossier, procedure_a, desk_a, leader_a):
    """Received on 2 March (3 working days: due 5 March), late on NOW (10 March): the leader
    apologised with a new appointment on 20 March."""
    dossier = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 8, 30))
    dossier.refresh_from_db()
    workflow.apologise(
        dossier, by=leader_a, expected_version=dossier.version, reason="Cần xác minh thêm",
        new_due_at=local(2026, 3, 20, 16, 0),
    )
    dossier.refresh_from_db()
    return dossier


def test_the_qr_lookup_page_shows_the_new_appointment_and_the_apology(client, apologised):
    response = client.get("/tra-cuu/", {"ma": apologised.code, "bi-mat": apologised.lookup_secret})
    html = response.content.decode()
    assert response.status_code == 200
    assert NEW_DUE in html
    assert "cơ quan đã xin lỗi vì giải quyết chậm" in html
    assert OLD_DUE in html  # the first appointment, marked as replaced


def test_the_lookup_page_shows_the_new_appointment_when_the_apology_comes_after_a_visit(
    client, owner, accepted_dossier, procedure_a, desk_a, leader_a, django_capture_on_commit_callbacks
):
    dossier = accepted_dossier(procedure_a, desk_a, received=local(2026, 3, 2, 8, 30))
    dossier.refresh_from_db()
    query = {"ma": dossier.code, "bi-mat": dossier.lookup_secret}
    assert NEW_DUE not in client.get("/tra-cuu/", query).content.decode()  # now in the caches
    with django_capture_on_commit_callbacks(execute=True):  # the hooks run after the commit
        workflow.apologise(
            dossier, by=leader_a, expected_version=dossier.version, reason="Cần xác minh thêm",
            new_due_at=local(2026, 3, 20, 16, 0),
        )
    assert NEW_DUE in client.get("/tra-cuu/", query).content.decode()


def test_the_lookup_api_gives_the_new_appointment_and_says_the_agency_apologised(apologised):
    response = APIClient().get(
        f"/api/v1/dossiers/{apologised.code}/status/", {"secret": apologised.lookup_secret}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["new_due_at"] == "2026-03-20T16:00:00+07:00"
    assert body["apologised"] is True
    assert body["due_at"] == "2026-03-05T17:00:00+07:00"


def test_the_lookup_api_says_no_apology_for_a_dossier_on_time(received):
    body = APIClient().get(
        f"/api/v1/dossiers/{received.code}/status/", {"secret": received.lookup_secret}
    ).json()
    assert body["new_due_at"] is None
    assert body["apologised"] is False


def test_my_dossiers_list_shows_the_new_appointment_and_the_apology(client, owner, apologised):
    client.force_login(owner)
    html = client.get("/dich-vu-cong/ho-so/").content.decode()
    row = html.split(apologised.code, 1)[1].split("</li>", 1)[0]
    assert NEW_DUE in row
    assert "cơ quan đã xin lỗi vì giải quyết chậm" in row


def test_my_dossiers_api_gives_the_new_appointment(owner, apologised):
    api = APIClient()
    api.force_authenticate(owner)
    row = api.get("/api/v1/my/dossiers/").json()["results"][0]
    assert row["code"] == apologised.code
    assert row["new_due_at"] == "2026-03-20T16:00:00+07:00"


def test_the_dossier_page_shows_the_new_appointment_and_the_apology(client, owner, apologised):
    client.force_login(owner)
    html = client.get(f"/dich-vu-cong/ho-so/{apologised.pk}/").content.decode()
    assert NEW_DUE in html
    assert "cơ quan đã xin lỗi vì giải quyết chậm" in html
