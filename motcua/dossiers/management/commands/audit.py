"""``motcua audit verify``: check every dossier's hash chain of audit events.

Prints ``OK: N chuỗi, M sự kiện`` and exits 0 when every chain is intact; otherwise prints each
broken chain and exits 1 (for cron jobs and monitoring).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.dossiers.audit import iter_chains


class Command(BaseCommand):
    # argparse formats its help with ``re``, which refuses lazy strings: plain ``str`` only,
    # translated when the parser is built.
    @property
    def help(self) -> str:
        return _("Kiểm tra nhật ký hồ sơ: mỗi chuỗi sự kiện phải nguyên vẹn (mã băm nối tiếp).")

    def add_arguments(self, parser):
        parser.add_argument("check", choices=["verify"], help=_("verify: kiểm tra mọi chuỗi nhật ký."))

    def handle(self, *args, **options):
        chains = events = 0
        broken = []
        for result in iter_chains():
            chains += 1
            events += result.events
            if not result.ok:
                broken.append(result)
                self.stdout.write(str(result))
        if broken:
            raise CommandError(
                _("Phát hiện %(broken)s/%(chains)s chuỗi nhật ký bị phá vỡ (%(events)s sự kiện).")
                % {"broken": len(broken), "chains": chains, "events": events},
                returncode=1,
            )
        self.stdout.write(self.style.SUCCESS(
            _("OK: %(chains)s chuỗi, %(events)s sự kiện") % {"chains": chains, "events": events}
        ))
