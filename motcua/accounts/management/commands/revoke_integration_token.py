"""``motcua revoke_integration_token <prefix>``: the token stops working at once."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from motcua.accounts.integration_tokens import TokenError, find_by_prefix, revoke


class Command(BaseCommand):
    # argparse formats its help with ``re``, which refuses lazy strings: plain ``str`` only,
    # translated when the parser is built.
    @property
    def help(self) -> str:
        return _("Thu hồi một token tích hợp theo tiền tố của khóa.")

    def add_arguments(self, parser):
        parser.add_argument("prefix", help=_("Tiền tố của khóa, ví dụ mc_AbCd1234."))

    def handle(self, *args, **options):
        try:
            token = find_by_prefix(options["prefix"])
        except TokenError as error:
            raise CommandError(str(error)) from None
        if revoke(token):
            self.stdout.write(_("Đã thu hồi token «%(name)s» (mc_%(prefix)s).") % {"name": token.name, "prefix": token.prefix})
        else:
            self.stdout.write(_("Token «%(name)s» (mc_%(prefix)s) đã bị thu hồi trước đó.") % {"name": token.name, "prefix": token.prefix})
