"""A year of the calendar as twelve month grids, for the admin's year view."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from motcua.workdays.days import format_day, weekday_name

from .models import OFF_KINDS, WEEKEND, CalendarEntry, EntryKind

WEEKDAY_SHORT = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")


@dataclass(frozen=True)
class Cell:
    day: date | None
    css: str = ""
    label: str = ""  # what a screen reader and the tooltip say besides the date
    today: bool = False


@dataclass(frozen=True)
class Month:
    number: int
    title: str
    weeks: list[list[Cell]]


def _cell(day: date, entries: dict[date, CalendarEntry], today: date) -> Cell:
    entry = entries.get(day)
    classes, label = [], ""
    if entry is not None and entry.kind in OFF_KINDS:
        classes.append("day-off")
        label = f"{entry.get_kind_display()}: {entry.name}"
    elif entry is not None and entry.kind == EntryKind.MAKEUP_WORKING_DAY:
        classes.append("makeup")
        label = f"{entry.get_kind_display()}: {entry.name}"
    elif day.weekday() in WEEKEND:
        classes.append("weekend")
        label = _("Ngày nghỉ hằng tuần")
    if day == today:
        classes.append("today")
        label = f"{_('Hôm nay')}. {label}" if label else _("Hôm nay")
    return Cell(day, " ".join(classes), label, day == today)


def year_grid(year: int, entries: list[CalendarEntry], today: date) -> list[Month]:
    by_day = {entry.day: entry for entry in entries}
    weeks_of = calendar.Calendar(firstweekday=0).monthdatescalendar
    months = []
    for number in range(1, 13):
        weeks = [
            [_cell(day, by_day, today) if day.month == number else Cell(None) for day in week]
            for week in weeks_of(year, number)
        ]
        months.append(
            Month(number, _("Tháng {month} năm {year}").format(month=number, year=year), weeks)
        )
    return months


def weekday_headers() -> list[tuple[str, str]]:
    """(short, full) names of Monday … Sunday, e.g. ('T2', 'Thứ Hai')."""
    monday = date(2024, 1, 1)
    return [
        (short, weekday_name(date.fromordinal(monday.toordinal() + offset), capital=True))
        for offset, short in enumerate(WEEKDAY_SHORT)
    ]


def legend_rows(entries: list[CalendarEntry]) -> list[dict]:
    return [
        {
            "date": format_day(entry.day),
            "weekday": weekday_name(entry.day, capital=True),
            "entry": entry,
            "css": "makeup" if entry.kind == EntryKind.MAKEUP_WORKING_DAY else "day-off",
        }
        for entry in entries
    ]
