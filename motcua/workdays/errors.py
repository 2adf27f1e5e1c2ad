"""The one error the engine raises besides plain ``ValueError`` for bad input."""

from __future__ import annotations

from datetime import date

from .days import format_day
from .i18n import _


class OutOfCalendarRange(ValueError):
    """A day (or a computed due date) lies outside the years the calendar knows.

    Raised instead of guessing: a deadline computed without the year's holidays would be a
    silent wrong date.
    """

    def __init__(
        self, day: date | None, first_year: int, last_year: int, *, year: int | None = None
    ) -> None:
        self.day = day
        self.year = day.year if day is not None else year
        self.first_year = first_year
        self.last_year = last_year
        if day is None and year is not None:
            message = _("Năm {year} nằm ngoài phạm vi lịch ({first}–{last}).").format(
                year=year, first=first_year, last=last_year
            )
        elif day is None:
            message = _(
                "Kết quả tính vượt quá ngày 31/12/{last}, nằm ngoài phạm vi lịch ({first}–{last})."
            ).format(first=first_year, last=last_year)
        else:
            message = _("Ngày {day} nằm ngoài phạm vi lịch ({first}–{last}).").format(
                day=format_day(day), first=first_year, last=last_year
            )
        super().__init__(message)
