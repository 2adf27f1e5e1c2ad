"""Late dossiers: which will be late soon, and the counts reports need (with / without apology).

"Late" is measured against the legal due date ``Dossier.due_at``; an apology promises a new
appointment (``new_due_at``) but does not make a late dossier on time, so reports count it
as late *with* apology (Decree 61/2018 art. 19: the agency apologises in writing).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from motcua.dossiers import transitions
from motcua.dossiers.models import Dossier

# The legal clock runs only here; a dossier waiting for the applicant or suspended is not late.
# The rule is ``transitions.CLOCK_RUNNING``; a sorted tuple gives queries the same SQL each time.
CLOCK_RUNNING = tuple(sorted(transitions.CLOCK_RUNNING))


def due_soon_before(now: dt.datetime) -> dt.datetime:
    """The first instant that is no longer "due soon": midnight after the next working day."""
    from motcua.workcalendar.services import get_calendar

    today = timezone.localdate(now)
    try:
        next_day = get_calendar().next_working_day(today)
    except ValueError:  # outside the calendar's years: count plain days rather than fail
        next_day = today + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(next_day + dt.timedelta(days=1), dt.time.min))


def will_be_late(dossier: Dossier, now: dt.datetime | None = None, *, before: dt.datetime | None = None) -> bool:
    """True when the clock runs and the due date is before the end of the next working day
    (or already past). ``before`` saves the calendar lookup when the caller has it."""
    if dossier.status not in CLOCK_RUNNING or dossier.due_at is None:
        return False
    now = now or timezone.now()
    return dossier.due_at < (before or due_soon_before(now))


def is_overdue(dossier: Dossier, now: dt.datetime | None = None) -> bool:
    return (
        dossier.status in CLOCK_RUNNING
        and dossier.due_at is not None
        and dossier.due_at < (now or timezone.now())
    )


def late_q(now: dt.datetime) -> Q:
    """Dossiers that are late: resolved after their due date, or open past it with the clock
    running."""
    resolved_late = Q(resolved_at__isnull=False, due_at__isnull=False, resolved_at__gt=F("due_at"))
    open_late = Q(status__in=CLOCK_RUNNING, due_at__lt=now)
    return resolved_late | open_late


def overdue_without_apology_q(now: dt.datetime) -> Q:
    return Q(status__in=CLOCK_RUNNING, due_at__lt=now, apologised_at__isnull=True)


def late_counts(queryset: QuerySet | None = None, *, now: dt.datetime | None = None) -> dict[str, int]:
    """``{"late": n, "late_with_apology": n, "late_without_apology": n}`` for ``queryset``
    (all dossiers by default), in one query."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    now = now or timezone.now()
    late = late_q(now)
    counts = queryset.aggregate(
        late=Count("pk", filter=late),
        late_with_apology=Count("pk", filter=late & Q(apologised_at__isnull=False)),
    )
    late_total = counts["late"] or 0
    with_apology = counts["late_with_apology"] or 0
    return {
        "late": late_total,
        "late_with_apology": with_apology,
        "late_without_apology": late_total - with_apology,
    }
