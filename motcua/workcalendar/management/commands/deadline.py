"""``motcua deadline``: the due instant of a dossier, from the calendar in the database.

    motcua deadline --received "2026-02-13 14:20" --working-days 3
    2026-02-25 17:00
    Tiếp nhận: 14:20 thứ Sáu 13/02/2026.
    …

The first line is machine-readable (local time); the explanation follows.
"""

from __future__ import annotations

import argparse
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.workcalendar.cli import USAGE_ERROR, VietnameseCommand
from motcua.workcalendar.formatting import local_minute
from motcua.workcalendar.services import get_calendar, parse_hhmm
from motcua.workdays import TimeLimit, Unit, due_for


def received_instant(value: str) -> datetime:
    for pattern in ("%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"):
        try:
            return timezone.make_aware(datetime.strptime(value.strip(), pattern))
        except ValueError:
            continue
    raise argparse.ArgumentTypeError(
        _(
            'thời điểm tiếp nhận «{value}» không hợp lệ; hãy viết "YYYY-MM-DD HH:MM", ví dụ "2026-02-13 14:20".'
        ).format(value=value)
    )


def amount(value: str) -> Decimal:
    try:
        number = Decimal(value.strip().replace(",", "."))
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise argparse.ArgumentTypeError(_("«{value}» không phải là một số.").format(value=value))
    if number < 0:
        raise argparse.ArgumentTypeError(
            _("thời hạn không được là số âm ({value}).").format(value=value)
        )
    return number


def cutoff_time(value: str):
    try:
        return parse_hhmm(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


class Command(VietnameseCommand):
    help = _("Tính hạn trả kết quả theo lịch làm việc trong cơ sở dữ liệu.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--received",
            required=True,
            type=received_instant,
            metavar='"YYYY-MM-DD HH:MM"',
            help=_("Thời điểm tiếp nhận hồ sơ (giờ Việt Nam)."),
        )
        limit = parser.add_mutually_exclusive_group(required=True)
        limit.add_argument(
            "--working-days", type=amount, metavar="N", help=_("Thời hạn N ngày làm việc.")
        )
        limit.add_argument(
            "--working-hours", type=amount, metavar="N", help=_("Thời hạn N giờ làm việc.")
        )
        limit.add_argument("--same-day", action="store_true", help=_("Giải quyết trong ngày."))
        limit.add_argument(
            "--calendar-days", type=amount, metavar="N", help=_("Thời hạn N ngày (theo lịch).")
        )
        parser.add_argument(
            "--cutoff",
            type=cutoff_time,
            metavar="HH:MM",
            help=_(
                "Giờ tiếp nhận cuối để giải quyết trong ngày (mặc định 15:00); chỉ dùng với --same-day."
            ),
        )

    def handle(self, *args, **options):
        if options["cutoff"] is not None and not options["same_day"]:
            raise CommandError(_("--cutoff chỉ dùng cùng với --same-day."), returncode=USAGE_ERROR)
        if options["same_day"]:
            unit, value = Unit.SAME_DAY, None
        elif options["working_days"] is not None:
            unit, value = Unit.WORKING_DAYS, options["working_days"]
        elif options["working_hours"] is not None:
            unit, value = Unit.WORKING_HOURS, options["working_hours"]
        else:
            unit, value = Unit.CALENDAR_DAYS, options["calendar_days"]
        try:
            limit = TimeLimit(value, unit, options["cutoff"])
            due = due_for(get_calendar(), limit, options["received"])
        except ValueError as error:  # OutOfCalendarRange is a ValueError too
            raise CommandError(str(error), returncode=USAGE_ERROR) from None
        self.stdout.write(local_minute(due.due_at))
        self.stdout.write(due.explanation)
