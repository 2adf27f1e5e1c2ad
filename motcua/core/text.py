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
