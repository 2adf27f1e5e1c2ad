"""Real Vietnamese civil-service calendars, 2018–2027, for the tests and the benchmark.

The statutory holidays come from the ``holidays`` package (tests only: the engine itself never
imports it); the days the government announced (Tết ranges, swaps with their make-up
Saturdays, days off in lieu) are written out below and take precedence, as an official notice
overrides the statutory rules (legal-research.md §5.3, rows marked V, and the task's list).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import cache

import holidays

from motcua.workdays import DayKind, SpecialDay, WorkCalendar

FIRST_YEAR, LAST_YEAR = 2018, 2027
TET = "Tết Nguyên đán"
_SWAP = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")
# Proposed (Resolution 80-NQ/TW) but not yet in the Labour Code: legal-research.md §5.2.
_NOT_YET_LAW = {"Ngày Văn hóa Việt Nam"}


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _swap(day_off: date, makeup: date) -> list[SpecialDay]:
    return [
        SpecialDay(day_off, DayKind.SWAP_DAY_OFF, f"Nghỉ hoán đổi, làm bù ngày {makeup:%d/%m/%Y}"),
        SpecialDay(makeup, DayKind.MAKEUP_WORKING_DAY, f"Làm bù cho ngày {day_off:%d/%m/%Y}"),
    ]


ANNOUNCED: tuple[SpecialDay, ...] = (
    # Tết Mậu Tuất 2018: 14–20/02, weekend included.
    *(SpecialDay(d, DayKind.HOLIDAY, TET) for d in _days(date(2018, 2, 14), date(2018, 2, 20))),
    # Quốc khánh 2018 fell on Sunday 2/9: day off in lieu on Monday 3/9 (one day under LC 2012).
    SpecialDay(date(2018, 9, 2), DayKind.HOLIDAY, "Quốc khánh"),
    SpecialDay(date(2018, 9, 3), DayKind.DAY_OFF_IN_LIEU, "Nghỉ bù Quốc khánh"),
    *_swap(date(2018, 12, 31), date(2019, 1, 5)),
    *_swap(date(2024, 4, 29), date(2024, 5, 4)),
    *_swap(date(2025, 5, 2), date(2025, 4, 26)),
    *_swap(date(2026, 1, 2), date(2026, 1, 10)),
    # Tết Bính Ngọ 2026: Monday 16 to Friday 20/02; the weekends around it stay weekends.
    *(SpecialDay(d, DayKind.HOLIDAY, TET) for d in _days(date(2026, 2, 16), date(2026, 2, 20))),
    SpecialDay(date(2026, 4, 26), DayKind.HOLIDAY, "Giỗ Tổ Hùng Vương"),
    SpecialDay(date(2026, 4, 27), DayKind.DAY_OFF_IN_LIEU, "Nghỉ bù Giỗ Tổ Hùng Vương"),
    *_swap(date(2026, 8, 31), date(2026, 8, 22)),
)


def _classify(day: date, name: str) -> list[SpecialDay]:
    swap = _SWAP.search(name)
    if swap:
        makeup = date(int(swap[3]), int(swap[2]), int(swap[1]))
        return _swap(day, makeup)
    if "nghỉ bù" in name:
        return [SpecialDay(day, DayKind.DAY_OFF_IN_LIEU, name)]
    if "Tết" in name and "Dương lịch" not in name:
        return [SpecialDay(day, DayKind.HOLIDAY, TET)]
    return [SpecialDay(day, DayKind.HOLIDAY, name)]


@cache
def vn_special_days() -> tuple[SpecialDay, ...]:
    """Every special day of 2018–2027: the package's statutory days, then the announced ones."""
    by_day: dict[date, SpecialDay] = {}
    statutory = holidays.country_holidays(
        "VN", years=range(FIRST_YEAR, LAST_YEAR + 1), language="vi"
    )
    for day, name in sorted(statutory.items()):
        if name in _NOT_YET_LAW:
            continue
        for special in _classify(day, name):
            by_day[special.day] = special
    for special in ANNOUNCED:
        by_day[special.day] = special
    return tuple(sorted(by_day.values(), key=lambda special: special.day))


@cache
def vn_calendar() -> WorkCalendar:
    """The 2018–2027 calendar with the default office hours (08:00–12:00, 13:00–17:00)."""
    return WorkCalendar(vn_special_days(), first_year=FIRST_YEAR, last_year=LAST_YEAR)


def at(text: str) -> datetime:
    """'2026-02-13 14:20' as an aware datetime in Vietnam's time zone."""
    return datetime.fromisoformat(text).replace(tzinfo=vn_calendar().tz)
