"""``motcua calendar YEAR``: the year's days off and make-up working days, as the database has them."""

from __future__ import annotations

import argparse

from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.workcalendar.cli import USAGE_ERROR, VietnameseCommand
from motcua.workcalendar.models import CalendarEntry, CalendarYear
from motcua.workcalendar.services import calendar_years, get_calendar
from motcua.workdays.days import format_day, weekday_name


def year_number(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("năm «{value}» không hợp lệ; hãy viết bốn chữ số, ví dụ 2026.").format(value=value)
        ) from None


class Command(VietnameseCommand):
    help = _(
        "In các ngày nghỉ và ngày làm việc bù của một năm, và cho biết lịch năm đã được xác nhận chưa."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=year_number, metavar=_("NĂM"))

    def handle(self, *args, **options):
        year = options["year"]
        get_calendar()  # makes sure the current and next year exist
        first, last = calendar_years()
        if not first <= year <= last:
            raise CommandError(
                _("Năm {year} nằm ngoài phạm vi lịch ({first}–{last}).").format(
                    year=year, first=first, last=last
                ),
                returncode=USAGE_ERROR,
            )
        for entry in CalendarEntry.objects.filter(day__year=year).order_by("day"):
            self.stdout.write(
                f"{entry.day:%Y-%m-%d}  {weekday_name(entry.day, capital=True):<9} "
                f"{entry.get_kind_display():<22} {entry.name}"
            )
        calendar_year = (
            CalendarYear.objects.filter(year=year).select_related("confirmed_by").first()
        )
        if calendar_year is not None and calendar_year.confirmed:
            line = _("Lịch năm {year} đã được xác nhận theo thông báo chính thức").format(year=year)
            if calendar_year.confirmed_at:
                line += _(" ngày {day}").format(
                    day=format_day(timezone.localtime(calendar_year.confirmed_at))
                )
            if calendar_year.confirmed_by:
                line += _(" bởi {user}").format(user=calendar_year.confirmed_by)
            self.stdout.write(line + ".")
        else:
            self.stdout.write(
                _(
                    "Lịch năm {year} chưa được xác nhận: các ngày nghỉ được tính theo quy định của "
                    "Bộ luật Lao động, chưa đối chiếu thông báo chính thức."
                ).format(year=year)
            )
