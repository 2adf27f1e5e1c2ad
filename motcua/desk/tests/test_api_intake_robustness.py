"""The desk API's intake against what an integration may really send: bodies that are not
JSON objects, and an ``Idempotency-Key`` sent again with another request or by another caller."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.conftest import make_official
from motcua.units.models import Role

INTAKE = "/api/v1/desk/intake/"
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def body(procedure, **overrides) -> dict:
    data = {
        "procedure_id": procedure.pk, "applicant_name": "Trần Thị Bích", "channel": "desk",
        "applicant_phone": "0912 345 678",
        "documents": [d.pk for d in procedure.documents.all()], "outcome": "accept",
    }
    data.update(overrides)
    return data


def post_json(client, payload, key="khoa-1"):
    return client.post(INTAKE, json.dumps(payload), content_type="application/json",
                       headers={"Idempotency-Key": key})


@pytest.mark.django_db
@pytest.mark.parametrize("payload", [[1, 2], "str", 42, None, True, []])
def test_intake_with_a_json_body_that_is_not_an_object_answers_400_in_vietnamese(
    client, desk_a, procedure_a, frozen, payload
):
    client.force_login(desk_a)

    response = post_json(client, payload)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    answer = response.json()
    assert answer["code"] == "invalid"
    assert answer["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert answer["errors"]["non_field_errors"] == [
        "Nội dung gửi lên phải là một đối tượng JSON, ví dụ {\"procedure_id\": 3, …}."
    ]
    assert not Dossier.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("procedure_id", ["99999999999999999999", "1e999", "-1e999", "-1", "[1]", '{"a": 1}'])
def test_intake_with_an_impossible_procedure_id_answers_400_on_that_field(
    client, desk_a, procedure_a, frozen, procedure_id
):
    client.force_login(desk_a)
    # Raw JSON: 1e999 is read as infinity, which no integer holds.
    sent = json.dumps(body(procedure_a, procedure_id="@")).replace('"@"', procedure_id)

    response = client.post(INTAKE, sent, content_type="application/json", headers={"Idempotency-Key": "khoa-1"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"procedure_id": ["Thủ tục này không thuộc cơ quan của bạn; vui lòng chọn lại."]}
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_same_key_with_another_body_answers_idempotency_key_reused_and_creates_nothing(
    client, desk_a, procedure_a, frozen
):
    client.force_login(desk_a)
    first = post_json(client, body(procedure_a, outcome="request_supplement", documents=[]))
    assert first.status_code == 201, first.content

    other = post_json(client, body(procedure_a, applicant_name="Lê Văn Khác"))

    assert other.status_code == 400
    assert other.json() == {
        "detail": "Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy tạo khóa mới.",
        "code": "idempotency_key_reused",
    }
    assert "Idempotent-Replayed" not in other
    assert list(Dossier.objects.values_list("applicant_name", "status")) == [("Trần Thị Bích", "waiting_supplement")]


@pytest.mark.django_db
def test_same_key_from_another_official_of_the_same_desk_answers_idempotency_key_reused(
    client, desk_a, ward_a, procedure_a, frozen
):
    client.force_login(desk_a)
    assert post_json(client, body(procedure_a)).status_code == 201
    colleague = make_official(ward_a[1], Role.DESK_OFFICER)
    client.force_login(colleague)

    response = post_json(client, body(procedure_a))

    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_reused"
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_same_key_same_caller_same_body_is_replayed_whatever_the_key_order(client, desk_a, procedure_a, frozen):
    client.force_login(desk_a)
    sent = body(procedure_a)
    first = post_json(client, sent)
    assert first.status_code == 201, first.content

    again = post_json(client, dict(reversed(list(sent.items()))))

    assert again.status_code == 200, again.content
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"] and again.json()["status"] == "received"
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_multipart_intake_is_replayed_only_for_the_same_scan(client, desk_a, procedure_a, media, frozen):
    client.force_login(desk_a)

    def send(content: bytes):
        data = {**body(procedure_a), "scans": [SimpleUploadedFile("to-khai.pdf", content, content_type="application/pdf")]}
        return client.post(INTAKE, data, headers={"Idempotency-Key": "khoa-quet"})

    first = send(PDF)
    again = send(PDF)
    other_scan = send(PDF + b"% ban khac\n")

    assert first.status_code == 201, first.content
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    assert other_scan.status_code == 400 and other_scan.json()["code"] == "idempotency_key_reused"
    assert Dossier.objects.count() == 1


@pytest.mark.django_db
def test_invalid_data_message_is_in_english_when_the_client_asks_for_english(client, desk_a, frozen):
    client.force_login(desk_a)

    english = client.get("/api/v1/desk/dossiers/", {"tab": "khong-co"}, headers={"Accept-Language": "en"})
    vietnamese = client.get("/api/v1/desk/dossiers/", {"tab": "khong-co"}, headers={"Accept-Language": "vi"})

    assert english.status_code == 400 and "tab" in english.json()["errors"]
    assert english.json()["detail"] == "The data sent is invalid."
    assert vietnamese.json()["detail"] == "Dữ liệu gửi lên không hợp lệ."


@pytest.mark.django_db
def test_intake_accept_with_a_mandatory_document_missing_is_a_400_naming_it(
    client, desk_a, procedure_a, frozen
):
    client.force_login(desk_a)
    first = procedure_a.documents.order_by("order").first()

    response = post_json(client, body(procedure_a, documents=[first.pk]))

    assert response.status_code == 400
    assert "«Giấy chứng sinh»" in " ".join(response.json()["errors"]["documents"])
    assert not Dossier.objects.exists()
