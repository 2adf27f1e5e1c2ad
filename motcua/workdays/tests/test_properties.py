"""Properties that hold for every receipt and every limit, checked by Hypothesis."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays import (
    TimeLimit,
    Unit,
    due_dates_batch,
    due_for,
    naive_add_working_days,
)
from motcua.workdays.naive import naive_due_at, naive_is_working_day, naive_next_opening
from motcua.workdays.tests.vn_calendars import vn_calendar

CALENDAR = vn_calendar()
CLOSE = CALENDAR.office_hours.closes
# Leave room at the end of the range so that long limits stay inside the calendar.
days = st.dates(min_value=date(2018, 1, 1), max_value=date(2026, 6, 30))
zones = st.sampled_from(
    [
        ZoneInfo("Asia/Ho_Chi_Minh"),
        ZoneInfo("UTC"),
        ZoneInfo("Europe/Paris"),
        ZoneInfo("America/New_York"),
    ]
)
instants = st.datetimes(
    min_value=datetime(2018, 1, 2), max_value=datetime(2026, 6, 30), timezones=zones
)
counts = st.integers(min_value=0, max_value=120)
limits = st.one_of(
    st.builds(lambda n: TimeLimit(Decimal(n), Unit.WORKING_DAYS), counts),
    st.builds(lambda n: TimeLimit(Decimal(n) / 2, Unit.WORKING_DAYS), st.integers(0, 40)),
    st.builds(lambda n: TimeLimit(Decimal(n) / 4, Unit.WORKING_HOURS), st.integers(0, 400)),
    st.builds(lambda n: TimeLimit(Decimal(n), Unit.CALENDAR_DAYS), counts),
    st.just(TimeLimit(None, Unit.SAME_DAY)),
)
whole_day_limits = st.one_of(
    st.builds(lambda n: TimeLimit(Decimal(n), Unit.WORKING_DAYS), counts),
    st.builds(lambda n: TimeLimit(Decimal(n), Unit.CALENDAR_DAYS), counts),
    st.just(TimeLimit(None, Unit.SAME_DAY)),
)


def in_office_hours(moment: datetime) -> bool:
    local = moment.astimezone(CALENDAR.tz)
    return CALENDAR.is_working_day(local.date()) and any(
        start <= local.time() < end for start, end in CALENDAR.office_hours.periods
    )


def test_the_index_agrees_with_the_rules_on_every_day_of_the_range():
    day, last = date(2018, 1, 1), date(2027, 12, 31)
    while day <= last:
        assert CALENDAR.is_working_day(day) == naive_is_working_day(CALENDAR, day), day
        day += timedelta(days=1)


@given(limit=whole_day_limits, received=instants)
def test_a_due_date_in_days_is_always_a_working_day_at_five_pm_local(limit, received):
    due_at = due_for(CALENDAR, limit, received).due_at
    assert due_at.tzinfo == CALENDAR.tz
    assert due_at.time() == CLOSE
    assert CALENDAR.is_working_day(due_at.date())
    assert due_at > received


@given(limit=limits, received=instants)
def test_a_due_date_is_never_before_the_effective_receipt_and_falls_in_office_time(limit, received):
    due = due_for(CALENDAR, limit, received)
    assert due.due_at >= due.effective_receipt
    local = due.due_at.astimezone(CALENDAR.tz)
    assert CALENDAR.is_working_day(local.date())
    assert CALENDAR.office_hours.opens <= local.time() <= CLOSE
    assert due.explanation.splitlines()[-1].startswith("Hạn trả: ")


@given(day=days, n=st.integers(1, 120), m=counts)
def test_adding_n_then_m_working_days_equals_adding_n_plus_m(day, n, m):
    assert CALENDAR.add_working_days(
        CALENDAR.add_working_days(day, n), m
    ) == CALENDAR.add_working_days(day, n + m)


@given(day=days, n=counts, extra=st.integers(1, 60))
def test_more_working_days_are_never_due_earlier(day, n, extra):
    assert CALENDAR.add_working_days(day, n) <= CALENDAR.add_working_days(day, n + extra)
    if n:
        assert CALENDAR.add_working_days(day, n) < CALENDAR.add_working_days(day, n + extra)


@given(day=days, n=st.integers(1, 120))
def test_the_n_th_working_day_after_a_day_is_n_working_days_away(day, n):
    assert CALENDAR.working_days_between(day, CALENDAR.add_working_days(day, n)) == n


@given(day=days, n=counts)
def test_indexed_addition_equals_the_day_by_day_loop(day, n):
    assert CALENDAR.add_working_days(day, n) == naive_add_working_days(CALENDAR, day, n)


@given(received=instants)
def test_effective_receipt_is_idempotent_never_earlier_and_inside_office_hours(received):
    effective = CALENDAR.effective_receipt(received)
    assert effective >= received
    assert CALENDAR.effective_receipt(effective) == effective
    assert in_office_hours(effective)
    assert CALENDAR.working_time_between(received, effective) == timedelta(0)


@given(start=instants, minutes=st.integers(0, 200 * 60), micros=st.integers(0, 59_999_999))
def test_working_time_between_undoes_adding_working_hours(start, minutes, micros):
    hours = Decimal(minutes) / 60 + Decimal(micros) / 3_600_000_000
    end = CALENDAR.add_working_hours(start, hours)
    assert end >= start
    assert CALENDAR.working_time_between(start, end) == timedelta(
        minutes=minutes, microseconds=micros
    )


@settings(max_examples=50)
@given(limit=limits, receipts=st.lists(instants, max_size=30))
def test_batch_due_dates_equal_due_for(limit, receipts):
    assert due_dates_batch(CALENDAR, limit, receipts) == [
        due_for(CALENDAR, limit, received).due_at for received in receipts
    ]


@given(received=instants, n=st.integers(0, 60))
def test_working_day_due_date_equals_the_day_by_day_computation(received, n):
    due = due_for(CALENDAR, TimeLimit(Decimal(n), Unit.WORKING_DAYS), received)
    assert due.effective_receipt == naive_next_opening(CALENDAR, received)
    assert due.due_at == naive_due_at(CALENDAR, received, n)
