"""The human explanation of a due date, in plain Vietnamese, built only when someone reads it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from .days import SpecialDay, format_day, format_moment
from .i18n import _
from .limits import Unit, format_number

if TYPE_CHECKING:
    from .deadlines import Due

_ONE_DAY = timedelta(days=1)
_US_PER_HOUR = 3_600_000_000


def _days(first: date, stop: date):
    """Days from ``first`` up to but excluding ``stop``."""
    day = first
    while day < stop:
        yield day
        day += _ONE_DAY


def skipped_days(due: Due) -> tuple[SpecialDay, ...]:
    """Non-working days between the receipt and the due date that did not count.

    For calendar-day limits the days inside the period count, so only the days before the
    effective receipt and those by which the end was pushed to a working day are skipped.
    """
    calendar = due.calendar
    received_day = due.received_at.astimezone(calendar.tz).date()
    effective_day = due.effective_receipt.date()
    due_day = due.due_at.date()
    if due.limit.unit is Unit.CALENDAR_DAYS:
        last_day = effective_day + timedelta(days=due.limit.whole_days)
        candidates = [*_days(received_day, effective_day), *_days(last_day, due_day)]
    else:
        candidates = list(_days(received_day, due_day))
    return tuple(
        calendar.special_day(day) for day in candidates if not calendar.is_working_day(day)
    )


def _short_day(day: date, year: int) -> str:
    return format_day(day) if day.year != year else f"{day.day:02d}/{day.month:02d}"


def group_days(days: tuple[SpecialDay, ...], year: int) -> list[str]:
    """'14/02 (Thứ Bảy)', '16/02–20/02 (Tết Nguyên đán)': consecutive days with one reason."""
    groups: list[list] = []
    for special in days:
        last = groups[-1] if groups else None
        if last and last[1] + _ONE_DAY == special.day and last[2] == special.label:
            last[1] = special.day
        else:
            groups.append([special.day, special.day, special.label])
    texts = []
    for first, last, label in groups:
        span = _short_day(first, year)
        if last != first:
            span = f"{span}–{_short_day(last, year)}"
        texts.append(f"{span} ({label})")
    return texts


def _receipt_lines(due: Due) -> list[str]:
    calendar = due.calendar
    received = due.received_at.astimezone(calendar.tz)
    lines = []
    if due.restarted:
        lines.append(_("Đã nhận đủ hồ sơ bổ sung: thời hạn giải quyết được tính lại từ đầu."))
    lines.append(_("Tiếp nhận: {moment}.").format(moment=format_moment(received)))
    if due.effective_receipt != received:
        hours = calendar.office_hours
        moment = received.time()
        if not calendar.is_working_day(received.date()):
            why = _("Ngày nghỉ ({reason})").format(reason=calendar.reason(received.date()))
        elif moment < hours.opens:
            why = _("Trước giờ làm việc")
        elif moment >= hours.closes:
            why = _("Sau giờ làm việc")
        else:
            why = _("Trong giờ nghỉ trưa")
        lines.append(
            _("{why}: coi như tiếp nhận lúc {moment}.").format(
                why=why, moment=format_moment(due.effective_receipt)
            )
        )
    return lines


def _limit_lines(due: Due) -> list[str]:
    calendar, limit = due.calendar, due.limit
    office = str(calendar.office_hours)
    if limit.unit is Unit.WORKING_DAYS and limit.whole_days is not None:
        if limit.whole_days == 0:
            return [_("Thời hạn: {limit}, trả trong ngày tiếp nhận.").format(limit=limit)]
        return [
            _("Thời hạn: {limit}.").format(limit=limit),
            _("Không tính ngày tiếp nhận; tính từ ngày làm việc tiếp theo."),
        ]
    if limit.unit is Unit.WORKING_DAYS:
        hours = format_number(limit.value * Decimal(calendar._day_us) / _US_PER_HOUR)
        return [
            _(
                "Thời hạn: {limit}, tức {hours} giờ làm việc, tính từ lúc tiếp nhận trong giờ hành chính ({office})."
            ).format(limit=limit, hours=hours, office=office)
        ]
    if limit.unit is Unit.WORKING_HOURS:
        return [
            _("Thời hạn: {limit}, tính từ lúc tiếp nhận trong giờ hành chính ({office}).").format(
                limit=limit, office=office
            )
        ]
    if limit.unit is Unit.SAME_DAY:
        cutoff = f"{limit.effective_cutoff:%H:%M}"
        lines = [
            _(
                "Thời hạn: trong ngày; hồ sơ tiếp nhận sau {cutoff} được trả trong ngày làm việc tiếp theo."
            ).format(cutoff=cutoff)
        ]
        if due.effective_receipt.time() > limit.effective_cutoff:
            lines.append(
                _("Tiếp nhận sau {cutoff} nên hạn trả chuyển sang ngày làm việc tiếp theo.").format(
                    cutoff=cutoff
                )
            )
        return lines
    last_day = due.effective_receipt.date() + timedelta(days=limit.whole_days)
    lines = [
        _("Thời hạn: {limit}, tính cả ngày nghỉ.").format(limit=limit),
        _("Không tính ngày tiếp nhận; ngày cuối cùng của thời hạn là {day}.").format(
            day=format_day(last_day)
        ),
    ]
    if last_day != due.due_at.date():
        lines.append(
            _(
                "Ngày {day} là ngày nghỉ ({reason}) nên thời hạn kết thúc vào cuối ngày làm việc tiếp theo."
            ).format(day=format_day(last_day), reason=calendar.reason(last_day))
        )
    return lines


def explain(due: Due) -> str:
    """Receipt, limit, the days skipped (grouped), and the due date, one sentence a line."""
    lines = _receipt_lines(due) + _limit_lines(due)
    if due.skipped:
        lines.append(
            _("Bỏ qua: {days}.").format(days=", ".join(group_days(due.skipped, due.due_at.year)))
        )
    limit = due.limit
    if limit.unit is Unit.WORKING_DAYS and limit.whole_days:
        calendar = due.calendar
        number = calendar.working_days_between(due.effective_receipt.date(), due.due_at.date())
        lines.append(
            _("Hạn trả: {moment} (ngày làm việc thứ {number}).").format(
                moment=format_moment(due.due_at), number=number
            )
        )
    else:
        lines.append(_("Hạn trả: {moment}.").format(moment=format_moment(due.due_at)))
    return "\n".join(lines)
