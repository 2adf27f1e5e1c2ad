"""Management commands that speak Vietnamese on bad input and exit with code 2, never a traceback.

argparse writes its own English messages and Django prefixes command errors with
"CommandError:"; citizens' officials read neither, so both are replaced here.
"""

from __future__ import annotations

import re
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

USAGE_ERROR = 2

# argparse's messages (Python 3.11–3.13) and their Vietnamese sentences.
_ARGPARSE_MESSAGES = [
    (
        re.compile(r"^the following arguments are required: (?P<a>.+)$"),
        gettext_noop("Thiếu tùy chọn bắt buộc: {a}."),
    ),
    (
        re.compile(r"^one of the arguments (?P<a>.+) is required$"),
        gettext_noop("Cần một trong các tùy chọn: {a}."),
    ),
    (
        re.compile(r"^argument (?P<a>\S+): not allowed with argument (?P<b>\S+)$"),
        gettext_noop("Không dùng {a} cùng với {b}."),
    ),
    (
        re.compile(r"^argument (?P<a>\S+): expected one argument$"),
        gettext_noop("Tùy chọn {a} cần một giá trị."),
    ),
    (
        re.compile(r"^argument (?P<a>\S+): ignored explicit argument (?P<b>.+)$"),
        gettext_noop("Tùy chọn {a} không nhận giá trị {b}."),
    ),
    (
        re.compile(r"^argument (?P<a>\S+): invalid (?P<t>\S+) value: (?P<b>.+)$"),
        gettext_noop("Giá trị {b} của {a} không hợp lệ."),
    ),
    (
        re.compile(r"^argument (?P<a>\S+): invalid choice: (?P<b>.+?)(?: \(choose from .*\))?$"),
        gettext_noop("Giá trị {b} của {a} không hợp lệ."),
    ),
    (re.compile(r"^unrecognized arguments: (?P<a>.+)$"), gettext_noop("Không hiểu tùy chọn: {a}.")),
    (re.compile(r"^argument (?P<a>\S+): (?P<b>.+)$"), gettext_noop("{a}: {b}")),
]


def vietnamese_usage_error(message: str) -> str:
    for pattern, sentence in _ARGPARSE_MESSAGES:
        match = pattern.match(message)
        if match:
            return _(sentence).format(**match.groupdict())
    return _("Lệnh không hợp lệ: {message}").format(message=message)


class VietnameseCommandParser(CommandParser):
    def error(self, message):
        text = vietnamese_usage_error(message)
        if self.called_from_command_line:
            hint = _("Xem hướng dẫn: {prog} --help").format(prog=self.prog)
            self.exit(USAGE_ERROR, f"{text}\n{hint}\n")
        raise CommandError(text, returncode=USAGE_ERROR)


class VietnameseCommand(BaseCommand):
    """A command whose errors are one Vietnamese line on stderr and exit code 2."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        # BaseCommand builds a CommandParser itself; only ``error`` differs in the subclass.
        parser.__class__ = VietnameseCommandParser
        return parser

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as error:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            self.stderr.write(str(error))
            sys.exit(error.returncode if error.returncode != 1 else USAGE_ERROR)
