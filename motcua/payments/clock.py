"""The payments' notion of "now", one function so tests can move time (timeouts, expiry)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def now() -> dt.datetime:
    return timezone.now()
