"""Answering a supplement request online: exactly the items asked for, files and resubmission
in one transaction, the clock restarting, and a double click changing nothing."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.desk.tests.conftest import local
from motcua.dossiers import workflow
from motcua.dossiers.errors import TransitionNotAllowed
from motcua.dossiers.models import Status
from motcua.portal.models import AttachedDocument, AttachmentPurpose, Upload
from motcua.portal.tests.following_fixtures import *  # noqa: F403
from motcua.portal.tests.following_fixtures import png_file

pytestmark = pytest.mark.django_db


def url(dossier) -> str:
    return f"/dich-vu-cong/ho-so/{dossier.pk}/bo-sung/"


def form_values(client, dossier) -> dict:
    html = client.get(url(dossier)).content.decode()
    token = html.split('name="token" value="')[1].split('"')[0]
    return {"expected_version": str(dossier.version), "token": token}


def test_supplement_page_lists_exactly_the_items_asked_for(client, owner, waiting_supplement):
    client.force_login(owner)
    response = client.get(url(waiting_supplement))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_item_0">1. Bản sao Giấy chứng sinh</label>' in html
    assert '<label for="id_item_1">2. Giấy xác nhận cư trú</label>' in html
    assert 'name="item_2"' not in html
    assert "Giấy chứng sinh bị mờ" in html
    assert "nội bộ" not in html  # the official's note stays internal


def test_supplement_page_is_not_found_for_others_and_asks_anonymous_to_log_in(
    client, other_citizen, desk_a, specialist_a, waiting_supplement
):
    assert client.get(url(waiting_supplement)).status_code == 302
    for user in (other_citizen, desk_a, specialist_a):
        client.force_login(user)
        assert client.get(url(waiting_supplement)).status_code == 404
        assert client.post(url(waiting_supplement), {"expected_version": "1"}).status_code == 404
    assert waiting_supplement.status == Status.WAITING_SUPPLEMENT


def test_answering_attaches_files_as_this_round_and_restarts_the_clock(client, owner, waiting_supplement, frozen):
    old_due = waiting_supplement.due_at
    client.force_login(owner)
    values = form_values(client, waiting_supplement)
    frozen.set(local(2026, 3, 12, 14, 0))
    response = client.post(
        url(waiting_supplement),
        {**values, "item_0": png_file("giay-chung-sinh.png", 1), "item_1": png_file("cu-tru.png", 2), "note": "Đã gửi bản rõ"},
    )
    assert response.status_code == 302
    waiting_supplement.refresh_from_db()
    assert waiting_supplement.status == Status.IN_PROCESSING
    assert waiting_supplement.clock_started_at == local(2026, 3, 12, 14, 0)
    assert waiting_supplement.due_at > old_due
    attached = AttachedDocument.objects.filter(application__dossier=waiting_supplement)
    assert sorted(attached.values_list("label", "purpose", "supplement_round")) == [
        ("Bản sao Giấy chứng sinh", AttachmentPurpose.SUPPLEMENT, 1),
        ("Giấy xác nhận cư trú", AttachmentPurpose.SUPPLEMENT, 1),
    ]
    page = client.get(response["Location"]).content.decode()
    due = timezone.localtime(waiting_supplement.due_at).strftime("%d/%m/%Y %H:%M")
    assert f"Hẹn trả kết quả mới: {due}." in page
    assert "cu-tru.png" in page  # listed among the documents sent


def test_a_second_submission_of_the_same_form_shows_the_result_not_an_error(client, owner, waiting_supplement):
    client.force_login(owner)
    values = form_values(client, waiting_supplement)
    first = client.post(url(waiting_supplement), {**values, "item_0": png_file(seed=3)})
    second = client.post(url(waiting_supplement), {**values, "item_0": png_file(seed=3)})
    assert first.status_code == second.status_code == 302
    assert second["Location"] == f"/dich-vu-cong/ho-so/{waiting_supplement.pk}/"
    assert AttachedDocument.objects.filter(application__dossier=waiting_supplement).count() == 1
    page = client.get(second["Location"]).content.decode()
    assert "Hồ sơ bổ sung của bạn đã được gửi" in page


def test_a_resent_form_without_the_session_token_finds_the_first_result(client, owner, waiting_supplement):
    client.force_login(owner)
    values = form_values(client, waiting_supplement)
    client.post(url(waiting_supplement), {**values, "item_0": png_file(seed=4)})
    resent = client.post(url(waiting_supplement), {"expected_version": values["expected_version"], "item_0": png_file(seed=4)})
    assert resent.status_code == 302
    assert AttachedDocument.objects.filter(application__dossier=waiting_supplement).count() == 1


def test_a_renamed_executable_is_refused_and_nothing_is_attached(client, owner, waiting_supplement):
    client.force_login(owner)
    values = form_values(client, waiting_supplement)
    fake = SimpleUploadedFile("giay-chung-sinh.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")
    response = client.post(url(waiting_supplement), {**values, "item_0": png_file(seed=5), "item_1": fake})
    assert response.status_code == 400
    assert "không phải PDF, JPEG hoặc PNG" in response.content.decode()
    waiting_supplement.refresh_from_db()
    assert waiting_supplement.status == Status.WAITING_SUPPLEMENT
    assert not AttachedDocument.objects.filter(application__dossier=waiting_supplement).exists()
    assert not Upload.objects.filter(owner=owner).exists()


def test_a_workflow_failure_leaves_no_attachment_and_no_stored_file(client, owner, waiting_supplement, monkeypatch):
    client.force_login(owner)
    values = form_values(client, waiting_supplement)
    saved = []
    original_save = default_storage.save
    monkeypatch.setattr(default_storage, "save", lambda name, content, **kw: saved.append(original_save(name, content, **kw)) or saved[-1])

    def refuse(*args, **kwargs):
        raise TransitionNotAllowed("Không thể nhận hồ sơ bổ sung lúc này.")

    monkeypatch.setattr(workflow, "resubmit", refuse)
    response = client.post(url(waiting_supplement), {**values, "item_0": png_file(seed=6)})
    assert response.status_code == 302
    assert not AttachedDocument.objects.exists()
    assert not Upload.objects.exists()
    assert saved and not any(default_storage.exists(name) for name in saved)
    page = client.get(response["Location"]).content.decode()
    assert "Không thể nhận hồ sơ bổ sung lúc này." in page


def test_sending_nothing_asks_for_the_files(client, owner, waiting_supplement):
    client.force_login(owner)
    values = form_values(client, waiting_supplement)
    response = client.post(url(waiting_supplement), values)
    assert response.status_code == 400
    assert "Vui lòng gửi tệp" in response.content.decode()
    waiting_supplement.refresh_from_db()
    assert waiting_supplement.status == Status.WAITING_SUPPLEMENT


def test_supplement_page_of_a_dossier_not_waiting_explains_and_returns_to_it(client, owner, received):
    client.force_login(owner)
    response = client.get(url(received), follow=True)
    assert response.redirect_chain[-1][0] == f"/dich-vu-cong/ho-so/{received.pk}/"
    assert "không cần nộp bổ sung" in response.content.decode()


def test_supplement_before_acceptance_sends_the_dossier_back_to_the_desk(client, owner, online_dossier, procedure_a, desk_a):
    dossier = online_dossier(procedure_a)
    workflow.request_supplement(dossier, by=desk_a, expected_version=dossier.version, missing_items=["Tờ khai có chữ ký"])
    client.force_login(owner)
    values = form_values(client, dossier)
    client.post(url(dossier), {**values, "item_0": png_file(seed=7)})
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED
    assert AttachedDocument.objects.get(application__dossier=dossier).supplement_round == 1
