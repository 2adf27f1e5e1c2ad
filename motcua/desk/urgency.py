"""How close a dossier is to its due date, in working days of the official calendar.

The queue shows one of four states, as a CSS class and as text (colour is never the only
signal): ``late`` (past due), ``due-soon`` (due by the end of the next working day),
``on-time`` (at most two working days left) and ``early`` (more than two).

``UrgencyScale`` reads the calendar once (``get_calendar()`` costs a query) and then
classifies any number of rows without touching the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.lateness import CLOCK_RUNNING
from motcua.workcalendar.services import get_calendar

LATE, DUE_SOON, ON_TIME, EARLY = "late", "due-soon", "on-time", "early"
# Once resolved, what is left to say is whether it was in time (search finds finished dossiers).
RESOLVED_ON_TIME, RESOLVED_LATE = "resolved-on-time", "resolved-late"
LABELS = {
    LATE: _("Quá hạn"),
    DUE_SOON: _("Sắp đến hạn"),
    ON_TIME: _("Trong hạn"),
    EARLY: _("Còn nhiều thời gian"),
    RESOLVED_ON_TIME: _("Giải quyết đúng hạn"),
    RESOLVED_LATE: _("Giải quyết quá hạn"),
}
EARLY_AFTER_WORKING_DAYS = 2


@dataclass(frozen=True)
class Urgency:
    css: str
    label: str


class UrgencyScale:
    """Urgency as seen at ``now`` (the current time by default)."""

    def __init__(self, now: dt.datetime | None = None):
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self.calendar = get_calendar()
        try:
            next_day = self.calendar.next_working_day(self.today)
        except ValueError:  # outside the calendar's years: count plain days rather than fail
            next_day = self.today + dt.timedelta(days=1)
        # The first instant that is no longer "due soon": midnight after the next working day.
        self.due_soon_before = timezone.make_aware(
            dt.datetime.combine(next_day + dt.timedelta(days=1), dt.time.min)
        )

    def working_days_left(self, due_day: dt.date) -> int:
        try:
            return self.calendar.working_days_between(self.today, due_day)
        except ValueError:
            return (due_day - self.today).days

    def of(self, due_at: dt.datetime | None) -> Urgency | None:
        """The urgency of a dossier due at ``due_at``; None without a due date."""
        if due_at is None:
            return None
        if due_at < self.now:
            state = LATE
        elif due_at < self.due_soon_before:
            state = DUE_SOON
        elif self.working_days_left(timezone.localdate(due_at)) > EARLY_AFTER_WORKING_DAYS:
            state = EARLY
        else:
            state = ON_TIME
        return Urgency(state, str(LABELS[state]))

    def of_dossier(self, dossier) -> Urgency | None:
        """What a dossier's row shows beside its due date: the urgency while the legal clock
        runs; once resolved, whether that was by the due date (an apology does not make a late
        dossier on time: ``dossiers.lateness``); nothing while the clock is stopped (waiting
        for the applicant, suspended) or never started."""
        if dossier.status in CLOCK_RUNNING:
            return self.of(dossier.due_at)
        if dossier.resolved_at is None or dossier.due_at is None:
            return None
        state = RESOLVED_ON_TIME if dossier.resolved_at <= dossier.due_at else RESOLVED_LATE
        return Urgency(state, str(LABELS[state]))
