"""Deadline reminders to the leaders (and the handler) of the competent agency, once a day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command

from motcua.dossiers import workflow
from motcua.dossiers.tests.conftest import local, make_official
from motcua.notifications.models import Audience, DeliveryStatus, Notification
from motcua.notifications.reminders import send_deadline_reminders
from motcua.units.models import Membership, Role

pytestmark = pytest.mark.django_db

# Accepted on Tue 10 March 2026 09:00 with a 3-working-day limit: due Fri 13 March 17:00.
THURSDAY = local(2026, 3, 12, 7, 30)


@pytest.fixture
def leaders(leader_a, ward_a, ward_b):
    leader_a.email = "lanhdao.kimlien@example.vn"
    leader_a.save()
    other_ward = make_official(ward_b[0], Role.LEADER)
    other_ward.email = "lanhdao.trungtu@example.vn"
    other_ward.save()
    former = make_official(ward_a[0], Role.LEADER)
    former.email = "nguyen.lanhdao.cu@example.vn"
    former.save()
    Membership.objects.filter(user=former).update(valid_to=dt.date(2026, 1, 1))
    return leader_a


@pytest.fixture
def due_friday(accepted_dossier, procedure_a, desk_a):
    dossier = accepted_dossier(procedure_a, desk_a)
    assert dossier.due_at == local(2026, 3, 13, 17, 0)
    return dossier


def _reminder_recipients():
    return sorted(m.to[0] for m in mail.outbox)


def test_leader_of_the_competent_agency_is_reminded_the_working_day_before(
    due_friday, leaders, run_jobs
):
    mail.outbox.clear()
    with run_jobs():
        report = send_deadline_reminders(now=THURSDAY)
    assert report.due_soon == [due_friday] and report.overdue == []
    assert _reminder_recipients() == ["lanhdao.kimlien@example.vn"]
    (email,) = mail.outbox
    assert due_friday.code in email.subject and "17:00 13/03/2026" in email.subject
    assert f"/motcua/ho-so/{due_friday.pk}/" in email.body
    row = Notification.objects.get(kind="reminder_due_soon")
    assert row.audience == Audience.OFFICIAL and row.user == leaders
    assert row.status == DeliveryStatus.SENT


def test_no_reminder_two_working_days_ahead(due_friday, leaders, run_jobs):
    with run_jobs():
        report = send_deadline_reminders(now=local(2026, 3, 11, 7, 30))
    assert report.due_soon == [] and mail.outbox == []


def test_reminders_are_sent_once_per_dossier_and_day(due_friday, leaders, run_jobs):
    mail.outbox.clear()
    with run_jobs():
        first = send_deadline_reminders(now=THURSDAY)
    with run_jobs():
        again = send_deadline_reminders(now=THURSDAY + dt.timedelta(hours=3))
    assert (first.queued, again.queued) == (1, 0)
    assert len(mail.outbox) == 1
    with run_jobs():
        next_day = send_deadline_reminders(now=THURSDAY + dt.timedelta(days=1))
    assert next_day.queued == 1 and len(mail.outbox) == 2


def test_overdue_dossiers_are_on_the_will_be_late_list_and_ask_for_an_apology(
    due_friday, leaders, run_jobs
):
    mail.outbox.clear()
    with run_jobs():
        report = send_deadline_reminders(now=local(2026, 3, 16, 7, 30))
    assert report.overdue == [due_friday] and report.due_soon == []
    (email,) = mail.outbox
    assert "Quá hạn" in email.subject
    assert "xin lỗi" in email.body


def test_dossiers_whose_clock_stopped_are_not_reminded(
    due_friday, leaders, specialist_a, run_jobs, frozen
):
    workflow.start_step(due_friday, by=specialist_a, expected_version=due_friday.version)
    workflow.request_supplement(
        due_friday,
        by=specialist_a,
        expected_version=due_friday.version,
        missing_items=["Giấy chứng sinh"],
    )
    mail.outbox.clear()
    with run_jobs():
        report = send_deadline_reminders(now=THURSDAY)
    assert report.due_soon == [] and mail.outbox == []


def test_the_assigned_handler_is_reminded_too(
    due_friday, leaders, specialist_a, run_jobs, monkeypatch
):
    """Where the workflow records an assignee (issue 5), they get the reminder as well."""
    from motcua.notifications import reminders

    specialist_a.email = "chuyenvien@example.vn"
    specialist_a.save()
    monkeypatch.setattr(reminders, "_handler", lambda dossier: specialist_a)
    mail.outbox.clear()
    with run_jobs():
        send_deadline_reminders(now=THURSDAY)
    assert _reminder_recipients() == ["chuyenvien@example.vn", "lanhdao.kimlien@example.vn"]


def test_send_reminders_command_lists_due_and_overdue_dossiers(
    due_friday, leaders, frozen, run_jobs
):
    frozen.set(local(2026, 3, 16, 7, 30))
    out = io.StringIO()
    with run_jobs():
        call_command("send_reminders", stdout=out)
    text = out.getvalue()
    assert "quá hạn (sẽ trả muộn): 1" in text
    assert due_friday.code in text
    assert "Thư nhắc đã xếp hàng gửi: 1" in text


def test_the_periodic_task_is_scheduled_in_celery_beat():
    from motcua.celery import app
    from motcua.notifications import tasks

    entry = app.conf.beat_schedule["deadline-reminders"]
    assert entry["task"] == tasks.send_deadline_reminders.name


def test_an_apologised_dossier_is_reminded_against_its_new_appointment(
    due_friday, leaders, leader_a, run_jobs, frozen
):
    frozen.set(local(2026, 3, 13, 9, 0))
    workflow.apologise(
        due_friday,
        by=leader_a,
        expected_version=due_friday.version,
        reason="Chờ xác minh",
        new_due_at=local(2026, 3, 20, 17, 0),
    )
    mail.outbox.clear()
    with run_jobs():
        report = send_deadline_reminders(now=local(2026, 3, 16, 7, 30))
    assert report.overdue == [] and report.due_soon == []
    with run_jobs():
        report = send_deadline_reminders(now=local(2026, 3, 19, 7, 30))
    assert report.due_soon == [due_friday]
