"""motcua export_catalog [--format json|xlsx] [-o FILE]: write the whole catalogue."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.catalog.io import dumps, export_excel, export_json


class Command(BaseCommand):
    help = _("Xuất toàn bộ danh mục thủ tục hành chính ra tệp JSON hoặc Excel (.xlsx).")

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["json", "xlsx"],
            default=None,
            help=_("định dạng tệp; mặc định theo đuôi tên tệp, nếu không có thì JSON"),
        )
        parser.add_argument("-o", "--output", help=_("tệp đích; không ghi thì in JSON ra màn hình"))

    def handle(self, *args, format: str | None, output: str | None, **options):
        kind = format or ("xlsx" if output and output.lower().endswith(".xlsx") else "json")
        if kind == "xlsx" and not output:
            raise CommandError(
                _(
                    "Tệp Excel là tệp nhị phân; hãy ghi tên tệp đích bằng -o, ví dụ -o danh-muc.xlsx."
                )
            )
        if kind == "json":
            text = dumps(export_json())
            if not output:
                self.stdout.write(text, ending="")
                return
            data = text.encode("utf-8")
        else:
            data = export_excel()
        try:
            Path(output).write_bytes(data)
        except OSError as exc:
            raise CommandError(
                _("Không ghi được tệp %(name)s: %(reason)s.")
                % {
                    "name": output,
                    "reason": exc.strerror or exc,
                }
            ) from None
        self.stdout.write(self.style.SUCCESS(_("Đã xuất danh mục ra %(name)s.") % {"name": output}))
