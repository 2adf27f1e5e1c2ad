"""motcua import_catalog FILE [--dry-run]: load a JSON or xlsx catalogue, all or nothing."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalog.io import ImportReport, import_catalog

# Exit code for a file that was refused (bad format or bad rows), as with a usage error.
EXIT_BAD_FILE = 2


class Command(BaseCommand):
    help = _(
        "Nhập danh mục thủ tục hành chính từ tệp JSON hoặc Excel (.xlsx); lỗi ở bất kỳ dòng nào thì không ghi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", help=_("đường dẫn tệp .json hoặc .xlsx; '-' để đọc từ đầu vào chuẩn")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("chỉ kiểm tra và báo cáo, không ghi vào cơ sở dữ liệu"),
        )

    def handle(self, *args, file: str, dry_run: bool, **options):
        source = sys.stdin.buffer if file == "-" else file
        report = import_catalog(source, dry_run=dry_run)
        self._print(report)
        if not report.ok:
            raise CommandError(report.summary(), returncode=EXIT_BAD_FILE)

    def _print(self, report: ImportReport) -> None:
        for label, rows in ((_("Thêm mới"), report.created), (_("Cập nhật"), report.updated)):
            for row in rows:
                self.stdout.write(f"{label}: {row.kind_label} {row.key} · {row.name}")
        for error in report.errors:
            self.stderr.write(error.message)
        if report.omitted_errors:
            self.stderr.write(_("… và %(count)d lỗi khác.") % {"count": report.omitted_errors})
        if report.ok:
            self.stdout.write(self.style.SUCCESS(report.summary()))
