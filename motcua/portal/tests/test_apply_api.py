"""``/api/v1/applications/``: the same journey by API, owner only, idempotent submission."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.dossiers.models import Dossier, Status
from motcua.portal.models import AttachedDocument

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import VALID_POST, pdf_file
from .test_schema_form import post

pytestmark = pytest.mark.django_db
BASE = "/api/v1/applications/"


def valid_form_data():
    from motcua.portal import schema_form

    from .apply_fixtures import demo_schema

    return schema_form.parse(demo_schema(), post(**VALID_POST))


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    return client


@pytest.fixture
def draft(api, procedure, wards):
    response = api.post(BASE, {"procedure_code": procedure.code, "agency_id": wards[0].pk}, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_create_draft_with_procedure_code_and_agency(draft, citizen, wards):
    dossier = Dossier.objects.get(pk=draft["id"])
    assert dossier.applicant == citizen and dossier.status == Status.DRAFT
    assert draft["agency_id"] == wards[0].pk
    assert draft["form_data"]["applicant"]["full_name"] == citizen.full_name


def test_create_with_the_same_key_returns_the_same_draft(api, procedure, wards):
    body = {"procedure_code": procedure.code, "agency_id": wards[0].pk, "key": "abc"}
    first = api.post(BASE, body, format="json")
    second = api.post(BASE, body, format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]


def test_create_needs_an_agency_when_several_receive(api, procedure):
    response = api.post(BASE, {"procedure_code": procedure.code}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "agency"


def test_create_for_a_procedure_not_online_is_refused(api, procedure, wards):
    procedure.channel_online = False
    procedure.save()
    response = api.post(BASE, {"procedure_code": procedure.code, "agency_id": wards[0].pk}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "not_online"


def test_patch_saves_invalid_data_and_reports_errors(api, draft):
    response = api.patch(f"{BASE}{draft['id']}/", {"form_data": {"copies_requested": "hai"}}, format="json")
    assert response.status_code == 200
    assert response.json()["errors"]["copies_requested"] == ["Vui lòng nhập một số nguyên."]
    assert api.get(f"{BASE}{draft['id']}/").json()["form_data"] == {"copies_requested": "hai"}


def test_upload_attach_and_submit_with_idempotency_key(api, draft, procedure):
    api.patch(f"{BASE}{draft['id']}/", {"form_data": valid_form_data()}, format="json")
    birth = procedure.documents.get(name="Giấy chứng sinh")
    response = api.post(f"{BASE}{draft['id']}/attachments/", {"file": pdf_file(), "required_document_id": birth.pk}, format="multipart")
    assert response.status_code == 201, response.content
    assert response.json()[0]["file_name"] == "giay-chung-sinh.pdf"
    body = {"result_channel": "online", "commitment": True}
    first = api.post(f"{BASE}{draft['id']}/submit/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    second = api.post(f"{BASE}{draft['id']}/submit/", body, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 200, first.content
    assert first.json()["status"] == "submitted"
    assert Dossier.objects.count() == 1
    assert Dossier.objects.get().audit_events.filter(action="submit").count() == 1


def test_submit_without_idempotency_key_is_refused(api, draft):
    response = api.post(f"{BASE}{draft['id']}/submit/", {"result_channel": "online", "commitment": True}, format="json")
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key"


def test_incomplete_submission_lists_field_errors_and_missing_documents(api, draft):
    response = api.post(f"{BASE}{draft['id']}/submit/", {"result_channel": "online", "commitment": True}, format="json", HTTP_IDEMPOTENCY_KEY="z")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "incomplete"
    assert "child.full_name" in body["errors"]["form"]
    assert [d["name"] for d in body["errors"]["missing_documents"]] == ["Giấy chứng sinh"]


def test_renamed_exe_by_api_is_refused(api, draft):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("a.pdf", b"MZ" + b"\x00" * 300, content_type="application/pdf")
    response = api.post(f"{BASE}{draft['id']}/attachments/", {"file": exe}, format="multipart")
    assert response.status_code == 400 and response.json()["code"] == "bad_type"
    assert not AttachedDocument.objects.exists()


def test_detach_by_api(api, draft):
    made = api.post(f"{BASE}{draft['id']}/attachments/", {"file": pdf_file()}, format="multipart").json()
    assert api.delete(f"{BASE}{draft['id']}/attachments/{made[0]['id']}/").status_code == 204
    assert api.delete(f"{BASE}{draft['id']}/attachments/{made[0]['id']}/").status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "other", "official"])
def test_nobody_but_the_owner_reaches_an_application(draft, who, other_citizen, official):
    client = APIClient()
    if who == "other":
        client.force_authenticate(other_citizen)
    elif who == "official":
        client.force_authenticate(official)
    # Anonymous: 403, since session authentication (tried first) sends no WWW-Authenticate.
    expected = 403 if who == "anonymous" else 404
    pk = draft["id"]
    assert client.get(f"{BASE}{pk}/").status_code == expected
    assert client.patch(f"{BASE}{pk}/", {"form_data": {}}, format="json").status_code == expected
    assert client.post(f"{BASE}{pk}/attachments/", {"file": pdf_file()}, format="multipart").status_code == expected
    assert client.post(f"{BASE}{pk}/submit/", {"result_channel": "desk", "commitment": True}, format="json",
                       HTTP_IDEMPOTENCY_KEY="x").status_code == expected
    assert Dossier.objects.get(pk=pk).status == Status.DRAFT


def test_session_auth_works_for_the_owner(client, citizen, draft):
    client.force_login(citizen)
    assert client.get(f"{BASE}{draft['id']}/").status_code == 200
