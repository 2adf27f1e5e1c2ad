"""Office hours: when a receipt starts the clock, and adding or measuring working hours."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal

import pytest

from motcua.workdays import OfficeHours
from motcua.workdays.tests.vn_calendars import at, vn_calendar


@pytest.fixture
def calendar():
    return vn_calendar()


def test_office_hours_parse_the_setting_format():
    hours = OfficeHours.parse("07:30-11:30, 13:30-17:00")
    assert hours.periods == ((time(7, 30), time(11, 30)), (time(13, 30), time(17)))
    assert hours.length == timedelta(hours=7, minutes=30)
    assert str(OfficeHours()) == "08:00–12:00, 13:00–17:00"
    assert OfficeHours.parse("08:00-12:00,13:00-17:00") == OfficeHours()


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("", "Chưa nhập giờ làm việc"),
        ("8h-12h", "Không đọc được buổi làm việc «8h-12h»"),
        ("12:00-08:00", "phải kết thúc sau khi bắt đầu"),
        ("08:00-12:00,11:00-17:00", "không chồng lên nhau"),
        ("25:00-26:00", "không hợp lệ"),
    ],
)
def test_bad_office_hours_are_refused_in_vietnamese(spec, message):
    with pytest.raises(ValueError, match=message):
        OfficeHours.parse(spec)


def test_unknown_time_zone_is_refused_in_vietnamese():
    with pytest.raises(ValueError, match="Múi giờ «Asia/Hanoi_Typo» không tồn tại"):
        OfficeHours(tz="Asia/Hanoi_Typo")


def test_receipt_inside_office_hours_starts_the_clock_at_that_moment(calendar):
    assert calendar.effective_receipt(at("2026-03-09 10:15:30")) == at("2026-03-09 10:15:30")


def test_receipt_before_opening_starts_the_clock_at_eight(calendar):
    assert calendar.effective_receipt(at("2026-03-09 06:45")) == at("2026-03-09 08:00")


def test_receipt_during_lunch_starts_the_clock_at_one_pm(calendar):
    assert calendar.effective_receipt(at("2026-03-09 12:00")) == at("2026-03-09 13:00")
    assert calendar.effective_receipt(at("2026-03-09 12:40")) == at("2026-03-09 13:00")


def test_receipt_at_or_after_five_pm_starts_the_clock_next_working_day(calendar):
    assert calendar.effective_receipt(at("2026-03-09 17:00")) == at("2026-03-10 08:00")
    assert calendar.effective_receipt(at("2026-03-13 21:00")) == at("2026-03-16 08:00")


def test_receipt_during_tet_starts_the_clock_after_tet(calendar):
    assert calendar.effective_receipt(at("2026-02-17 09:00")) == at("2026-02-23 08:00")


def test_receipt_in_another_time_zone_is_read_in_vietnam_time(calendar):
    # 03:00 UTC is 10:00 in Hà Nội: inside office hours.
    effective = calendar.effective_receipt(datetime(2026, 3, 9, 3, 0, tzinfo=UTC))
    assert effective == at("2026-03-09 10:00")
    assert effective.tzinfo == calendar.tz
    # 11:00 UTC is 18:00 in Hà Nội: after hours.
    assert calendar.effective_receipt(datetime(2026, 3, 9, 11, 0, tzinfo=UTC)) == at(
        "2026-03-10 08:00"
    )


def test_eight_working_hours_from_monday_ten_am_end_tuesday_ten_am(calendar):
    assert calendar.add_working_hours(at("2026-03-09 10:00"), 8) == at("2026-03-10 10:00")


def test_working_hours_skip_the_lunch_break(calendar):
    assert calendar.add_working_hours(at("2026-03-09 11:30"), Decimal("1")) == at(
        "2026-03-09 13:30"
    )
    assert calendar.add_working_hours(at("2026-03-09 11:00"), 1.5) == at("2026-03-09 13:30")


def test_working_hours_that_fill_a_period_end_at_its_closing_time(calendar):
    assert calendar.add_working_hours(at("2026-03-09 08:00"), 4) == at("2026-03-09 12:00")
    assert calendar.add_working_hours(at("2026-03-09 08:00"), 8) == at("2026-03-09 17:00")


def test_working_hours_skip_weekends_and_tet(calendar):
    assert calendar.add_working_hours(at("2026-02-13 16:00"), 2) == at("2026-02-23 09:00")


def test_zero_working_hours_give_the_effective_receipt(calendar):
    assert calendar.add_working_hours(at("2026-03-09 12:30"), 0) == at("2026-03-09 13:00")


def test_working_time_between_counts_only_office_time(calendar):
    assert calendar.working_time_between(
        at("2026-03-09 10:00"), at("2026-03-10 10:00")
    ) == timedelta(hours=8)
    assert calendar.working_time_between(
        at("2026-03-13 16:00"), at("2026-03-16 09:00")
    ) == timedelta(hours=2)
    assert calendar.working_time_between(
        at("2026-03-09 12:10"), at("2026-03-09 12:50")
    ) == timedelta(0)
    assert calendar.working_time_between(
        at("2026-03-10 10:00"), at("2026-03-09 10:00")
    ) == timedelta(hours=-8)
