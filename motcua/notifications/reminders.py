"""Deadline reminders to officials (issue 5: reminders before a dossier is due).

Every working morning, for each dossier whose legal clock runs and whose due moment falls
before the end of the next working day, the current handler and the leaders of the competent
agency get an e-mail; a dossier already past its due moment is on the "will be late" list and
its e-mail asks for the apology and new appointment. Each person gets one message per dossier
per day however often the job runs (``Notification.key``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import CLOCK_RUNNING
from motcua.units.models import Membership, Role
from motcua.workcalendar.services import get_calendar

from .contacts import mask_email
from .dispatch import create_once, enqueue
from .messages import REMINDER_DUE_SOON, REMINDER_OVERDUE, render
from .models import Audience, Channel


@dataclass
class ReminderReport:
    due_soon: list[Dossier] = field(default_factory=list)
    overdue: list[Dossier] = field(default_factory=list)  # the "will be late" list
    queued: int = 0


def horizon(now: dt.datetime) -> dt.datetime:
    """The end of the next working day after ``now``'s day (local time)."""
    today = timezone.localdate(now)
    next_day = get_calendar().next_working_day(today)
    end = dt.datetime.combine(next_day + dt.timedelta(days=1), dt.time.min)
    return timezone.make_aware(end)


def effective_due(dossier: Dossier) -> dt.datetime:
    """The appointment that holds now: the new one after an apology, else the legal due date."""
    return getattr(dossier, "new_due_at", None) or dossier.due_at


def _handler(dossier: Dossier):
    """The official handling the dossier now: its assignee where the workflow records one."""
    return getattr(dossier, "assignee", None)


def _leaders_by_agency(agency_ids: set[int], on: dt.date) -> dict[int, list]:
    leaders: dict[int, list] = {}
    memberships = (
        Membership.objects.valid_on(on)
        .filter(agency_id__in=agency_ids, role=Role.LEADER, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for membership in memberships:
        leaders.setdefault(membership.agency_id, []).append(membership.user)
    return leaders


def dossiers_due(now: dt.datetime):
    related = ["procedure", "receiving_agency", "competent_agency"]
    if any(f.name == "assignee" for f in Dossier._meta.get_fields()):
        related.append("assignee")
    return (
        Dossier.objects.filter(
            status__in=CLOCK_RUNNING, due_at__isnull=False, due_at__lt=horizon(now)
        )
        .select_related(*related)
        .order_by("due_at", "pk")
    )


def send_deadline_reminders(*, now: dt.datetime | None = None) -> ReminderReport:
    now = now or timezone.now()
    today = timezone.localdate(now)
    report = ReminderReport()
    dossiers = list(dossiers_due(now))
    limit = horizon(now)
    leaders = _leaders_by_agency({d.competent_agency_id for d in dossiers}, today)
    with transaction.atomic():
        created = []
        for dossier in dossiers:
            due = effective_due(dossier)
            if due >= limit:
                continue  # apologised with a new appointment further away
            overdue = due < now
            (report.overdue if overdue else report.due_soon).append(dossier)
            kind = REMINDER_OVERDUE if overdue else REMINDER_DUE_SOON
            rendered = render(kind, dossier, at=now)
            people = {user.pk: user for user in leaders.get(dossier.competent_agency_id, [])}
            handler = _handler(dossier)
            if handler is not None and handler.is_active:
                people.setdefault(handler.pk, handler)
            for user in people.values():
                if not user.email:
                    continue
                notification = create_once(
                    f"reminder:{dossier.pk}:{today.isoformat()}:{user.pk}",
                    dossier=dossier,
                    user=user,
                    audience=Audience.OFFICIAL,
                    kind=kind,
                    channel=Channel.EMAIL,
                    recipient=mask_email(user.email),
                    subject=rendered.subject,
                    body=rendered.email,
                )
                if notification is not None:
                    created.append(notification.pk)
        report.queued = len(created)
        enqueue(created)
    return report
