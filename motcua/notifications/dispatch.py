"""From a workflow transition to queued messages: the ``hooks.on_transition`` handler.

The hook runs after the transition committed (``dossiers.workflow`` schedules it with
``transaction.on_commit``), so a transition that rolled back never notifies anyone. It writes
one ``Notification`` row per channel the applicant can be reached on (idempotent: keyed by the
audit event) and enqueues the delivery jobs when those rows commit.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction

from .contacts import applicant_contact, mask_email, mask_phone
from .messages import MESSAGES, render
from .models import Audience, Channel, Notification

logger = logging.getLogger("motcua.notifications")

_muted: contextvars.ContextVar[bool] = contextvars.ContextVar("notifications_muted", default=False)


@contextlib.contextmanager
def muted():
    """No notifications for transitions committed inside this block (demo data, imports).

    Put the ``transaction.atomic()`` of the work inside the block: the hook runs at commit.
    """
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def enqueue(notification_ids: list[int]) -> None:
    """Send the delivery jobs once the rows are committed (never for rows rolled back)."""
    from .tasks import deliver

    for pk in notification_ids:
        transaction.on_commit(partial(deliver.delay, pk))


def create_once(key: str | None, **fields) -> Notification | None:
    """The row for ``key``, created now; None when it exists already (a repeated hook or job)."""
    if key and Notification.objects.filter(key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Notification.objects.create(key=key, **fields)
    except IntegrityError:  # a concurrent job created it between the check and the insert
        return None


def notify_transition(record) -> list[Notification]:
    """The ``hooks.on_transition`` handler: the applicant's messages for ``record``.

    With a broker (production) the request only enqueues one job with the audit event's id;
    the worker looks up the contacts, renders and records the messages (``queue_messages``),
    so a citizen's submission does not wait for that work. Without a broker (demo, tests) jobs
    run in-process anyway, so the messages are made here directly.
    """
    if _muted.get() or record.action not in MESSAGES:
        return []
    event_pk = getattr(record.event, "pk", None)
    if event_pk is not None and not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        from .tasks import prepare_messages

        prepare_messages.delay(event_pk)
        return []
    return queue_messages(record)


def queue_messages(record) -> list[Notification]:
    """Render and record the applicant's messages for ``record`` and queue their delivery."""
    dossier = record.dossier
    contact = applicant_contact(dossier)
    addresses = [
        (Channel.EMAIL, contact.email, mask_email),
        (Channel.SMS, contact.phone, mask_phone),
    ]
    if not any(address for _channel, address, _mask in addresses):
        return []
    at = getattr(record.event, "at", None)
    rendered = render(record.action, dossier, record.details, at=at)
    event_pk = getattr(record.event, "pk", None)
    created: list[Notification] = []
    with transaction.atomic():
        for channel, address, mask in addresses:
            if not address:
                continue
            notification = create_once(
                f"event:{event_pk}:{channel}" if event_pk else None,
                dossier=dossier,
                user_id=dossier.applicant_id,
                audience=Audience.APPLICANT,
                kind=record.action,
                channel=channel,
                recipient=mask(address),
                subject=rendered.subject,
                body=rendered.email if channel == Channel.EMAIL else rendered.sms,
            )
            if notification is not None:
                created.append(notification)
        enqueue([notification.pk for notification in created])
    return created
