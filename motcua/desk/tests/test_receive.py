"""Receiving a walk-in or postal dossier: one outcome, one dossier, checked scans."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.desk.models import DeskIntake, ScannedFile
from motcua.desk.uploads import MAX_SCAN_BYTES
from motcua.dossiers.models import AuditEvent, Dossier

RECEIVE = reverse("desk:receive")
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def officer(client, desk_a, frozen):
    client.force_login(desk_a)
    return desk_a


def _form(client, procedure):
    response = client.get(RECEIVE, {"thu_tuc": procedure.pk})
    assert response.status_code == 200
    return response.context["form"]


def _post(client, procedure, form=None, **overrides):
    form = form or _form(client, procedure)
    data = {
        "form_key": form.initial["form_key"],
        "applicant_name": "Trần Thị Bích",
        "applicant_phone": "0912 345 678",
        "applicant_address": "Số 1 Phạm Ngọc Thạch, Kim Liên",
        "channel": "desk",
        "documents": [value for value, _label in form.fields["documents"].choices],
        "outcome": "accept",
        "confirmed": "on",
    }
    data.update(overrides)
    return client.post(f"{RECEIVE}?thu_tuc={procedure.pk}", data)


@pytest.mark.django_db
def test_walk_in_dossier_is_accepted_with_code_and_due_date(client, officer, procedure_a, ward_a):
    response = _post(client, procedure_a)

    dossier = Dossier.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "desk:detail", args=[dossier.pk]
    )
    assert dossier.status == "received"
    assert dossier.channel == "desk"
    assert dossier.code.startswith(f"{ward_a[1].code}-260310-")
    assert dossier.receiving_agency == ward_a[1] and dossier.competent_agency == ward_a[0]
    assert dossier.due_at is not None
    page = client.get(response["Location"]).content.decode()
    assert dossier.code in page and "13/03/2026" in page
    assert f"/van-ban/ho-so/{dossier.pk}/receipt.pdf" in page
    intake = DeskIntake.objects.get(dossier=dossier)
    assert [d["name"] for d in intake.documents_received] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
    ]
    assert intake.applicant_phone == "0912 345 678"


@pytest.mark.django_db
def test_supplement_request_lists_the_unticked_documents_at_once(client, officer, procedure_a):
    form = _form(client, procedure_a)
    first_doc = form.fields["documents"].choices[0][0]
    _post(client, procedure_a, form, documents=[first_doc], outcome="request_supplement")

    dossier = Dossier.objects.get()
    assert dossier.status == "waiting_supplement" and not dossier.code
    event = AuditEvent.objects.get(dossier=dossier, action="request_supplement")
    assert event.details["missing_items"] == ["Giấy chứng sinh"]


@pytest.mark.django_db
def test_refusal_needs_a_reason_and_then_records_it(client, officer, procedure_a):
    form = _form(client, procedure_a)
    without = _post(client, procedure_a, form, outcome="refuse")
    assert without.status_code == 400
    assert "Vui lòng nhập lý do." in without.content.decode()
    assert not Dossier.objects.exists()

    _post(client, procedure_a, form, outcome="refuse", reason="Không thuộc đối tượng đăng ký")
    dossier = Dossier.objects.get()
    assert dossier.status == "refused"
    assert AuditEvent.objects.get(dossier=dossier, action="refuse").details["reason"] == (
        "Không thuộc đối tượng đăng ký"
    )


@pytest.mark.django_db
def test_guiding_to_another_agency_closes_the_dossier_with_the_agency_named(
    client, officer, procedure_a
):
    _post(
        client,
        procedure_a,
        outcome="redirect",
        reason="Thuộc thẩm quyền cấp quận",
        to_agency_name="Ủy ban nhân dân quận Đống Đa",
    )
    dossier = Dossier.objects.get()
    assert dossier.status == "closed"
    event = AuditEvent.objects.get(dossier=dossier, action="redirect")
    assert event.details["to_agency_name"] == "Ủy ban nhân dân quận Đống Đa"


@pytest.mark.django_db
def test_submitting_the_same_form_twice_creates_one_dossier(client, officer, procedure_a):
    form = _form(client, procedure_a)
    first = _post(client, procedure_a, form)
    second = _post(client, procedure_a, form)

    assert Dossier.objects.count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    followed = client.get(second["Location"])
    assert "Biểu mẫu này đã được gửi trước đó" in followed.content.decode()


@pytest.mark.django_db
def test_pdf_scan_is_stored_with_the_dossier(client, officer, procedure_a):
    _post(client, procedure_a, scans=[SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")])
    scan = ScannedFile.objects.get()
    assert scan.content_type == "application/pdf" and scan.original_name == "to-khai.pdf"
    assert scan.file.read() == PDF
    page = client.get(reverse("desk:detail", args=[scan.intake.dossier_id])).content.decode()
    assert "to-khai.pdf" in page


@pytest.mark.django_db
def test_file_that_is_not_a_scan_is_refused_in_vietnamese(client, officer, procedure_a):
    fake = SimpleUploadedFile("giay-chung-sinh.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    response = _post(client, procedure_a, scans=[fake])
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_scan_larger_than_20_mb_is_refused(client, officer, procedure_a):
    big = SimpleUploadedFile("to-khai.pdf", PDF + b"0" * MAX_SCAN_BYTES, "application/pdf")
    response = _post(client, procedure_a, scans=[big])
    assert "lớn hơn 20 MB" in response.content.decode()
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_refused_receipt_leaves_no_scan_file_behind(client, officer, procedure_a, tmp_path, monkeypatch):
    # The scan is written to storage before the workflow acts; when the workflow refuses (here
    # a dossier changed under the officer), the rollback removes the row, and the file must go
    # with it.
    from motcua.dossiers import workflow

    def refuse(*_args, **_kwargs):
        raise workflow.TransitionNotAllowed("Hồ sơ vừa được người khác xử lý.")

    monkeypatch.setattr(workflow, "accept", refuse)
    scan = SimpleUploadedFile("to-khai.pdf", PDF, "application/pdf")
    response = _post(client, procedure_a, scans=[scan])
    assert response.status_code == 400
    assert "vừa được người khác xử lý" in response.content.decode()
    assert not Dossier.objects.exists() and not ScannedFile.objects.exists()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


@pytest.mark.django_db
def test_procedure_of_another_ward_cannot_be_chosen(client, officer, procedure_a, procedure_b):
    choose = client.get(RECEIVE)
    assert procedure_a.name in choose.content.decode()
    assert procedure_b.name not in choose.content.decode()
    response = client.get(RECEIVE, {"thu_tuc": procedure_b.pk})
    assert response.status_code == 200
    assert "không thuộc cơ quan của bạn" in response.content.decode()
    assert client.get(RECEIVE, {"thu_tuc": "x' OR 1=1"}).status_code == 200


@pytest.mark.django_db
def test_specialist_cannot_receive_and_is_told_why_before_typing_anything(
    client, specialist_a, procedure_a, frozen
):
    client.force_login(specialist_a)
    form = client.get(RECEIVE, {"thu_tuc": procedure_a.pk})
    assert form.status_code == 403
    assert "Chỉ cán bộ bộ phận một cửa" in form.content.decode()
    assert "Tiếp nhận hồ sơ trực tiếp" not in client.get(reverse("desk:queue")).content.decode()
    forged = client.post(
        f"{RECEIVE}?thu_tuc={procedure_a.pk}",
        {"applicant_name": "Trần Thị Bích", "channel": "desk", "outcome": "accept"},
    )
    assert forged.status_code == 403
    assert not Dossier.objects.exists()


@pytest.mark.django_db
def test_acceptance_needs_every_mandatory_document_and_says_which_are_missing(
    client, officer, procedure_a
):
    form = _form(client, procedure_a)
    first_only = [form.fields["documents"].choices[0][0]]

    response = _post(client, procedure_a, form=form, documents=first_only)

    assert response.status_code == 400
    html = response.content.decode()
    assert "còn thiếu: «Giấy chứng sinh»" in html
    assert "Yêu cầu bổ sung, hoàn thiện hồ sơ" in html
    assert not Dossier.objects.exists()
    # The same dossier as a supplement request is fine: it lists what is missing.
    response = _post(client, procedure_a, form=form, documents=first_only, outcome="request_supplement")
    assert response.status_code == 302
    assert Dossier.objects.get().status == "waiting_supplement"


@pytest.mark.django_db
def test_the_page_asks_the_officer_to_confirm_before_recording_the_outcome(client, officer, procedure_a):
    form = client.get(RECEIVE, {"thu_tuc": procedure_a.pk}).content.decode()
    assert 'name="confirmed"' in form and "xác nhận kết quả kiểm tra" in form

    response = _post(client, procedure_a, confirmed="")

    assert response.status_code == 400
    assert "Vui lòng đánh dấu xác nhận trước khi ghi nhận hồ sơ." in response.content.decode()
    assert not Dossier.objects.exists()
