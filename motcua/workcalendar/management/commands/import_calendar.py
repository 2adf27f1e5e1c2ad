"""``motcua import_calendar FILE``: calendar entries from a CSV or JSON file, all or nothing."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from motcua.workcalendar.cli import USAGE_ERROR, VietnameseCommand
from motcua.workcalendar.importer import ImportFailed, import_entries, read_entries


class Command(VietnameseCommand):
    help = _(
        "Nhập các ngày nghỉ, ngày làm bù từ tệp CSV (cột day, kind, name, legal_basis, source, origin) "
        "hoặc JSON. Có một dòng sai thì không nhập dòng nào."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar=_("TỆP"))

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError:
            raise CommandError(
                _("Không đọc được tệp {path}.").format(path=path), returncode=USAGE_ERROR
            ) from None
        try:
            rows = read_entries(content, path.name)
        except ImportFailed as failure:
            raise CommandError(
                _("Không nhập ngày nào vì tệp có lỗi:") + "\n" + "\n".join(failure.errors),
                returncode=USAGE_ERROR,
            ) from None
        count = import_entries(rows, source_name=path.name)
        self.stdout.write(
            _("Đã nhập {count} ngày từ tệp {name}.").format(count=count, name=path.name)
        )
