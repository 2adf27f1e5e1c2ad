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


# Vietnamese alphabetical order (the 29 letters, with f j w z of foreign names at their Latin
# places). Code-point order puts "Ô" after "V" and "Đ" after "Z"; the database's collation
# differs between SQLite and PostgreSQL, so lists a citizen scans are sorted here instead.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: index for index, letter in enumerate(_ALPHABET)}
# Marks that make another letter (ă â ê ô ơ ư), as opposed to tone marks.
_LETTER_MARKS = frozenset("\u0306\u0302\u031b")
# Tones in dictionary order: ngang (none), huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# Ranks: space 0, a number 1 + its value (so "Phường 2" < "Phường 10"), letters, then the rest.
_NUMBER_CAP = 10**15
_LETTERS_FROM = _NUMBER_CAP + 2
_OTHERS_FROM = _LETTERS_FROM + len(_ALPHABET)


def vietnamese_sort_key(text: str | None) -> tuple:
    """A key sorting strings in Vietnamese dictionary order: letters first (a < ă < â < b …
    d < đ …, case ignored), then tones (ngang, huyền, hỏi, ngã, sắc, nặng), then case.

    So "Phường Ngã Tư Sở" < "Phường Ô Chợ Dừa" < "Phường Phương Liên" and "Dịch Vọng" < "Đống Đa".
    Spaces sort before anything, numbers before letters and by value, other characters last.
    """
    letters: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    number = ""
    for char in unicodedata.normalize("NFD", _SPACES.sub(" ", text or "").strip()) + " ":
        if char.isascii() and char.isdigit():
            number += char
            continue
        if number:
            letters.append(1 + min(int(number), _NUMBER_CAP))
            tones.append(0)
            cases.append(0)
            number = ""
        if unicodedata.combining(char):
            if char in _TONE_RANK and tones:
                tones[-1] = _TONE_RANK[char]
            elif char in _LETTER_MARKS and letters and _LETTERS_FROM <= letters[-1] < _OTHERS_FROM:
                # The letter-forming mark makes another letter: a + breve is ă.
                combined = unicodedata.normalize("NFC", _ALPHABET[letters[-1] - _LETTERS_FROM] + char)
                if combined in _LETTER_RANK:
                    letters[-1] = _LETTERS_FROM + _LETTER_RANK[combined]
            continue
        lower = char.lower()
        if char.isspace():
            rank = 0
        elif lower in _LETTER_RANK:
            rank = _LETTERS_FROM + _LETTER_RANK[lower]
        else:
            rank = _OTHERS_FROM + ord(lower[0])
        letters.append(rank)
        tones.append(0)
        cases.append(0 if char == lower else 1)
    return (tuple(letters), tuple(tones), tuple(cases), text or "")
