"""How due instants read in Vietnamese, for the CLI, the admin and the procedure page."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from motcua.workdays.days import format_day, weekday_name


def local_minute(moment: datetime) -> str:
    """'2026-02-25 17:00' in local time: the CLI's machine-readable first line."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def due_phrase(moment: datetime) -> str:
    """'17:00 thứ Tư, 25/02/2026' in local time."""
    local = timezone.localtime(moment)
    return f"{local:%H:%M} {weekday_name(local)}, {format_day(local)}"
