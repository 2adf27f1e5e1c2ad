"""Checks and normal forms for Vietnamese identity numbers, mobile phones and tax codes.

Each ``clean_*`` function takes what a person typed (spaces, dots and dashes allowed), returns
the normal form we store, or raises ``ValidationError`` with a Vietnamese sentence that says
what is wrong, so forms, the admin and imports give the same message.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-]+")

# The first three digits of a 12-digit personal identity number (CCCD) are the province where
# the birth was registered, coded as in the GSO list of the 63 provinces (Circular 07/2016/TT-BCA).
# The 34 provinces of 2025 kept codes from this list, so no new code appears.
PROVINCE_CODES = frozenset(
    (
        "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 "
        "026 027 030 031 033 034 035 036 037 038 040 042 044 045 046 048 "
        "049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 "
        "077 079 080 082 083 084 086 087 089 091 092 093 094 095 096"
    ).split()
)

# Mobile numbers: 0 + a network prefix digit (3, 5, 7, 8, 9) + 8 digits; +84/84 replaces the 0.
_MOBILE = re.compile(r"^0[35789]\d{8}$")


def _strip_separators(value: str | None) -> str:
    return _SEPARATORS.sub("", value or "")


def birth_year_from_identity_number(number: str) -> int | None:
    """The year of birth coded in digits 4–6 of a CCCD (digit 4: century and sex)."""
    if len(number) != 12 or not number.isdigit():
        return None
    century = 1900 + (int(number[3]) // 2) * 100
    return century + int(number[4:6])


def clean_identity_number(value: str | None, date_of_birth: dt.date | None = None) -> str:
    """A 12-digit personal identity number (số định danh cá nhân / CCCD), checked."""
    number = _strip_separators(value)
    if not number.isdigit() or len(number) != 12:
        raise ValidationError(
            _("Số định danh cá nhân phải gồm đúng 12 chữ số (ví dụ 001203012345)."),
            code="identity_format",
        )
    if number[:3] not in PROVINCE_CODES:
        raise ValidationError(
            _(
                "Ba chữ số đầu của số định danh cá nhân (%(code)s) không phải mã tỉnh, thành phố "
                "nơi đăng ký khai sinh. Vui lòng kiểm tra lại."
            ),
            code="identity_province",
            params={"code": number[:3]},
        )
    if date_of_birth is not None and birth_year_from_identity_number(number) != date_of_birth.year:
        raise ValidationError(
            _(
                "Số định danh cá nhân không khớp với năm sinh %(year)s: chữ số thứ 4 đến thứ 6 "
                "mã hóa thế kỷ và năm sinh. Vui lòng kiểm tra lại số định danh hoặc ngày sinh."
            ),
            code="identity_birth_year",
            params={"year": date_of_birth.year},
        )
    return number


def clean_phone(value: str | None) -> str:
    """A Vietnamese mobile number in its 10-digit national form (0xxxxxxxxx)."""
    number = _strip_separators(value).replace("(", "").replace(")", "")
    if number.startswith("+84"):
        number = "0" + number[3:]
    elif number.startswith("84") and len(number) == 11:
        number = "0" + number[2:]
    if not _MOBILE.match(number):
        raise ValidationError(
            _(
                "Số điện thoại di động không hợp lệ: cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 "
                "hoặc 09 (ví dụ 0912345678), hoặc dạng +84912345678."
            ),
            code="phone_format",
        )
    return number


_LANDLINE = re.compile(r"^02\d{9}$")


def clean_contact_phone(value: str | None) -> str:
    """A phone to be called back on: a mobile (``clean_phone``) or a landline, 11 digits
    starting with 02 since the 2017 renumbering (024 3851 2345). Text messages need a mobile."""
    try:
        return clean_phone(value)
    except ValidationError:
        number = _strip_separators(value).replace("(", "").replace(")", "")
        if number.startswith("+84"):
            number = "0" + number[3:]
        if _LANDLINE.match(number):
            return number
        raise ValidationError(
            _(
                "Số điện thoại không hợp lệ: số di động gồm 10 chữ số (ví dụ 0912345678) hoặc số cố "
                "định gồm 11 chữ số bắt đầu bằng 02 (ví dụ 024 3851 2345)."
            ),
            code="phone_format",
        ) from None


def clean_tax_code(value: str | None) -> str:
    """An enterprise or tax code: 10 digits, or 13 digits for a branch (stored as 10-3)."""
    raw = (value or "").strip().replace(" ", "")
    digits = raw.replace("-", "")
    if not digits.isdigit() or len(digits) not in (10, 13) or raw.count("-") > 1:
        raise ValidationError(
            _(
                "Mã số doanh nghiệp/mã số thuế phải gồm 10 chữ số, hoặc 13 chữ số đối với chi "
                "nhánh, đơn vị phụ thuộc (ví dụ 0101234567 hoặc 0101234567-001)."
            ),
            code="tax_code_format",
        )
    return digits if len(digits) == 10 else f"{digits[:10]}-{digits[10:]}"
