"""Drafts: saved whatever was typed, errors next to fields, rows added and removed without JS,
files attached, reused and removed, and bad input answered in Vietnamese."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.dossiers.models import Dossier
from motcua.portal.models import AttachedDocument, OnlineApplication, Upload
from motcua.portal.uploads import store_upload

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import VALID_POST, pdf_file, png_file
from .bomb import bomb_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossier(client, citizen, procedure, wards):
    client.force_login(citizen)
    client.post(reverse("portal:apply_start", kwargs={"code": procedure.code}),
                {"agency": wards[0].pk, "for": "self", "token": "k"})
    return Dossier.objects.get()


def url(name, dossier, **kwargs):
    return reverse(f"portal:{name}", kwargs={"pk": dossier.pk, **kwargs})


def test_save_keeps_invalid_input_in_the_database(client, dossier):
    response = client.post(url("apply_draft", dossier), {"child.full_name": "An", "copies_requested": "hai", "_action": "save"})
    assert response.status_code == 302
    data = OnlineApplication.objects.get(dossier=dossier).form_data
    assert data["child"]["full_name"] == "An"
    assert data["copies_requested"] == "hai"
    page = client.get(response.url).content.decode()
    assert "Đã lưu nháp" in page
    assert 'value="An"' in page


def test_autosave_answers_json_and_stores_the_draft(client, dossier):
    response = client.post(url("apply_draft", dossier), {"child.hometown": "Nam Định", "_action": "autosave"}, HTTP_X_AUTOSAVE="1")
    assert response.status_code == 200
    assert response.json()["saved"] is True
    assert OnlineApplication.objects.get(dossier=dossier).form_data["child"]["hometown"] == "Nam Định"


def test_continue_with_wrong_values_shows_messages_next_to_fields_and_keeps_input(client, dossier):
    values = {**VALID_POST, "applicant.id_number": "12-34", "child.date_of_birth": "2026-02-30", "_action": "review"}
    response = client.post(url("apply_draft", dossier), values)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tờ khai còn thông tin thiếu hoặc chưa đúng" in page
    assert 'id="f-applicant-id_number-errors"' in page
    assert "Không đúng định dạng" in page
    assert 'value="12-34"' in page
    assert 'aria-invalid="true"' in page


def test_add_a_row_button_renders_one_more_row_and_remove_drops_one(client, dossier):
    base = {**VALID_POST, "attachments.1.kind": "Sổ hộ khẩu hoặc sổ tạm trú", "attachments.1.file_name": "ho-khau.pdf",
            "__rows__.attachments": "2"}
    page = client.post(url("apply_draft", dossier), {**base, "_action": "add:attachments"}).content.decode()
    assert 'name="attachments.2.kind"' in page
    assert 'name="__rows__.attachments" value="3"' in page
    page = client.post(url("apply_draft", dossier), {**base, "_action": "remove:attachments:0"}).content.decode()
    assert 'name="attachments.1.kind"' not in page
    rows = OnlineApplication.objects.get(dossier=dossier).form_data["attachments"]
    assert rows == [{"kind": "Sổ hộ khẩu hoặc sổ tạm trú", "file_name": "ho-khau.pdf"}]


def test_uploading_a_file_attaches_it_to_the_required_document(client, dossier, procedure):
    birth = procedure.documents.get(name="Giấy chứng sinh")
    response = client.post(url("apply_upload", dossier), {"document": birth.pk, "files": [pdf_file(), png_file()]})
    assert response.status_code == 302
    assert AttachedDocument.objects.filter(required_document=birth).count() == 2
    page = client.get(url("apply_draft", dossier)).content.decode()
    assert "giay-chung-sinh.pdf" in page and "anh.png" in page


def test_renamed_exe_is_refused_with_a_message_and_nothing_stored(client, dossier, procedure):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("giay-chung-sinh.pdf", b"MZ\x90\x00" + b"\x00" * 500, content_type="application/pdf")
    response = client.post(url("apply_upload", dossier), {"document": procedure.documents.first().pk, "files": [exe]}, follow=True)
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    assert not Upload.objects.exists() and not AttachedDocument.objects.exists()


def test_image_bomb_is_refused_with_a_message(client, dossier, procedure):
    response = client.post(url("apply_upload", dossier), {"document": procedure.documents.first().pk, "files": [bomb_file()]}, follow=True)
    assert "kích thước điểm ảnh quá lớn" in response.content.decode()
    assert not Upload.objects.exists()


def test_dossier_total_limit_is_enforced(client, dossier, procedure, settings):
    settings.MOTCUA_MAX_DOSSIER_BYTES = 3000
    document = procedure.documents.first()
    client.post(url("apply_upload", dossier), {"document": document.pk, "files": [pdf_file(size=2000)]})
    response = client.post(url("apply_upload", dossier), {"document": document.pk, "files": [pdf_file("b.pdf", size=2500)]}, follow=True)
    assert "Tổng dung lượng các tệp của một hồ sơ" in response.content.decode()
    assert AttachedDocument.objects.count() == 1


def test_an_earlier_upload_can_be_reused_and_a_file_removed(client, citizen, dossier, procedure):
    earlier = store_upload(citizen, pdf_file("cmnd-cu.pdf"))
    page = client.get(url("apply_draft", dossier)).content.decode()
    assert "cmnd-cu.pdf" in page and "Hoặc dùng lại tệp đã tải lên trước đây" in page
    document = procedure.documents.get(name="Giấy chứng sinh")
    client.post(url("apply_upload", dossier), {"document": document.pk, "reuse": [earlier.pk]})
    attachment = AttachedDocument.objects.get(upload=earlier)
    client.post(url("apply_detach", dossier, attachment_pk=attachment.pk))
    assert not AttachedDocument.objects.exists()
    assert Upload.objects.filter(pk=earlier.pk).exists()  # still there for later dossiers


def test_another_citizens_upload_cannot_be_reused(client, other_citizen, dossier, procedure):
    theirs = store_upload(other_citizen, pdf_file("cua-nguoi-khac.pdf"))
    response = client.post(url("apply_upload", dossier), {"document": procedure.documents.first().pk, "reuse": [theirs.pk]}, follow=True)
    assert "Không tìm thấy tệp đã tải lên trước đây" in response.content.decode()
    assert not AttachedDocument.objects.exists()


def test_document_of_another_procedure_is_refused(client, dossier):
    response = client.post(url("apply_upload", dossier), {"document": "999999", "files": [pdf_file()]}, follow=True)
    assert "không thuộc thủ tục này" in response.content.decode()


def test_draft_list_of_earlier_uploads_does_not_grow_queries_with_rows(client, citizen, dossier, django_assert_max_num_queries):
    for n in range(3):
        store_upload(citizen, pdf_file(f"a{n}.pdf", size=100 + n))
    client.get(url("apply_draft", dossier))
    with django_assert_max_num_queries(30) as few:
        client.get(url("apply_draft", dossier))
    for n in range(12):
        store_upload(citizen, pdf_file(f"b{n}.pdf", size=300 + n))
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url("apply_draft", dossier))
