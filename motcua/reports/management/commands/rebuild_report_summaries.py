"""``motcua rebuild_report_summaries [--year Y]``: recompute the report summary rows."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.reports.indicators import Period
from motcua.reports.summaries import rebuild


class Command(BaseCommand):
    help = "Tính lại bảng số liệu tổng hợp cho báo cáo (toàn bộ, hoặc một năm với --year)."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="chỉ tính lại năm này")

    def handle(self, *args, **options):
        year = options.get("year")
        if year is not None and not 2000 <= year <= 2200:
            raise CommandError("Năm phải trong khoảng 2000–2200.")
        rows = rebuild(Period.year(year) if year else None)
        self.stdout.write(f"{rows} dòng số liệu tổng hợp.")
