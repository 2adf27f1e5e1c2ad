"""``motcua load_units``: the national lists of administrative units (see units/national.py)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from motcua.units import national


class Command(BaseCommand):
    help = (
        "Nạp danh mục đơn vị hành chính cả nước: giai đoạn đến 30/06/2025 (63 tỉnh, huyện, xã) "
        "và/hoặc từ 01/07/2025 (34 tỉnh, 3.321 xã). Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--era",
            choices=national.ERAS,
            default=national.BOTH,
            help="legacy: đến 30/06/2025; current: từ 01/07/2025; both: cả hai (mặc định).",
        )
        parser.add_argument(
            "--province",
            metavar="MÃ",
            help="Chỉ nạp một tỉnh, theo mã tỉnh của Tổng cục Thống kê trong giai đoạn đó (ví dụ 01).",
        )

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            reports = national.load_units(options["era"], options["province"])
        except national.UnknownProvince as exc:
            raise CommandError(
                f"Không có tỉnh, thành phố mã “{exc}” trong danh mục đã chọn. "
                "Mã tỉnh gồm 1–2 chữ số, ví dụ 01 (Hà Nội)."
            ) from exc
        if options["verbosity"] == 0:
            return
        for line in national.iter_summary(reports):
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"Xong trong {time.monotonic() - started:.1f} giây."))
