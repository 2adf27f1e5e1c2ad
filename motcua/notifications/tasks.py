"""Background jobs: deliver one notification (retried with backoff), send deadline reminders."""

from __future__ import annotations

import logging

from django.db.models import F
from django.utils import timezone

from motcua.celery import app

from .models import DeliveryStatus, Notification

logger = logging.getLogger("motcua.notifications")

MAX_ATTEMPTS = 5
FIRST_DELAY = 30  # seconds; doubled after each failure
MAX_DELAY = 3600


def backoff(attempts: int) -> int:
    """Seconds to wait before attempt ``attempts + 1``: 30 s, 1 min, 2 min, 4 min… at most 1 h."""
    return min(FIRST_DELAY * 2 ** max(attempts - 1, 0), MAX_DELAY)


@app.task(name="motcua.notifications.prepare_messages")
def prepare_messages(event_id: int) -> int:
    """Make the applicant's messages for one audit event (a transition) and queue them."""
    from motcua.dossiers.hooks import TransitionRecord
    from motcua.dossiers.models import AuditEvent

    from .dispatch import queue_messages

    event = AuditEvent.objects.select_related("dossier", "actor").filter(pk=event_id).first()
    if event is None:
        return 0
    record = TransitionRecord(
        dossier=event.dossier, action=event.action, from_status=event.from_status,
        to_status=event.to_status, by=event.actor, event=event, details=event.details or {},
    )
    return len(queue_messages(record))


@app.task(bind=True, name="motcua.notifications.deliver", max_retries=MAX_ATTEMPTS - 1)
def deliver(self, notification_id: int) -> str:
    """Send one queued notification; on failure record the error and retry, up to 5 attempts."""
    from .delivery import NoAddress, send

    notification = (
        Notification.objects.select_related("dossier", "user").filter(pk=notification_id).first()
    )
    if notification is None or notification.status != DeliveryStatus.QUEUED:
        return "skipped"  # already sent (a redelivered job) or given up
    try:
        send(notification)
    except Exception as error:  # noqa: BLE001 - any failure of a gateway is retried
        attempts = notification.attempts + 1
        final = attempts >= MAX_ATTEMPTS or isinstance(error, NoAddress)
        Notification.objects.filter(pk=notification.pk).update(
            attempts=F("attempts") + 1,
            error=f"{type(error).__name__}: {error}"[:1000],
            status=DeliveryStatus.FAILED if final else DeliveryStatus.QUEUED,
        )
        if final:
            logger.warning(
                "Notification %s (%s) failed after %s attempts: %s",
                notification.pk,
                notification.channel,
                attempts,
                type(error).__name__,
            )
            return "failed"
        raise self.retry(exc=error, countdown=backoff(attempts)) from error
    Notification.objects.filter(pk=notification.pk).update(
        attempts=F("attempts") + 1,
        status=DeliveryStatus.SENT,
        sent_at=timezone.now(),
        error="",
    )
    return "sent"


@app.task(name="motcua.notifications.send_deadline_reminders")
def send_deadline_reminders() -> dict:
    """The daily reminders to handlers and leaders (Celery beat; ``motcua send_reminders``)."""
    from .reminders import send_deadline_reminders as run

    report = run()
    return {
        "due_soon": len(report.due_soon),
        "overdue": len(report.overdue),
        "queued": report.queued,
    }
