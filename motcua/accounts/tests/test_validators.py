import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from motcua.accounts.validators import (
    birth_year_from_identity_number,
    clean_identity_number,
    clean_phone,
    clean_tax_code,
)


def test_identity_number_typed_with_spaces_is_stored_as_twelve_digits():
    assert clean_identity_number("001 090 012 345") == "001090012345"


@pytest.mark.parametrize("value", ["12345678901", "0010900123456", "00109001234a", ""])
def test_identity_number_of_wrong_length_or_with_letters_says_twelve_digits(value):
    with pytest.raises(ValidationError) as error:
        clean_identity_number(value)
    assert "12 chữ số" in error.value.messages[0]


def test_identity_number_with_unknown_province_code_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_identity_number("003090012345")  # 003 is no province
    assert "mã tỉnh" in error.value.messages[0]
    assert "003" in error.value.messages[0]


def test_identity_number_must_match_the_year_of_birth():
    assert clean_identity_number("079203001234", dt.date(2003, 1, 2)) == "079203001234"
    with pytest.raises(ValidationError) as error:
        clean_identity_number("079203001234", dt.date(1993, 1, 2))
    assert "không khớp với năm sinh 1993" in error.value.messages[0]


def test_century_digit_decodes_birth_year():
    assert birth_year_from_identity_number("001090012345") == 1990  # 0: man born 19xx
    assert birth_year_from_identity_number("001185012345") == 1985  # 1: woman born 19xx
    assert birth_year_from_identity_number("001305012345") == 2005  # 3: woman born 20xx


@pytest.mark.parametrize(
    "typed",
    [
        "0912345678",
        "091 234 5678",
        "0912.345.678",
        "+84912345678",
        "84912345678",
        "+84 91 234 5678",
    ],
)
def test_mobile_numbers_in_common_notations_become_ten_digits(typed):
    assert clean_phone(typed) == "0912345678"


@pytest.mark.parametrize("typed", ["0212345678", "091234567", "09123456789", "abc", "1900561234"])
def test_invalid_mobile_number_explains_the_format(typed):
    with pytest.raises(ValidationError) as error:
        clean_phone(typed)
    assert "Số điện thoại di động không hợp lệ" in error.value.messages[0]


def test_tax_code_of_ten_or_thirteen_digits_is_accepted():
    assert clean_tax_code("0101234567") == "0101234567"
    assert clean_tax_code("0101234567-001") == "0101234567-001"
    assert clean_tax_code("0101234567001") == "0101234567-001"


@pytest.mark.parametrize(
    "typed", ["010123456", "01012345678", "0101234567-01", "01012345x7", "01-01234567-001"]
)
def test_invalid_tax_code_says_ten_or_thirteen_digits(typed):
    with pytest.raises(ValidationError) as error:
        clean_tax_code(typed)
    assert "10 chữ số, hoặc 13 chữ số" in error.value.messages[0]


@pytest.mark.parametrize(
    "province", ["001", "025", "026", "048", "049", "075", "077", "079", "096"]
)
def test_identity_numbers_from_every_province_are_accepted(province):
    assert clean_identity_number(f"{province}090012345") == f"{province}090012345"


def test_the_sixty_three_province_codes_are_all_known():
    from motcua.accounts.validators import PROVINCE_CODES

    assert len(PROVINCE_CODES) == 63
