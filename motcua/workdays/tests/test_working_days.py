"""Which days are working days, on the real 2018–2027 calendar, and counting them."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.workdays import DayKind, SpecialDay, WorkCalendar
from motcua.workdays.tests.vn_calendars import vn_calendar


@pytest.fixture
def calendar() -> WorkCalendar:
    return vn_calendar()


def test_tet_2026_weekdays_are_holidays_and_the_weekends_around_them_stay_weekends(calendar):
    for day in range(16, 21):
        assert calendar.day_kind(date(2026, 2, day)) is DayKind.HOLIDAY
        assert calendar.reason(date(2026, 2, day)) == "Tết Nguyên đán"
    for day in (14, 15, 21, 22):
        assert calendar.day_kind(date(2026, 2, day)) is DayKind.WEEKEND
    assert calendar.reason(date(2026, 2, 14)) == "Thứ Bảy"
    assert calendar.reason(date(2026, 2, 15)) == "Chủ nhật"
    assert calendar.is_working_day(date(2026, 2, 13))
    assert calendar.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)


def test_tet_2018_keeps_offices_closed_from_14_to_20_february(calendar):
    assert not any(calendar.is_working_day(date(2018, 2, day)) for day in range(14, 21))
    assert calendar.next_working_day(date(2018, 2, 13)) == date(2018, 2, 21)


def test_makeup_saturdays_are_working_days_and_their_swapped_weekdays_are_not(calendar):
    swaps = {
        date(2018, 12, 31): date(2019, 1, 5),
        date(2024, 4, 29): date(2024, 5, 4),
        date(2025, 5, 2): date(2025, 4, 26),
        date(2026, 1, 2): date(2026, 1, 10),
        date(2026, 8, 31): date(2026, 8, 22),
    }
    for day_off, makeup in swaps.items():
        assert calendar.day_kind(day_off) is DayKind.SWAP_DAY_OFF
        assert not calendar.is_working_day(day_off)
        assert calendar.day_kind(makeup) is DayKind.MAKEUP_WORKING_DAY
        assert makeup.weekday() == 5 and calendar.is_working_day(makeup)


def test_holiday_on_a_weekend_gives_the_next_monday_off_in_lieu(calendar):
    assert calendar.reason(date(2018, 9, 2)) == "Quốc khánh"
    assert calendar.day_kind(date(2018, 9, 3)) is DayKind.DAY_OFF_IN_LIEU
    assert calendar.next_working_day(date(2018, 8, 31)) == date(2018, 9, 4)
    assert calendar.reason(date(2026, 4, 26)) == "Giỗ Tổ Hùng Vương"
    assert calendar.day_kind(date(2026, 4, 27)) is DayKind.DAY_OFF_IN_LIEU
    assert calendar.add_working_days(date(2026, 4, 24), 1) == date(2026, 4, 28)


def test_adding_working_days_counts_the_makeup_saturday_of_january_2019(calendar):
    # Thu 3/1/2019: Fri 4/1 is the first working day, make-up Saturday 5/1 the second.
    assert calendar.add_working_days(date(2019, 1, 3), 2) == date(2019, 1, 5)
    # Fri 28/12/2018: Mon 31/12 is swapped off, Tue 1/1 is New Year, so Wed 2/1 comes first.
    assert calendar.add_working_days(date(2018, 12, 28), 1) == date(2019, 1, 2)


def test_adding_working_days_steps_over_the_2025_swap(calendar):
    assert calendar.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)
    # 30/4 and 1/5 are holidays, 2/5 swapped off, 3–4/5 a weekend.
    assert calendar.add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)


def test_adding_working_days_steps_over_the_2024_swap(calendar):
    assert calendar.add_working_days(date(2024, 4, 26), 1) == date(2024, 5, 2)
    assert calendar.add_working_days(date(2024, 5, 3), 1) == date(2024, 5, 4)


def test_adding_zero_working_days_keeps_a_working_day_and_moves_a_day_off_forward(calendar):
    assert calendar.add_working_days(date(2026, 3, 9), 0) == date(2026, 3, 9)
    assert calendar.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 23)


def test_working_days_between_counts_the_last_day_but_not_the_first(calendar):
    assert calendar.working_days_between(date(2026, 2, 13), date(2026, 2, 25)) == 3
    assert calendar.working_days_between(date(2026, 3, 9), date(2026, 3, 9)) == 0
    assert calendar.working_days_between(date(2026, 3, 10), date(2026, 3, 9)) == -1


def test_days_off_lists_non_working_weekdays_and_makeup_saturdays_of_the_year(calendar):
    days = calendar.days_off(2026)
    listed = {special.day: special for special in days}
    assert [special.day for special in days] == sorted(listed)
    assert listed[date(2026, 1, 10)].kind is DayKind.MAKEUP_WORKING_DAY
    assert listed[date(2026, 1, 2)].kind is DayKind.SWAP_DAY_OFF
    assert listed[date(2026, 4, 27)].name == "Nghỉ bù Giỗ Tổ Hùng Vương"
    assert all(listed[date(2026, 2, day)].name == "Tết Nguyên đán" for day in range(16, 21))
    # Ordinary weekends are not listed, nor is a holiday that falls on a Sunday.
    assert date(2026, 2, 14) not in listed
    assert date(2026, 4, 26) not in listed


def test_a_calendar_with_a_sunday_only_weekend_counts_saturdays():
    calendar = WorkCalendar([], first_year=2026, last_year=2026, weekend=frozenset({6}))
    assert calendar.is_working_day(date(2026, 3, 14))
    assert calendar.add_working_days(date(2026, 3, 13), 1) == date(2026, 3, 14)


def test_special_days_outside_the_range_are_ignored():
    far = SpecialDay(date(2030, 1, 1), DayKind.HOLIDAY, "Tết Dương lịch")
    calendar = WorkCalendar([far], first_year=2026, last_year=2026)
    assert calendar.days_off(2026) == []


def test_a_day_entered_twice_is_refused_with_a_vietnamese_message():
    twice = [
        SpecialDay(date(2026, 9, 2), DayKind.HOLIDAY, "Quốc khánh"),
        SpecialDay(date(2026, 9, 2), DayKind.DAY_OFF_IN_LIEU, "Nghỉ bù"),
    ]
    with pytest.raises(ValueError, match="Ngày 02/09/2026 được khai báo hai lần"):
        WorkCalendar(twice, first_year=2026, last_year=2026)


def test_a_special_day_without_a_name_is_explained_by_its_kind():
    calendar = WorkCalendar(
        [SpecialDay(date(2026, 3, 10), DayKind.DAY_OFF_IN_LIEU)], first_year=2026, last_year=2026
    )
    assert calendar.reason(date(2026, 3, 10)) == "Ngày nghỉ bù"
    assert calendar.reason(date(2026, 3, 11)) == "Ngày làm việc"
