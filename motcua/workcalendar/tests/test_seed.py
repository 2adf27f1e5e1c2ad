"""The calendar every migrated database starts with: statute 2018–2027, announcements 2018–2026."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.workcalendar.models import (
    CalendarEntry,
    CalendarRevision,
    CalendarYear,
    EntryKind,
    Origin,
)
from motcua.workcalendar.seed import seed_calendar, statutory_days
from motcua.workcalendar.services import get_calendar

D = dt.date


def entry(day: D) -> CalendarEntry:
    return CalendarEntry.objects.get(day=day)


def days_off(year: int) -> list[D]:
    """The weekdays of ``year`` that are not working days, from the calendar built on the DB."""
    return [s.day for s in get_calendar().days_off(year) if not s.kind.is_working]


def makeup_days(year: int) -> list[D]:
    return [s.day for s in get_calendar().days_off(year) if s.kind.is_working]


@pytest.mark.django_db
def test_2018_follows_the_labour_code_2012_with_one_day_of_national_day():
    assert days_off(2018) == [
        D(2018, 1, 1),
        D(2018, 2, 14),
        D(2018, 2, 15),
        D(2018, 2, 16),
        D(2018, 2, 19),
        D(2018, 2, 20),
        D(2018, 4, 25),
        D(2018, 4, 30),
        D(2018, 5, 1),
        D(2018, 9, 3),  # 2 September was a Sunday: the day off in lieu is Monday
        D(2018, 12, 31),  # swapped for Saturday 5 January 2019
    ]
    assert entry(D(2018, 9, 2)).kind == EntryKind.HOLIDAY
    assert entry(D(2018, 9, 3)).kind == EntryKind.DAY_OFF_IN_LIEU
    assert not CalendarEntry.objects.filter(day__in=[D(2018, 9, 1), D(2018, 9, 4)]).exists()
    assert "2012" in entry(D(2018, 4, 30)).legal_basis


@pytest.mark.django_db
def test_2019_swaps_31_december_and_29_april_for_working_saturdays():
    assert makeup_days(2019) == [D(2019, 1, 5), D(2019, 5, 4)]
    assert entry(D(2018, 12, 31)).kind == EntryKind.SWAP_DAY_OFF
    assert entry(D(2019, 4, 29)).kind == EntryKind.SWAP_DAY_OFF
    calendar = get_calendar()
    assert calendar.is_working_day(D(2019, 1, 5)) and calendar.is_working_day(D(2019, 5, 4))
    assert not calendar.is_working_day(D(2018, 12, 31))
    assert "6519/VPCP-KGVX" in entry(D(2019, 1, 5)).legal_basis
    assert entry(D(2019, 1, 5)).source.startswith("https://")
    # Tết Kỷ Hợi: Monday 4 to Friday 8 February.
    assert [d for d in days_off(2019) if d.month == 2] == [D(2019, 2, d) for d in range(4, 9)]


@pytest.mark.django_db
def test_2024_swaps_monday_29_april_for_saturday_4_may():
    calendar = get_calendar()
    assert not calendar.is_working_day(D(2024, 4, 29))
    assert calendar.is_working_day(D(2024, 5, 4))
    assert makeup_days(2024) == [D(2024, 5, 4)]
    assert entry(D(2024, 5, 4)).legal_basis.startswith("Công văn 2450/VPCP-KGVX")
    assert [d for d in days_off(2024) if d.month == 2] == [
        D(2024, 2, d) for d in (8, 9, 12, 13, 14)
    ]


@pytest.mark.django_db
def test_2025_gives_friday_2_may_off_and_works_saturday_26_april():
    calendar = get_calendar()
    assert not calendar.is_working_day(D(2025, 5, 2))
    assert calendar.is_working_day(D(2025, 4, 26))
    assert makeup_days(2025) == [D(2025, 4, 26)]
    # Tết Ất Tỵ: the five days are Monday 27 to Friday 31 January; 1 February is a plain Saturday.
    assert [d for d in days_off(2025) if d < D(2025, 3, 1)] == [D(2025, 1, 1)] + [
        D(2025, 1, d) for d in range(27, 32)
    ]
    assert not CalendarEntry.objects.filter(day=D(2025, 2, 1)).exists()
    assert "6150/TB-BLĐTBXH" in entry(D(2025, 5, 2)).legal_basis


@pytest.mark.django_db
def test_2026_has_every_announced_day_off_and_both_working_saturdays():
    assert days_off(2026) == [
        D(2026, 1, 1),
        D(2026, 1, 2),
        D(2026, 2, 16),
        D(2026, 2, 17),
        D(2026, 2, 18),
        D(2026, 2, 19),
        D(2026, 2, 20),
        D(2026, 4, 27),
        D(2026, 4, 30),
        D(2026, 5, 1),
        D(2026, 8, 31),
        D(2026, 9, 1),
        D(2026, 9, 2),
        D(2026, 11, 24),
    ]
    assert makeup_days(2026) == [D(2026, 1, 10), D(2026, 8, 22)]
    assert entry(D(2026, 1, 2)).legal_basis.startswith("Công văn 12729/VPCP-KGVX")
    assert entry(D(2026, 4, 26)).kind == EntryKind.HOLIDAY  # Giỗ Tổ on a Sunday…
    assert entry(D(2026, 4, 27)).kind == EntryKind.DAY_OFF_IN_LIEU  # …is off on Monday
    assert entry(D(2026, 8, 31)).origin == Origin.ANNOUNCEMENT
    assert "9441/TB-BNV" in entry(D(2026, 8, 22)).legal_basis


@pytest.mark.django_db
def test_announced_years_are_confirmed_and_2027_is_projected_from_the_statute_only():
    confirmed = dict(CalendarYear.objects.values_list("year", "confirmed"))
    assert confirmed == {**{year: True for year in range(2018, 2027)}, 2027: False}
    assert set(CalendarEntry.objects.filter(day__year=2027).values_list("origin", flat=True)) == {
        Origin.STATUTE
    }
    calendar = get_calendar()
    assert not calendar.is_working_day(D(2027, 2, 8))  # Tết Đinh Mùi, rule-projected
    assert not calendar.is_working_day(D(2027, 9, 3))  # Quốc khánh and its adjacent day


@pytest.mark.django_db
def test_seeding_again_changes_nothing_and_keeps_entries_typed_by_hand():
    CalendarEntry.objects.filter(day=D(2026, 11, 24)).update(origin=Origin.MANUAL, name="Sửa tay")
    revisions = CalendarRevision.objects.count()
    entries = CalendarEntry.objects.count()

    changed = seed_calendar(CalendarEntry, CalendarYear, CalendarRevision)

    assert changed == 0
    assert CalendarRevision.objects.count() == revisions
    assert CalendarEntry.objects.count() == entries
    assert entry(D(2026, 11, 24)).name == "Sửa tay"


def test_swaps_known_to_the_holidays_package_become_a_day_off_and_a_working_saturday():
    """The package names the swap "Ngày nghỉ (thay cho ngày 05/01/2019)"; both days come out."""
    kinds = {seed.day: seed.kind for seed in statutory_days(2018) + statutory_days(2019)}
    assert kinds[D(2018, 12, 31)] == EntryKind.SWAP_DAY_OFF
    assert kinds[D(2019, 1, 5)] == EntryKind.MAKEUP_WORKING_DAY
    assert kinds[D(2019, 4, 15)] == EntryKind.DAY_OFF_IN_LIEU  # Giỗ Tổ on Sunday 14 April
