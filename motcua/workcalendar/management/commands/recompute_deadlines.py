"""``motcua recompute_deadlines [--apply]``: due dates the current calendar would move."""

from __future__ import annotations

from datetime import datetime

from django.utils.translation import gettext as _

from motcua.workcalendar.cli import VietnameseCommand
from motcua.workcalendar.formatting import local_minute
from motcua.workcalendar.services import recompute_deadlines


class Command(VietnameseCommand):
    help = _(
        "Liệt kê các hồ sơ đang giải quyết có hạn trả thay đổi theo lịch hiện tại; "
        "với --apply thì cập nhật hạn mới. Mỗi lần chạy đều được ghi nhật ký."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--apply", action="store_true", help=_("Cập nhật hạn mới cho các hồ sơ.")
        )

    def handle(self, *args, **options):
        log = recompute_deadlines(apply=options["apply"])
        for change in log.changes:
            label = change["code"] or f"#{change['dossier']}"
            old = local_minute(datetime.fromisoformat(change["old_due"]))
            if change.get("error"):
                self.stdout.write(
                    _("{dossier}: {old} → không tính được: {error}").format(
                        dossier=label, old=old, error=change["error"]
                    )
                )
            else:
                new = local_minute(datetime.fromisoformat(change["new_due"]))
                self.stdout.write(f"{label}: {old} → {new}")
        self.stdout.write(
            _(
                "Đã kiểm tra {checked} hồ sơ; {changed} hồ sơ có hạn mới theo lịch phiên bản {revision}."
            ).format(
                checked=log.dossiers_checked, changed=log.dossiers_changed, revision=log.to_revision
            )
        )
        if log.applied:
            self.stdout.write(_("Đã cập nhật hạn mới (nhật ký #{id}).").format(id=log.pk))
        elif log.dossiers_changed:
            self.stdout.write(
                _(
                    "Chưa thay đổi hồ sơ nào; chạy lại với --apply để cập nhật (nhật ký #{id})."
                ).format(id=log.pk)
            )
