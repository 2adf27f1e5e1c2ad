"""Masking of identity numbers for lists (Decree 13/2023: show no more than a page needs)."""

from __future__ import annotations

MASK = "*"


def mask_identity(number: str | None) -> str:
    """``001203012345`` → ``0012****2345``: the first and last four characters stay.

    Shorter values (an old 9-digit ID card, a typo) keep only their last two characters, so
    a list never shows a whole number whatever was stored.
    """
    if not number:
        return ""
    number = str(number)
    if len(number) >= 10:
        return number[:4] + MASK * (len(number) - 8) + number[-4:]
    if len(number) <= 2:
        return MASK * len(number)
    return MASK * (len(number) - 2) + number[-2:]
