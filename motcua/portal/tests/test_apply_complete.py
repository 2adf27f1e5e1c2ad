"""``POST /api/v1/applications/complete/``: a whole dossier in one request, all or nothing."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.dossiers.models import Dossier, Status
from motcua.portal.models import AttachedDocument, Upload

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import pdf_bytes
from .test_apply_api import valid_form_data

pytestmark = pytest.mark.django_db
URL = "/api/v1/applications/complete/"


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")
    return client


def body(procedure, wards, *, form=None, file_bytes=None, **extra):
    birth = procedure.documents.get(name="Giấy chứng sinh")
    values = {
        "procedure_code": procedure.code, "agency_id": wards[0].pk,
        "form_data": json.dumps(valid_form_data() if form is None else form),
        "result_channel": "online", "commitment": "true",
        f"document_{birth.pk}": SimpleUploadedFile(
            "giay-chung-sinh.pdf", file_bytes or pdf_bytes(4096), content_type="application/pdf"
        ),
    }
    values.update(extra)
    return values


def stored_files(media) -> list:
    return [p for p in media.rglob("*") if p.is_file()] if media.exists() else []


def test_one_request_submits_a_complete_dossier_once_per_key(api, procedure, wards, media):
    first = api.post(URL, body(procedure, wards), format="multipart", HTTP_IDEMPOTENCY_KEY="one-1")
    again = api.post(URL, body(procedure, wards), format="multipart", HTTP_IDEMPOTENCY_KEY="one-1")

    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    dossier = Dossier.objects.get()
    assert dossier.status == Status.SUBMITTED
    assert [a.label for a in AttachedDocument.objects.all()] == ["Giấy chứng sinh"]
    assert len(stored_files(media)) == 1


def test_invalid_form_leaves_no_dossier_no_upload_and_no_file(api, procedure, wards, media):
    response = api.post(
        URL, body(procedure, wards, form={"copies_requested": "hai"}), format="multipart",
        HTTP_IDEMPOTENCY_KEY="bad-form",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "incomplete"
    assert "child" in response.json()["errors"]["form"]
    assert not Dossier.objects.exists() and not Upload.objects.exists()
    assert stored_files(media) == []


def test_renamed_exe_is_refused_with_a_vietnamese_message(api, procedure, wards, media):
    response = api.post(
        URL, body(procedure, wards, file_bytes=b"MZ" + b"\x00" * 500), format="multipart",
        HTTP_IDEMPOTENCY_KEY="exe",
    )

    assert response.status_code == 400
    assert "không phải PDF" in response.json()["detail"]
    assert not Dossier.objects.exists() and stored_files(media) == []


def test_form_that_is_not_json_and_unknown_file_fields_are_refused(api, procedure, wards):
    not_json = api.post(URL, body(procedure, wards, form_data="{không"), format="multipart",
                        HTTP_IDEMPOTENCY_KEY="nj")
    odd = body(procedure, wards)
    odd["tep"] = SimpleUploadedFile("x.pdf", pdf_bytes(), content_type="application/pdf")
    unknown = api.post(URL, odd, format="multipart", HTTP_IDEMPOTENCY_KEY="odd")

    assert not_json.status_code == 400 and not_json.json()["code"] == "form_data"
    assert unknown.status_code == 400 and unknown.json()["code"] == "bad_field"
    assert not Dossier.objects.exists()


def test_key_is_required_and_anonymous_is_refused(api, procedure, wards):
    assert api.post(URL, body(procedure, wards), format="multipart").status_code == 400
    assert APIClient().post(URL, body(procedure, wards), format="multipart").status_code == 403
    assert not Dossier.objects.exists()


def test_a_key_used_by_another_citizen_does_not_reveal_their_dossier(api, procedure, wards, other_citizen):
    assert api.post(URL, body(procedure, wards), format="multipart", HTTP_IDEMPOTENCY_KEY="k").status_code == 201
    other = APIClient()
    other.force_authenticate(other_citizen)

    response = other.post(URL, body(procedure, wards), format="multipart", HTTP_IDEMPOTENCY_KEY="k")

    assert response.status_code in (400, 404)
    assert Dossier.objects.filter(applicant=other_citizen).exclude(status=Status.DRAFT).count() == 0
