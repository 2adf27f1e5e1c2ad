"""Bad input is refused with a clear Vietnamese ValueError, never a silent wrong date."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from motcua.workdays import (
    OutOfCalendarRange,
    TimeLimit,
    Unit,
    due_dates_batch,
    due_for,
    extend_for_suspension,
    naive_add_working_days,
    restart_after_supplement,
)
from motcua.workdays.tests.vn_calendars import at, vn_calendar

NAIVE = datetime(2026, 3, 9, 10, 0)
LIMIT = TimeLimit(Decimal(3), Unit.WORKING_DAYS)


@pytest.fixture
def calendar():
    return vn_calendar()


@pytest.mark.parametrize(
    "call",
    [
        lambda cal: due_for(cal, LIMIT, NAIVE),
        lambda cal: restart_after_supplement(cal, LIMIT, NAIVE),
        lambda cal: due_dates_batch(cal, LIMIT, [at("2026-03-09 10:00"), NAIVE]),
        lambda cal: due_dates_batch(cal, TimeLimit(Decimal(2), Unit.WORKING_HOURS), [NAIVE]),
        lambda cal: cal.effective_receipt(NAIVE),
        lambda cal: cal.add_working_hours(NAIVE, 1),
        lambda cal: cal.working_time_between(NAIVE, at("2026-03-10 10:00")),
        lambda cal: extend_for_suspension(
            cal, at("2026-03-13 17:00"), NAIVE, at("2026-03-10 10:00")
        ),
    ],
)
def test_naive_datetimes_are_refused_because_their_time_zone_is_unknown(calendar, call):
    with pytest.raises(ValueError, match="thiếu múi giờ; hãy dùng thời điểm có múi giờ"):
        call(calendar)


def test_a_date_given_where_an_instant_is_needed_is_refused(calendar):
    with pytest.raises(ValueError, match="Cần một thời điểm"):
        due_for(calendar, LIMIT, date(2026, 3, 9))


def test_an_instant_given_where_a_day_is_needed_is_refused(calendar):
    with pytest.raises(ValueError, match="Cần một ngày"):
        calendar.is_working_day(at("2026-03-09 10:00"))


def test_days_before_the_calendar_raise_out_of_range_with_the_years(calendar):
    with pytest.raises(
        OutOfCalendarRange, match=r"^Ngày 31/12/2017 nằm ngoài phạm vi lịch \(2018–2027\)\.$"
    ):
        calendar.is_working_day(date(2017, 12, 31))
    with pytest.raises(OutOfCalendarRange):
        due_for(calendar, LIMIT, at("2028-01-03 10:00"))
    with pytest.raises(OutOfCalendarRange, match="Năm 2030 nằm ngoài phạm vi lịch"):
        calendar.days_off(2030)


def test_a_due_date_beyond_the_last_year_raises_instead_of_guessing(calendar):
    with pytest.raises(OutOfCalendarRange, match="vượt quá ngày 31/12/2027"):
        due_for(calendar, TimeLimit(Decimal(10), Unit.WORKING_DAYS), at("2027-12-28 10:00"))
    with pytest.raises(OutOfCalendarRange):
        due_dates_batch(
            calendar, TimeLimit(Decimal(10), Unit.WORKING_DAYS), [at("2027-12-28 10:00")]
        )
    with pytest.raises(OutOfCalendarRange):
        due_for(calendar, TimeLimit(Decimal(30), Unit.CALENDAR_DAYS), at("2027-12-20 10:00"))
    with pytest.raises(OutOfCalendarRange):
        calendar.next_working_day(date(2027, 12, 31))
    with pytest.raises(OutOfCalendarRange):
        naive_add_working_days(calendar, date(2027, 12, 28), 10)


def test_out_of_range_is_a_value_error_so_callers_answer_bad_input(calendar):
    assert issubclass(OutOfCalendarRange, ValueError)


@pytest.mark.parametrize("n", [-1, 1.5, True, "2"])
def test_working_days_to_add_must_be_a_whole_non_negative_number(calendar, n):
    with pytest.raises(ValueError, match="Số ngày làm việc phải là số nguyên không âm"):
        calendar.add_working_days(date(2026, 3, 9), n)
    with pytest.raises(ValueError, match="Số ngày làm việc phải là số nguyên không âm"):
        naive_add_working_days(calendar, date(2026, 3, 9), n)


@pytest.mark.parametrize(
    ("hours", "message"),
    [(-1, "không được là số âm"), ("8", "phải là một số"), (float("nan"), "hữu hạn")],
)
def test_bad_working_hours_are_refused(calendar, hours, message):
    with pytest.raises(ValueError, match=message):
        calendar.add_working_hours(at("2026-03-09 10:00"), hours)


def test_a_resumption_before_the_suspension_is_refused(calendar):
    with pytest.raises(
        ValueError, match="Thời điểm tiếp tục giải quyết phải sau thời điểm tạm dừng"
    ):
        extend_for_suspension(
            calendar, at("2026-03-13 17:00"), at("2026-03-11 10:00"), at("2026-03-10 10:00")
        )


def test_adding_negative_office_time_is_refused(calendar):
    with pytest.raises(ValueError, match="không được là số âm"):
        calendar.add_office_time(at("2026-03-13 17:00"), timedelta(hours=-1))


def test_a_limit_that_is_not_a_time_limit_is_refused(calendar):
    with pytest.raises(ValueError, match="Thời hạn giải quyết không hợp lệ"):
        due_for(calendar, "3 ngày", at("2026-03-09 10:00"))


def test_calendar_years_must_be_in_order():
    from motcua.workdays import WorkCalendar

    with pytest.raises(ValueError, match="Năm đầu của lịch phải trước hoặc bằng năm cuối"):
        WorkCalendar([], first_year=2027, last_year=2018)
