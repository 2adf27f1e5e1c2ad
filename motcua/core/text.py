"""Vietnamese text folding for diacritic-insensitive search.

Written by hand on purpose: Unidecode is GPL-2.0+ and transliterates far more than we need,
and NFD stripping alone misses đ/Đ (U+0111/U+0110 have no Unicode decomposition), so
"dang ky" would never find "Đăng ký". Five lines do exactly what search needs.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def fold(text: str | None) -> str:
    """Lower-case, strip diacritics (đ→d too), drop control characters, squeeze spaces."""
    if not text:
        return ""
    text = _CONTROL.sub(" ", text).replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def clean_query(text: str | None, max_length: int = 200) -> str:
    """A user's search string made safe: control characters removed, length capped."""
    if not text:
        return ""
    return _SPACES.sub(" ", _CONTROL.sub(" ", text)).strip()[:max_length]


def _variants() -> dict[str, str]:
    """Each ASCII letter and every character that folds to it (both cases): e → eéèẻẽẹêếềểễệ…"""
    letters: dict[str, set[str]] = {}
    for code in [*range(0x41, 0x5B), *range(0x61, 0x7B), *range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = fold(char)
        if len(base) == 1 and base.isascii() and base.isalpha():
            # Single characters only: "İ".lower() is two (i + a combining dot).
            cases = {c for c in (char, char.upper(), char.lower()) if len(c) == 1}
            letters.setdefault(base, set()).update(cases)
    return {base: "".join(sorted(chars)) for base, chars in letters.items()}


# Text typed in decomposed form keeps its marks as separate characters after the letter.
_MARKS = f"[{chr(0x300)}-{chr(0x36F)}]*"


_VARIANTS = _variants()


def fold_pattern(text: str | None) -> str:
    """A regular expression finding ``text`` with or without diacritics, in either case.

    "nguyen van an" and "Nguyễn Văn An" both give a pattern matching "NGUYỄN Văn An": the query
    is folded, then each letter becomes the class of every character folding to it. Written
    for searching columns that keep names as typed (a dossier's applicant), where no folded
    copy is stored: one pattern works on SQLite (Django's REGEXP) and PostgreSQL (``~``),
    without relying on the database's locale for case. Only letters, digits, spaces and
    ``.-/_`` are kept: anything else in the query is dropped rather than escaped.
    """
    parts = []
    for char in fold(text):
        if char == " ":
            parts.append(r"\s+")
        elif char in _VARIANTS:
            parts.append(f"[{_VARIANTS[char]}]{_MARKS}")
        elif char.isascii() and (char.isalnum() or char in ".-/_"):
            parts.append(re.escape(char))
    return "".join(parts)
