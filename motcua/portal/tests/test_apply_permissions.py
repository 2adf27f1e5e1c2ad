"""Who may open what: anonymous → login, another citizen → 404, official → only files of
dossiers in their scope; and submission is idempotent, all-or-nothing."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from motcua.dossiers import workflow
from motcua.dossiers.models import Dossier, Status
from motcua.portal.middleware import RequestSizeGuardMiddleware
from motcua.portal.models import AttachedDocument, OnlineApplication

from .apply_fixtures import *  # noqa: F403 (fixtures)
from .apply_fixtures import VALID_POST, pdf_file

pytestmark = pytest.mark.django_db


@pytest.fixture
def ready(client, citizen, procedure, wards):
    """A complete draft of ``citizen`` with its birth certificate attached."""
    client.force_login(citizen)
    client.post(reverse("portal:apply_start", kwargs={"code": procedure.code}), {"agency": wards[0].pk, "for": "self", "token": "k"})
    dossier = Dossier.objects.get()
    client.post(reverse("portal:apply_draft", kwargs={"pk": dossier.pk}), {**VALID_POST, "_action": "save"})
    birth = procedure.documents.get(name="Giấy chứng sinh")
    client.post(reverse("portal:apply_upload", kwargs={"pk": dossier.pk}), {"document": birth.pk, "files": [pdf_file()]})
    client.logout()
    return dossier


def submit_post(client, dossier, token="s-1", **extra):
    values = {"token": token, "result_channel": "desk", "commitment": "yes", **extra}
    return client.post(reverse("portal:apply_review", kwargs={"pk": dossier.pk}), values)


def draft_urls(dossier):
    return [
        reverse("portal:apply_draft", kwargs={"pk": dossier.pk}),
        reverse("portal:apply_review", kwargs={"pk": dossier.pk}),
        reverse("portal:apply_done", kwargs={"pk": dossier.pk}),
    ]


def test_anonymous_is_sent_to_login_for_every_page(client, ready):
    attachment = AttachedDocument.objects.get()
    urls = draft_urls(ready) + [reverse("portal:upload_file", kwargs={"pk": attachment.upload_id})]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith("/accounts/login/"), url
    response = client.post(reverse("portal:apply_upload", kwargs={"pk": ready.pk}))
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_another_citizen_gets_404_everywhere(client, ready, other_citizen):
    client.force_login(other_citizen)
    attachment = AttachedDocument.objects.get()
    for url in draft_urls(ready) + [reverse("portal:upload_file", kwargs={"pk": attachment.upload_id})]:
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("portal:apply_draft", kwargs={"pk": ready.pk}), {"_action": "save"}).status_code == 404
    assert client.post(reverse("portal:apply_upload", kwargs={"pk": ready.pk}), {"files": [pdf_file()]}).status_code == 404
    assert client.post(reverse("portal:apply_detach", kwargs={"pk": ready.pk, "attachment_pk": attachment.pk})).status_code == 404
    assert submit_post(client, ready).status_code == 404
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT
    assert AttachedDocument.objects.count() == 1


def test_forged_draft_id_is_404(client, citizen, ready):
    client.force_login(citizen)
    assert client.get(reverse("portal:apply_draft", kwargs={"pk": ready.pk + 1000})).status_code == 404
    assert client.get("/dich-vu-cong/ho-so-nhap/abc/").status_code == 404


def test_a_desk_dossier_of_the_same_person_is_not_a_draft_page(client, citizen, ready):
    paper = Dossier.objects.create(procedure=ready.procedure, receiving_agency=ready.receiving_agency,
                                   competent_agency=ready.competent_agency, applicant=citizen, channel="desk")
    client.force_login(citizen)
    assert client.get(reverse("portal:apply_draft", kwargs={"pk": paper.pk})).status_code == 404


def test_owner_opens_their_file_with_a_content_disposition(client, citizen, ready):
    client.force_login(citizen)
    attachment = AttachedDocument.objects.get()
    response = client.get(reverse("portal:upload_file", kwargs={"pk": attachment.upload_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="giay-chung-sinh.pdf"' in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_official_sees_files_of_a_submitted_dossier_in_scope_only(client, citizen, ready, official, official_elsewhere):
    upload_url = reverse("portal:upload_file", kwargs={"pk": AttachedDocument.objects.get().upload_id})
    client.force_login(official)
    assert client.get(upload_url).status_code == 404  # still a draft: not the desk's business yet
    client.force_login(citizen)
    assert submit_post(client, ready).status_code == 302
    client.force_login(official)
    assert client.get(upload_url).status_code == 200
    client.force_login(official_elsewhere)
    assert client.get(upload_url).status_code == 404
    # An official never opens the applicant's draft pages.
    client.force_login(official)
    assert client.get(reverse("portal:apply_review", kwargs={"pk": ready.pk})).status_code == 404


def test_double_submit_makes_one_submitted_dossier(client, citizen, ready):
    client.force_login(citizen)
    first = submit_post(client, ready, token="same")
    second = submit_post(client, ready, token="same")
    assert first.status_code == second.status_code == 302
    assert first.url == second.url
    ready.refresh_from_db()
    assert ready.status == Status.SUBMITTED
    assert Dossier.objects.count() == 1
    assert ready.audit_events.filter(action="submit").count() == 1


def test_submitting_an_already_submitted_dossier_lands_on_it_without_error(client, citizen, ready):
    client.force_login(citizen)
    submit_post(client, ready, token="one")
    response = submit_post(client, ready, token="two")
    assert response.status_code == 302
    assert response.url == reverse("portal:apply_done", kwargs={"pk": ready.pk})
    assert client.get(reverse("portal:apply_draft", kwargs={"pk": ready.pk})).status_code == 302
    assert ready.audit_events.filter(action="submit").count() == 1


def test_incomplete_dossier_is_not_submitted_and_missing_documents_are_flagged(client, citizen, ready):
    AttachedDocument.objects.all().delete()
    client.force_login(citizen)
    page = client.get(reverse("portal:apply_review", kwargs={"pk": ready.pk})).content.decode()
    assert "THIẾU" in page
    assert "thay bằng tờ khai điện tử" in page  # the e-form is the "Tờ khai"
    response = submit_post(client, ready)
    assert response.status_code == 400
    assert "Hồ sơ chưa đầy đủ" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT
    assert OnlineApplication.objects.get().submit_key is None


def test_review_shows_fees_and_the_total(client, citizen, ready):
    client.force_login(citizen)
    page = client.get(reverse("portal:apply_review", kwargs={"pk": ready.pk})).content.decode()
    assert "Phí cấp bản sao trích lục" in page
    assert "11.000 đồng" in page


def test_commitment_is_required(client, citizen, ready):
    client.force_login(citizen)
    response = client.post(reverse("portal:apply_review", kwargs={"pk": ready.pk}), {"token": "x", "result_channel": "desk"})
    assert response.status_code == 400
    assert "cam đoan" in response.content.decode()


def test_procedure_withdrawn_from_online_before_submission_gets_a_message(client, citizen, ready):
    ready.procedure.channel_online = False
    ready.procedure.save()
    client.force_login(citizen)
    response = submit_post(client, ready)
    assert response.status_code == 400
    assert "không nhận hồ sơ trực tuyến" in response.content.decode()
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT


def test_unverified_account_keeps_the_draft_but_cannot_submit(client, citizen, ready):
    citizen.email_verified_at = None
    citizen.save()
    client.force_login(citizen)
    response = submit_post(client, ready)
    assert response.status_code == 400
    assert "chưa được xác thực" in response.content.decode()


def test_workflow_failure_leaves_nothing_half_written(client, citizen, ready, monkeypatch):
    def broken(*args, **kwargs):
        raise workflow.TransitionNotAllowed("không được")

    client.force_login(citizen)
    from motcua.portal import drafts

    monkeypatch.setattr(drafts.workflow, "submit", broken)
    with pytest.raises(workflow.TransitionNotAllowed):
        submit_post(client, ready)
    assert OnlineApplication.objects.get().submit_key is None
    ready.refresh_from_db()
    assert ready.status == Status.DRAFT


def test_huge_body_gets_a_vietnamese_413_without_being_read(rf):
    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body must not be read")

        readline = read

    request = rf.post("/dich-vu-cong/ho-so-nhap/1/tep/", data=b"", content_type="multipart/form-data; boundary=x")
    request.META["CONTENT_LENGTH"] = str(200 * 1024 * 1024)
    request.META["wsgi.input"] = Unreadable()
    request._stream = Unreadable()
    guard = RequestSizeGuardMiddleware(lambda r: pytest.fail("the view must not run"))
    response = guard(request)
    assert response.status_code == 413
    page = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn" in page and "60 MB" in page
    assert '<html lang="vi">' in page


@override_settings(MOTCUA_MAX_REQUEST_BYTES=1000)
def test_request_limit_is_a_setting_and_the_api_gets_json(rf):
    guard = RequestSizeGuardMiddleware(lambda r: None)
    request = rf.post("/api/v1/applications/1/attachments/", data=b"x" * 2000, content_type="application/octet-stream")
    response = guard(request)
    assert response.status_code == 413
    assert json.loads(response.content)["code"] == "request_too_large"
    small = rf.post("/dich-vu-cong/", data=b"x" * 10, content_type="application/octet-stream")
    assert guard(small) is None


def test_autosave_after_submission_answers_409_and_changes_nothing(client, citizen, ready):
    client.force_login(citizen)
    submit_post(client, ready)
    before = OnlineApplication.objects.get().form_data
    response = client.post(reverse("portal:apply_draft", kwargs={"pk": ready.pk}), {"child.full_name": "Khác", "_action": "autosave"}, HTTP_X_AUTOSAVE="1")
    assert response.status_code == 409
    assert OnlineApplication.objects.get().form_data == before


def test_file_of_a_removed_attachment_stays_the_owners_only(client, citizen, other_citizen, ready):
    upload_id = AttachedDocument.objects.get().upload_id
    AttachedDocument.objects.all().delete()
    client.force_login(other_citizen)
    assert client.get(reverse("portal:upload_file", kwargs={"pk": upload_id})).status_code == 404
    client.force_login(citizen)
    assert client.get(reverse("portal:upload_file", kwargs={"pk": upload_id})).status_code == 200
