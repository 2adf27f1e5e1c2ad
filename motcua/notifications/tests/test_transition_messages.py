"""The applicant hears about every change that matters, by e-mail and SMS, after commit only."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.db import transaction

from motcua.dossiers import hooks, workflow
from motcua.dossiers.models import Channel as DossierChannel
from motcua.dossiers.models import Dossier
from motcua.notifications.messages import sms_segments
from motcua.notifications.models import Channel, DeliveryStatus, Notification
from motcua.portal.models import OnlineApplication

from .conftest import IDENTITY_NUMBER

pytestmark = pytest.mark.django_db


def test_accepting_a_dossier_emails_the_receipt_pdf_and_texts_the_due_date(
    online_dossier, procedure_a, desk_a, citizen, run_jobs
):
    dossier = online_dossier(procedure_a)
    mail.outbox.clear()
    with run_jobs():
        workflow.accept(dossier, by=desk_a, expected_version=dossier.version)

    email = next(m for m in mail.outbox if dossier.code in m.subject)
    assert email.to == ["anh.nguyen@example.vn"]
    assert "tiếp nhận" in email.subject
    assert "Hẹn trả kết quả" in email.body and dossier.code in email.body
    assert f"/dich-vu-cong/ho-so/{dossier.pk}/" in email.body
    ((name, content, mimetype),) = email.attachments
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    assert name == f"giay-tiep-nhan-{dossier.code}.pdf"

    sms = Notification.objects.get(dossier=dossier, kind="accept", channel=Channel.SMS)
    assert sms.status == DeliveryStatus.SENT and sms.attempts == 1
    assert dossier.code in sms.body
    assert sms.recipient == "091****678"
    sent_email = Notification.objects.get(dossier=dossier, kind="accept", channel=Channel.EMAIL)
    assert sent_email.status == DeliveryStatus.SENT and sent_email.sent_at is not None
    assert sent_email.recipient == "an********@example.vn"
    assert sent_email.user == citizen


def test_submitting_acknowledges_and_says_the_dossier_waits_for_the_desk(
    procedure_a, citizen, frozen, run_jobs
):
    agency = procedure_a.agencies.first()
    dossier = Dossier.objects.create(
        procedure=procedure_a,
        receiving_agency=agency,
        competent_agency=agency,
        applicant=citizen,
        channel=DossierChannel.ONLINE,
    )
    with run_jobs():
        workflow.submit(dossier, by=citizen, expected_version=dossier.version)
    (email,) = mail.outbox
    assert "chờ tiếp nhận" in email.subject
    assert "Bộ phận một cửa sẽ kiểm tra" in email.body
    assert not email.attachments


def test_supplement_request_lists_every_missing_item_and_links_to_the_answer_page(
    online_dossier, procedure_a, desk_a, run_jobs
):
    dossier = online_dossier(procedure_a)
    with run_jobs():
        workflow.request_supplement(
            dossier,
            by=desk_a,
            expected_version=dossier.version,
            missing_items=["Giấy chứng sinh (bản chính)", f"CCCD số {IDENTITY_NUMBER} bị mờ"],
        )
    (email,) = mail.outbox
    assert "- Giấy chứng sinh (bản chính)" in email.body
    assert f"/dich-vu-cong/ho-so/{dossier.pk}/bo-sung/" in email.body
    # An identity number quoted by the official does not leave the system in clear.
    assert IDENTITY_NUMBER not in email.body
    assert "0012****2345" in email.body


def test_online_application_contact_details_win_over_the_account(
    online_dossier, procedure_a, desk_a, run_jobs
):
    dossier = online_dossier(procedure_a)
    OnlineApplication.objects.create(
        dossier=dossier, contact_email="nguoi.than@example.vn", contact_phone="0987000111"
    )
    logger_records = []
    handler = logging.Handler()
    handler.emit = logger_records.append
    sms_logger = logging.getLogger("motcua.notifications.sms")
    sms_logger.addHandler(handler)
    sms_logger.setLevel(logging.INFO)
    try:
        with run_jobs():
            workflow.refuse(
                dossier, by=desk_a, expected_version=dossier.version, reason="Sai thẩm quyền"
            )
    finally:
        sms_logger.removeHandler(handler)
    (email,) = mail.outbox
    assert email.to == ["nguoi.than@example.vn"]
    assert "Lý do: Sai thẩm quyền" in email.body
    logged = [record.getMessage() for record in logger_records]
    assert any("098****111" in line for line in logged)
    assert not any("0987000111" in line for line in logged)


def test_a_transition_that_rolls_back_notifies_nobody(
    online_dossier, procedure_a, desk_a, run_jobs
):
    dossier = online_dossier(procedure_a)
    with run_jobs() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            workflow.accept(dossier, by=desk_a, expected_version=dossier.version)
            raise RuntimeError("the request failed after the transition")
    assert callbacks == []
    assert not Notification.objects.filter(kind="accept").exists()
    assert mail.outbox == []


def test_a_failing_in_transaction_hook_rolls_back_and_notifies_nobody(
    online_dossier, procedure_a, desk_a, run_jobs, monkeypatch
):
    dossier = online_dossier(procedure_a)

    def broken(record):
        raise RuntimeError("control sheet could not be written")

    monkeypatch.setattr(hooks, "in_transaction", [broken])
    with run_jobs(), pytest.raises(RuntimeError):
        workflow.accept(dossier, by=desk_a, expected_version=dossier.version)
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_internal_step_actions_do_not_bother_the_applicant(
    accepted_dossier, procedure_a, desk_a, specialist_a, run_jobs
):
    dossier = accepted_dossier(procedure_a, desk_a)
    with run_jobs():
        workflow.start_step(dossier, by=specialist_a, expected_version=dossier.version)
    assert not Notification.objects.filter(dossier=dossier).exists()


def test_the_same_transition_hook_run_twice_sends_once(
    online_dossier, procedure_a, desk_a, run_jobs
):
    from motcua.notifications.dispatch import notify_transition

    dossier = online_dossier(procedure_a)
    records = []
    with run_jobs():
        hooks.on_transition.append(records.append)
        try:
            workflow.accept(dossier, by=desk_a, expected_version=dossier.version)
        finally:
            hooks.on_transition.remove(records.append)
    with run_jobs():
        assert notify_transition(records[0]) == []
    assert Notification.objects.filter(dossier=dossier, kind="accept").count() == 2  # e-mail, SMS
    assert len([m for m in mail.outbox if "tiếp nhận" in m.subject]) == 1


def test_walk_in_applicant_without_account_gets_a_short_sms_at_the_desk_phone(
    procedure_a, desk_a, frozen, run_jobs
):
    from motcua.desk.models import DeskIntake

    agency = procedure_a.agencies.first()
    dossier = Dossier.objects.create(
        procedure=procedure_a,
        receiving_agency=agency,
        competent_agency=agency,
        applicant_name="Trần Văn Bình",
        channel=DossierChannel.DESK,
    )
    DeskIntake.objects.create(key="k1", dossier=dossier, applicant_phone="0901234567")
    workflow.submit(dossier, by=desk_a, expected_version=dossier.version)
    with run_jobs():
        workflow.accept(dossier, by=desk_a, expected_version=dossier.version)
    sms = Notification.objects.get(dossier=dossier, kind="accept")
    assert sms.channel == Channel.SMS and sms.status == DeliveryStatus.SENT
    assert sms.user is None
    assert dossier.code in sms.body and "13/03/2026" in sms.body
    # The lookup link (code and secret) would need a third segment: it is on the paper receipt.
    assert sms_segments(sms.body) <= 2
    assert "Bình" not in sms.body
