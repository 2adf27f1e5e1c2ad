"""Ids beyond the database's integer range (> 2^63 - 1) in the applying API's addresses and file
field names get a Vietnamese 404/400 JSON answer, never a server error, and write nothing."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from motcua.dossiers.models import Dossier
from motcua.portal.models import Upload

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import pdf_bytes
from .test_apply_api import valid_form_data

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # > 2^63 - 1
NOT_YOURS = "Không có hồ sơ này trong tài khoản của bạn."


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


@pytest.mark.parametrize("huge", [HUGE, str(2**63)])
@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/api/v1/applications/{id}/", None),
        ("patch", "/api/v1/applications/{id}/", {"form_data": {}}),
        ("post", "/api/v1/applications/{id}/submit/", {"result_channel": "online", "commitment": True}),
        ("post", "/api/v1/applications/{id}/attachments/", {"reuse_upload_id": 1}),
        ("delete", "/api/v1/applications/{id}/attachments/1/", None),
    ],
)
def test_a_huge_application_id_is_not_found_in_json(api, method, path, data, huge):
    response = getattr(api, method)(
        path.format(id=huge), data, format="json", HTTP_IDEMPOTENCY_KEY="huge-1"
    )
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"] == NOT_YOURS


@pytest.mark.parametrize("suffix", [HUGE, str(2**63), "²", "١٢"])
def test_a_file_field_for_an_impossible_document_id_is_a_bad_request(api, procedure, wards, media, suffix):
    birth = procedure.documents.get(name="Giấy chứng sinh")
    body = {
        "procedure_code": procedure.code, "agency_id": wards[0].pk,
        "form_data": json.dumps(valid_form_data()), "result_channel": "online", "commitment": "true",
        f"document_{birth.pk}": SimpleUploadedFile("a.pdf", pdf_bytes(4096), content_type="application/pdf"),
        f"document_{suffix}": SimpleUploadedFile("b.pdf", pdf_bytes(2048), content_type="application/pdf"),
    }
    response = api.post(
        "/api/v1/applications/complete/", body, format="multipart", HTTP_IDEMPOTENCY_KEY=f"huge-{suffix}"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] in ("bad_field", "document")
    assert "thành phần hồ sơ" in response.json()["detail"].lower()
    assert not Dossier.objects.exists()
    assert not Upload.objects.exists()
