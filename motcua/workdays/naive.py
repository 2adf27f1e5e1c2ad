"""The obvious day-by-day loop, kept as the benchmark's baseline and as the tests' oracle.

It reads the calendar's rules (special days, weekend), never its index, so that comparing it
with ``WorkCalendar.add_working_days`` checks the index against an independent computation.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from .errors import OutOfCalendarRange
from .i18n import _
from .work_calendar import WorkCalendar

_ONE_DAY = timedelta(days=1)


def naive_is_working_day(calendar: WorkCalendar, d: date) -> bool:
    special = calendar._special.get(d)
    if special is not None:
        return special.kind.is_working
    return d.weekday() not in calendar.weekend


def naive_add_working_days(calendar: WorkCalendar, d: date, n: int) -> date:
    """The n-th working day after ``d``, found by walking one day at a time."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 0:
        raise ValueError(_("Số ngày làm việc phải là số nguyên không âm."))
    last = date(calendar.last_year, 12, 31)
    if not date(calendar.first_year, 1, 1) <= d <= last:
        raise OutOfCalendarRange(d, calendar.first_year, calendar.last_year)
    if n == 0 and naive_is_working_day(calendar, d):
        return d
    remaining = max(n, 1)
    while remaining:
        if d >= last:
            raise OutOfCalendarRange(None, calendar.first_year, calendar.last_year)
        d += _ONE_DAY
        if naive_is_working_day(calendar, d):
            remaining -= 1
    return d


def naive_next_opening(calendar: WorkCalendar, instant: datetime) -> datetime:
    """The effective receipt found without the index: walk to the next working day."""
    local = calendar._local(instant)
    day, moment = local.date(), local.time()
    if naive_is_working_day(calendar, day):
        for start, end in calendar.office_hours.periods:
            if moment < end:
                return (
                    local if moment >= start else datetime.combine(day, start, tzinfo=calendar.tz)
                )
    while True:
        if day >= date(calendar.last_year, 12, 31):
            raise OutOfCalendarRange(None, calendar.first_year, calendar.last_year)
        day += _ONE_DAY
        if naive_is_working_day(calendar, day):
            return datetime.combine(day, calendar.office_hours.opens, tzinfo=calendar.tz)


def naive_due_at(calendar: WorkCalendar, received_at: datetime, n: int) -> datetime:
    """The due instant of an N-working-day limit, computed day by day (benchmark baseline)."""
    effective = naive_next_opening(calendar, received_at)
    due_day = naive_add_working_days(calendar, effective.date(), n)
    return datetime.combine(due_day, calendar.office_hours.closes, tzinfo=calendar.tz)
