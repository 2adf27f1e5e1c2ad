"""motcua.workdays: the working-day calendar and deadline engine (pure Python, no Django).

Build a ``WorkCalendar`` once from the year's special days, then ask it for due dates:

    calendar = WorkCalendar(special_days, first_year=2018, last_year=2027)
    due = due_for(calendar, TimeLimit(Decimal(3), Unit.WORKING_DAYS), received_at)
    due.due_at, due.explanation

The rules are in docs/deadlines.md.
"""

from .days import DayKind, SpecialDay
from .deadlines import (
    Due,
    due_dates_batch,
    due_for,
    extend_for_suspension,
    restart_after_supplement,
)
from .errors import OutOfCalendarRange
from .i18n import set_translator
from .limits import DEFAULT_SAME_DAY_CUTOFF, TimeLimit, Unit
from .naive import naive_add_working_days
from .office_hours import OfficeHours
from .work_calendar import WorkCalendar

__all__ = [
    "DEFAULT_SAME_DAY_CUTOFF",
    "DayKind",
    "Due",
    "OfficeHours",
    "OutOfCalendarRange",
    "SpecialDay",
    "TimeLimit",
    "Unit",
    "WorkCalendar",
    "due_dates_batch",
    "due_for",
    "extend_for_suspension",
    "naive_add_working_days",
    "restart_after_supplement",
    "set_translator",
]
