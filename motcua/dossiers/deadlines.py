"""The legal clock as ``dossiers.workflow`` needs it: a due date at receipt, a shift on resume.

The rules live in ``motcua.workdays`` (pure) and the calendar data in ``motcua.workcalendar``;
this adapter only asks them and words what the dossier stores (due date, explanation shown to
people, calendar revision). ``workflow`` takes any object with the same two methods, so tests
can hand it a calendar of their own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.workdays.days import format_moment


@dataclass(frozen=True)
class DueDate:
    due_at: dt.datetime
    explanation: str
    calendar_revision: int | None
    # For an extension: the office time added.
    added: dt.timedelta = dt.timedelta(0)


class Deadlines(Protocol):
    def due(self, procedure, received_at: dt.datetime, *, restarted: bool = False) -> DueDate: ...

    def extend(
        self, due_at: dt.datetime, suspended_from: dt.datetime, resumed_at: dt.datetime
    ) -> DueDate: ...


def _hours(amount: dt.timedelta) -> str:
    hours = amount.total_seconds() / 3600
    return f"{hours:.2f}".rstrip("0").rstrip(".").replace(".", ",")


def restart_note(received_at: dt.datetime) -> str:
    return _(
        "Hồ sơ đã được bổ sung đầy đủ lúc %(moment)s: thời hạn giải quyết được tính lại từ đầu."
    ) % {"moment": format_moment(timezone.localtime(received_at))}


def suspension_note(
    suspended_from: dt.datetime, resumed_at: dt.datetime, working: dt.timedelta, new_due: dt.datetime
) -> str:
    return _(
        "Tạm dừng giải quyết từ %(start)s đến %(end)s (%(hours)s giờ làm việc): "
        "hẹn trả kết quả lùi đến %(due)s."
    ) % {
        "start": format_moment(timezone.localtime(suspended_from)),
        "end": format_moment(timezone.localtime(resumed_at)),
        "hours": _hours(working),
        "due": format_moment(timezone.localtime(new_due)),
    }


class CalendarDeadlines:
    """Deadlines from a ``workdays.WorkCalendar`` and the procedure's time limit.

    ``calendar`` and ``deadline_for`` default to the working calendar kept as data
    (``workcalendar.services``); a test may pass a calendar it built.
    """

    def __init__(self, calendar=None, deadline_for=None):
        self._calendar = calendar
        self._deadline_for = deadline_for

    def calendar(self):
        if self._calendar is not None:
            return self._calendar
        from motcua.workcalendar.services import get_calendar

        return get_calendar()

    def due(self, procedure, received_at: dt.datetime, *, restarted: bool = False) -> DueDate:
        if self._deadline_for is not None:
            due = self._deadline_for(procedure, received_at)
        else:
            from motcua.workcalendar.services import deadline_for

            due = deadline_for(procedure, received_at)
        calendar = getattr(due, "calendar", None) or self.calendar()
        explanation = str(due.explanation)
        if restarted:
            explanation = f"{restart_note(received_at)}\n{explanation}"
        return DueDate(due.due_at, explanation, getattr(calendar, "revision", None))

    def extend(
        self, due_at: dt.datetime, suspended_from: dt.datetime, resumed_at: dt.datetime
    ) -> DueDate:
        from motcua.workdays.deadlines import extend_for_suspension

        calendar = self.calendar()
        new_due = extend_for_suspension(calendar, due_at, suspended_from, resumed_at)
        working = calendar.working_time_between(suspended_from, resumed_at)
        note = suspension_note(suspended_from, resumed_at, working, new_due)
        return DueDate(new_due, note, getattr(calendar, "revision", None), added=working)
