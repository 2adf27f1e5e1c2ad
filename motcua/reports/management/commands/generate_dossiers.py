"""``motcua generate_dossiers --year 2017``: a year of resolved dossiers for the demo or benchmarks.

See ``motcua.reports.generate`` and docs/reports.md (volumes, their basis, what is skipped).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from motcua.reports.generate import GenerationRefused, generate_year


class Command(BaseCommand):
    help = "Sinh hồ sơ lịch sử của một năm (mặc định 2017) cho dữ liệu minh họa hoặc đo hiệu năng."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2017, help="Năm tiếp nhận hồ sơ.")
        parser.add_argument(
            "--count", type=int, default=None,
            help="Tổng số hồ sơ (mặc định: số ước tính cho quận khoảng 400.000 dân).",
        )
        parser.add_argument("--seed", type=int, default=2017, help="Hạt giống ngẫu nhiên.")
        parser.add_argument(
            "--channel-online-share", dest="online_share", type=float, default=1.0,
            help="Tỷ lệ hồ sơ nộp trực tuyến, từ 0 đến 1 (năm 2017: 1,0).",
        )
        parser.add_argument(
            "--replace", action="store_true",
            help="Xóa hồ sơ đã sinh của năm này rồi sinh lại.",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            result = generate_year(
                options["year"],
                count=options["count"],
                seed=options["seed"],
                online_share=options["online_share"],
                replace=options["replace"],
            )
        except GenerationRefused as error:
            raise CommandError(str(error)) from None
        if options["verbosity"] == 0:
            return
        seconds = time.monotonic() - started
        if result.deleted:
            self.stdout.write(f"Đã xóa {result.deleted} hồ sơ đã sinh trước đó của năm {result.year}.")
        self.stdout.write(self.style.SUCCESS(
            f"Đã sinh {result.created} hồ sơ năm {result.year} cho "
            f"{len(result.per_procedure)} thủ tục trong {seconds:.1f} giây."
        ))
