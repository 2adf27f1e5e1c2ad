"""``motcua create_integration_token --agency <code> --role desk_officer [--role specialist]
--name "…" [--expires-days N]``: a service account and its token for one agency.

The key is printed once and never stored (only its SHA-256 is); keep it in the other
system's secret store.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.accounts.integration_tokens import ALLOWED_ROLES, TokenError, create_integration
from motcua.units.models import Agency


def find_agency(code: str | None, agency_id: int | None) -> Agency:
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            raise CommandError(_("Không có cơ quan số %(id)s.") % {"id": agency_id})
        return agency
    matches = list(Agency.objects.filter(code=(code or "").strip()).order_by("pk")[:2])
    if not code or not matches:
        raise CommandError(_("Không có cơ quan với mã định danh «%(code)s».") % {"code": code or ""})
    if len(matches) > 1:
        current = list(Agency.objects.valid_on(timezone.localdate()).filter(code=code).order_by("pk")[:2])
        if len(current) != 1:
            raise CommandError(
                _("Có nhiều cơ quan mang mã «%(code)s»; hãy chỉ rõ bằng --agency-id.") % {"code": code}
            )
        return current[0]
    return matches[0]


class Command(BaseCommand):
    # argparse formats its help with ``re``, which refuses lazy strings: plain ``str`` only,
    # translated when the parser is built.
    @property
    def help(self) -> str:
        return _("Tạo token tích hợp cho một hệ thống khác, hành động thay một cơ quan.")

    def add_arguments(self, parser):
        parser.add_argument("--agency", help=_("Mã định danh điện tử của cơ quan."))
        parser.add_argument("--agency-id", type=int, help=_("Số định danh của cơ quan."))
        parser.add_argument(
            "--role", action="append", choices=ALLOWED_ROLES, required=True,
            help=_("Vai trò của hệ thống tại cơ quan (lặp lại để thêm vai trò)."),
        )
        parser.add_argument("--name", required=True, help=_("Tên hệ thống tích hợp."))
        parser.add_argument(
            "--expires-days", type=int, help=_("Số ngày hiệu lực (mặc định: không hết hạn).")
        )

    def handle(self, *args, **options):
        agency = find_agency(options.get("agency"), options.get("agency_id"))
        days = options.get("expires_days")
        if days is not None and days < 1:
            raise CommandError(_("Số ngày hiệu lực phải từ 1 trở lên."))
        expires_at = timezone.now() + dt.timedelta(days=days) if days else None
        try:
            token, key = create_integration(
                name=options["name"], agency=agency, roles=options["role"], expires_at=expires_at
            )
        except TokenError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("Đã tạo token tích hợp «%(name)s» cho %(agency)s (vai trò: %(roles)s), tiền tố mc_%(prefix)s.")
            % {"name": token.name, "agency": agency.name, "roles": ", ".join(sorted(set(options["role"]))),
               "prefix": token.prefix}
        )
        if expires_at:
            self.stdout.write(_("Hết hạn lúc: %(at)s") % {"at": timezone.localtime(expires_at).isoformat()})
        self.stdout.write(_("Khóa (chỉ hiện một lần, hãy lưu ngay):"))
        self.stdout.write(key)
