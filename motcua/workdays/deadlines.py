"""Due dates of dossiers: from the receipt instant and the procedure's time limit.

The rules (docs/deadlines.md has them with worked examples):

* the clock starts at the effective receipt (the receipt itself inside office hours, else the
  next opening of a working day);
* N working days: the day of effective receipt is not counted, the dossier is due at the end of
  office hours of the N-th working day after it; a fraction of a working day is counted as
  office hours (0.5 day = 4 hours);
* N working hours: office time from the effective receipt;
* same day: end of the day of effective receipt, or of the next working day when the effective
  receipt is after the procedure's cut-off (15:00 by default);
* N calendar days (Civil Code art. 147–148): the first day is not counted; when the last day is
  not a working day, the period ends at the end of the next working day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_EVEN
from functools import cached_property

from .days import SpecialDay
from .errors import OutOfCalendarRange
from .i18n import _
from .limits import TimeLimit, Unit
from .work_calendar import WorkCalendar, hours_to_us


@dataclass(frozen=True, init=False)
class Due:
    """A computed due date; ``skipped`` and ``explanation`` are built only when first read."""

    received_at: datetime
    effective_receipt: datetime
    due_at: datetime
    limit: TimeLimit
    calendar: WorkCalendar = field(repr=False, compare=False)
    # True when the limit restarted because the complete dossier arrived after a supplement request.
    restarted: bool = False

    def __init__(
        self,
        received_at: datetime,
        effective_receipt: datetime,
        due_at: datetime,
        limit: TimeLimit,
        calendar: WorkCalendar,
        restarted: bool = False,
    ) -> None:
        # Written by hand: the generated frozen __init__ costs a third of due_for's time budget.
        values = self.__dict__
        values["received_at"] = received_at
        values["effective_receipt"] = effective_receipt
        values["due_at"] = due_at
        values["limit"] = limit
        values["calendar"] = calendar
        values["restarted"] = restarted

    @cached_property
    def skipped(self) -> tuple[SpecialDay, ...]:
        """The non-working days the deadline stepped over, in date order."""
        from .explanation import skipped_days

        return skipped_days(self)

    @cached_property
    def explanation(self) -> str:
        """Plain Vietnamese, one sentence a line: receipt, limit, days skipped, due date."""
        from .explanation import explain

        return explain(self)


def _check_limit(limit: TimeLimit) -> None:
    if not isinstance(limit, TimeLimit):
        raise ValueError(_("Thời hạn giải quyết không hợp lệ."))


def _due_at(calendar: WorkCalendar, limit: TimeLimit, offset: int, effective: datetime) -> datetime:
    """The due instant, given the day offset and instant of the effective receipt."""
    unit = limit.unit
    days = limit.whole_days
    if unit is Unit.WORKING_DAYS and days is not None:
        if days:
            offset = calendar._working_day_at(calendar._rank[offset] - 1 + days)
        return calendar._end(offset)
    if unit is Unit.SAME_DAY:
        if effective.time() > limit.effective_cutoff:
            offset = calendar._working_day_at(calendar._rank[offset])
        return calendar._end(offset)
    if unit is Unit.CALENDAR_DAYS:
        last = offset + days
        if last >= calendar._size:
            raise OutOfCalendarRange(None, calendar.first_year, calendar.last_year)
        if not calendar._working[last]:
            last = calendar._working_day_at(calendar._rank[last])
        return calendar._end(last)
    if unit is Unit.WORKING_HOURS:
        amount = hours_to_us(limit.value)
    else:  # a fraction of a working day is that fraction of the office day (0.5 → 4 hours)
        amount = int((limit.value * calendar._day_us).to_integral_value(ROUND_HALF_EVEN))
    if amount == 0:
        return effective
    return calendar._instant_at(calendar._office_clock(effective) + amount)


def _due(calendar: WorkCalendar, limit: TimeLimit, received_at: datetime, restarted: bool) -> Due:
    _check_limit(limit)
    offset, effective = calendar._receipt(calendar._local(received_at))
    due_at = _due_at(calendar, limit, offset, effective)
    return Due(received_at, effective, due_at, limit, calendar, restarted)


def due_for(calendar: WorkCalendar, limit: TimeLimit, received_at: datetime) -> Due:
    """The due date of a dossier received at ``received_at`` (an aware datetime)."""
    return _due(calendar, limit, received_at, False)


def restart_after_supplement(
    calendar: WorkCalendar, limit: TimeLimit, complete_dossier_received_at: datetime
) -> Due:
    """After a supplement request the whole limit starts again from the complete dossier."""
    return _due(calendar, limit, complete_dossier_received_at, True)


def extend_for_suspension(
    calendar: WorkCalendar, due_at: datetime, suspended_from: datetime, resumed_at: datetime
) -> datetime:
    """``due_at`` moved later by exactly the office time during which handling was suspended."""
    if calendar._local(resumed_at) < calendar._local(suspended_from):
        raise ValueError(_("Thời điểm tiếp tục giải quyết phải sau thời điểm tạm dừng."))
    return calendar.add_office_time(
        due_at, calendar.working_time_between(suspended_from, resumed_at)
    )


def _working_days_tables(calendar: WorkCalendar, days: int) -> tuple[list, list]:
    """Due instants per day offset for a whole number of working days.

    ``open_[i]`` applies to a receipt on day ``i`` before closing time, ``closed[i]`` after
    closing time (or on a non-working day). ``None`` marks a due date beyond the calendar.
    """
    cache = calendar.__dict__.setdefault("_due_tables", {})
    tables = cache.get(days)
    if tables is None:
        work, rank, working, count = (
            calendar._work,
            calendar._rank,
            calendar._working,
            len(calendar._work),
        )

        def end(k: int) -> datetime | None:
            return calendar._end(work[k]) if k < count else None

        closed = [end(rank[offset] + days) for offset in range(calendar._size)]
        open_ = [
            end(rank[offset] - 1 + days) if working[offset] else closed[offset]
            for offset in range(calendar._size)
        ]
        tables = cache[days] = (open_, closed)
    return tables


def due_dates_batch(
    calendar: WorkCalendar, limit: TimeLimit, received_ats: Iterable[datetime]
) -> list[datetime]:
    """``due_for(...).due_at`` for many receipts at once, without building explanations."""
    _check_limit(limit)
    days = limit.whole_days
    if limit.unit is not Unit.WORKING_DAYS or days is None:
        results = []
        for received_at in received_ats:
            offset, effective = calendar._receipt(calendar._local(received_at))
            results.append(_due_at(calendar, limit, offset, effective))
        return results
    open_, closed = _working_days_tables(calendar, days)
    tz, base, size, close = calendar.tz, calendar._base, calendar._size, calendar._close
    results = []
    append = results.append
    for received_at in received_ats:
        if type(received_at) is datetime and received_at.tzinfo is not None:
            local = received_at.astimezone(tz)
        else:  # anything unusual takes the checked path (which refuses naive datetimes)
            local = calendar._local(received_at)
        offset = local.toordinal() - base
        if not 0 <= offset < size:
            calendar._local_offset(local)  # raises OutOfCalendarRange
        due = (open_ if local.time() < close else closed)[offset]
        if due is None:
            raise OutOfCalendarRange(None, calendar.first_year, calendar.last_year)
        append(due)
    return results
