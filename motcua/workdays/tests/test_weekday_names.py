"""Weekday names inside explanations: Vietnamese lowers "thứ", English keeps "Friday"."""

from datetime import date

import pytest

from motcua.workdays.days import weekday_name
from motcua.workdays.i18n import set_translator

FRIDAY = date(2026, 11, 27)


@pytest.fixture
def translator():
    """Install a translator for one test and put the previous one back."""
    from motcua.workdays import i18n

    previous = i18n._translator
    yield set_translator
    set_translator(previous)


@pytest.fixture
def english(translator):
    names = {"Thứ Sáu": "Friday", "Chủ nhật": "Sunday"}
    translator(lambda message: names.get(message, message))


def test_vietnamese_weekday_is_lowered_inside_a_sentence_and_capitalised_on_request(translator):
    translator(None)
    assert weekday_name(FRIDAY) == "thứ Sáu"
    assert weekday_name(FRIDAY, capital=True) == "Thứ Sáu"


def test_english_weekday_keeps_its_capital(english):
    assert weekday_name(FRIDAY) == "Friday"
    assert weekday_name(date(2026, 11, 29)) == "Sunday"
