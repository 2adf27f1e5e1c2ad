"""The calendar in the database as a ``motcua.workdays.WorkCalendar``, and what is built on it.

``get_calendar()`` is called on every due-date computation, so it costs one small query when
nothing changed: the latest revision (its number and time) is the cache key, and every change
of the entries records a new revision (``record_change``). The time is part of the key
because a rolled-back transaction can hand the same number to a different calendar.
"""

from __future__ import annotations

import threading
from datetime import datetime, time

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, Max, Min, OuterRef, Value
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.workdays import (
    DayKind,
    Due,
    OfficeHours,
    SpecialDay,
    TimeLimit,
    Unit,
    WorkCalendar,
    due_for,
    restart_after_supplement,
)

from .models import WEEKEND, CalendarEntry, CalendarRevision, CalendarYear, RecomputationLog
from .revisions import record_revision
from .seed import seed_calendar

_lock = threading.Lock()
_cached: tuple[tuple, WorkCalendar] | None = None

# The statute's rules are known from 1995 on (holidays package); further than this is a typo.
STATUTE_YEARS = range(1995, 2201)


def record_change(summary: str, *, by=None) -> CalendarRevision:
    """Record one change of the entries; call it in the same transaction as the change."""
    return record_revision(CalendarRevision, summary, by=by)


def _latest_revision() -> tuple[int, datetime | None]:
    latest = CalendarRevision.objects.order_by("-number").values_list("number", "at").first()
    return latest or (0, None)


def parse_hhmm(value: str) -> time:
    """'15:00' → time(15, 0); ValueError with a Vietnamese message otherwise."""
    try:
        return datetime.strptime(value.strip(), "%H:%M").time()
    except (AttributeError, ValueError):
        raise ValueError(
            _("Giờ «{value}» không hợp lệ; hãy viết theo dạng HH:MM, ví dụ 15:00.").format(
                value=value
            )
        ) from None


def office_hours() -> OfficeHours:
    return OfficeHours.parse(settings.MOTCUA_OFFICE_HOURS, tz=settings.TIME_ZONE)


def ensure_statutory_year(year: int, *, by=None) -> bool:
    """Make ``year`` usable: seed it from the statute when it has no entries at all.

    The year stays unconfirmed (the admin warns about it) until someone enters the year's
    announcements and confirms it. Returns True when it seeded something.
    """
    if year not in STATUTE_YEARS:
        raise ValueError(_("Năm {year} không hợp lệ cho lịch làm việc.").format(year=year))
    if CalendarEntry.objects.filter(day__year=year).exists():
        CalendarYear.objects.get_or_create(year=year)
        return False
    seed_calendar(CalendarEntry, CalendarYear, CalendarRevision, years=[year], by=by)
    return True


def calendar_years() -> tuple[int, int]:
    """First and last year of the calendar; the current year and the next are always in it."""
    upcoming = timezone.localdate().year + 1
    bounds = CalendarYear.objects.aggregate(first=Min("year"), last=Max("year"))
    return bounds["first"] or upcoming - 1, max(bounds["last"] or upcoming, upcoming)


def _fill_missing_years() -> None:
    first, last = calendar_years()
    known = set(CalendarYear.objects.filter(year__gte=first).values_list("year", flat=True))
    for year in range(first, last + 1):
        if year not in known:
            ensure_statutory_year(year)


def _build(revision: int) -> WorkCalendar:
    first, last = calendar_years()
    special_days = [
        SpecialDay(day, DayKind(kind), name)
        for day, kind, name in CalendarEntry.objects.filter(
            day__year__gte=first, day__year__lte=last
        ).values_list("day", "kind", "name")
    ]
    return WorkCalendar(
        special_days,
        first_year=first,
        last_year=last,
        weekend=WEEKEND,
        office_hours=office_hours(),
        revision=revision,
    )


def get_calendar() -> WorkCalendar:
    """The calendar as the database has it now (built once per revision, per process)."""
    global _cached
    key = (_latest_revision(), timezone.localdate().year, settings.MOTCUA_OFFICE_HOURS)
    cached = _cached
    if cached is not None and cached[0] == key:
        return cached[1]
    with _lock:
        _fill_missing_years()
        # Read before the entries, so that the calendar is never older than its key.
        revision = _latest_revision()
        calendar = _build(revision[0])
        _cached = ((revision, key[1], key[2]), calendar)
    return calendar


def time_limit_of(procedure) -> TimeLimit:
    """The procedure's legal time limit; ValueError (Vietnamese) when it is missing or absurd."""
    unit = procedure.time_limit_unit  # TimeLimit refuses an unknown unit in Vietnamese
    cutoff = procedure.same_day_cutoff or parse_hhmm(settings.MOTCUA_SAME_DAY_CUTOFF)
    value = None if unit == Unit.SAME_DAY else procedure.time_limit_value
    return TimeLimit(value, unit, cutoff)


def deadline_for(
    procedure,
    received_at: datetime,
    *,
    calendar: WorkCalendar | None = None,
    restarted: bool = False,
) -> Due:
    """The due date of a dossier of ``procedure`` received at ``received_at`` (aware).

    ``restarted``: the clock started again when the complete dossier arrived after a supplement
    request (the explanation says so).
    """
    compute = restart_after_supplement if restarted else due_for
    return compute(calendar or get_calendar(), time_limit_of(procedure), received_at)


def _finished_statuses() -> list[str]:
    from motcua.dossiers.models import Status

    return [
        Status.REFUSED,
        Status.WITHDRAWN,
        Status.RESOLVED,
        Status.RESULT_RETURNED,
        Status.CLOSED,
    ]


def _suspension_marker(dossiers):
    """Flag dossiers whose due date was moved by a suspension (their audit trail says "resume").

    Recomputing from the start of the clock would take that extension back, so those are
    listed for a person to check instead. The audit trail is optional for this module.
    """
    try:
        audit_event = apps.get_model("dossiers", "AuditEvent")
    except LookupError:
        return dossiers.annotate(was_suspended=Value(False))
    resumed = audit_event.objects.filter(dossier=OuterRef("pk"), action="resume")
    return dossiers.annotate(was_suspended=Exists(resumed))


def recompute_deadlines(*, apply: bool, by=None) -> RecomputationLog:
    """List open dossiers whose due date the current calendar would move; move them if ``apply``.

    Logged either way. A dossier whose due date cannot be recomputed safely (no time limit,
    outside the calendar, suspended) is listed with the reason and left alone.
    """
    from motcua.dossiers.models import Dossier, Status

    calendar = get_calendar()
    dossiers = _suspension_marker(
        Dossier.objects.filter(received_at__isnull=False, due_at__isnull=False)
        .exclude(status__in=_finished_statuses())
        .select_related("procedure")
        .order_by("pk")
    )
    changes: list[dict] = []
    updates: list[tuple[int, Due]] = []
    old_revisions: list[int] = []
    agencies: set[int] = set()
    checked = 0
    for dossier in dossiers.iterator(chunk_size=500):
        checked += 1
        row = {
            "dossier": dossier.pk,
            "code": dossier.code or "",
            "old_due": dossier.due_at.isoformat(),
        }
        if dossier.status == Status.SUSPENDED or dossier.was_suspended:
            changes.append(
                {
                    **row,
                    "new_due": None,
                    "error": _(
                        "hồ sơ đã tạm dừng giải quyết nên hạn đã được lùi; cần kiểm tra và tính lại thủ công"
                    ),
                }
            )
            continue
        # A complete supplement restarts the whole limit; received_at stays the first acceptance.
        started = getattr(dossier, "clock_started_at", None) or dossier.received_at
        try:
            due = deadline_for(
                dossier.procedure,
                started,
                calendar=calendar,
                restarted=started != dossier.received_at,
            )
        except ValueError as error:
            changes.append({**row, "new_due": None, "error": str(error)})
            continue
        if due.due_at != dossier.due_at:
            changes.append({**row, "new_due": due.due_at.isoformat()})
            updates.append((dossier.pk, due))
            agencies.update((dossier.competent_agency_id, dossier.receiving_agency_id))
            if dossier.calendar_revision is not None:
                old_revisions.append(dossier.calendar_revision)
    with transaction.atomic():
        if apply:
            for pk, due in updates:
                # The version bump makes a concurrent workflow transition on the same dossier
                # fail its optimistic lock instead of writing back the old due date.
                Dossier.objects.filter(pk=pk).update(
                    due_at=due.due_at,
                    due_explanation=due.explanation,
                    calendar_revision=calendar.revision,
                    version=F("version") + 1,
                )
            # The desk queue shows due dates: its kept tables must not outlive them.
            from motcua.desk.queue_cache import touch

            touch(agencies)
        return RecomputationLog.objects.create(
            by=by,
            from_revision=min(old_revisions, default=None),
            to_revision=calendar.revision,
            dossiers_checked=checked,
            dossiers_changed=len(updates),
            applied=apply,
            changes=changes,
        )


def unconfirmed_years() -> list[int]:
    """Years from the current one on whose calendar nobody confirmed against the notices."""
    this_year = timezone.localdate().year
    rows = dict(CalendarYear.objects.filter(year__gte=this_year).values_list("year", "confirmed"))
    years = {year for year, confirmed in rows.items() if not confirmed}
    # The current and next year are always in use, even before anything seeded them.
    years.update(year for year in (this_year, this_year + 1) if year not in rows)
    return sorted(years)


def unconfirmed_year_message(year: int) -> str:
    return _(
        "Lịch năm {year} chưa được xác nhận theo thông báo chính thức: các ngày nghỉ đang được tính "
        "theo quy định của Bộ luật Lao động. Hãy nhập lịch nghỉ Tết, Quốc khánh và các ngày hoán đổi "
        "của năm {year} khi có thông báo, rồi xác nhận lịch năm."
    ).format(year=year)


def confirm_year(calendar_year: CalendarYear, *, by=None) -> None:
    calendar_year.confirmed = True
    calendar_year.confirmed_by = by
    calendar_year.confirmed_at = timezone.now()
    calendar_year.save(update_fields=["confirmed", "confirmed_by", "confirmed_at"])
