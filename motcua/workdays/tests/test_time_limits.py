"""A procedure's time limit is validated once, with Vietnamese messages for bad values."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest

from motcua.workdays import TimeLimit, Unit


def test_time_limit_reads_numbers_and_unit_names():
    limit = TimeLimit(0.1, "working_days")
    assert limit.value == Decimal("0.1")
    assert limit.unit is Unit.WORKING_DAYS
    assert TimeLimit("3", Unit.WORKING_DAYS).whole_days == 3


def test_time_limit_is_written_in_vietnamese():
    assert str(TimeLimit(Decimal("0.5"), Unit.WORKING_DAYS)) == "0,5 ngày làm việc"
    assert str(TimeLimit(Decimal("3.0"), Unit.WORKING_DAYS)) == "3 ngày làm việc"
    assert str(TimeLimit(Decimal(8), Unit.WORKING_HOURS)) == "8 giờ làm việc"
    assert str(TimeLimit(None, Unit.SAME_DAY)) == "trong ngày"
    assert str(TimeLimit(Decimal(30), Unit.CALENDAR_DAYS)) == "30 ngày"


def test_same_day_uses_three_pm_unless_the_procedure_sets_a_cutoff():
    assert TimeLimit(None, Unit.SAME_DAY).effective_cutoff == time(15)
    assert TimeLimit(None, Unit.SAME_DAY, cutoff=time(16)).effective_cutoff == time(16)


@pytest.mark.parametrize(
    ("value", "unit", "message"),
    [
        (Decimal(-1), Unit.WORKING_DAYS, "không được là số âm"),
        (Decimal(366), Unit.WORKING_DAYS, "quá dài: tối đa 365 ngày làm việc"),
        (Decimal(2921), Unit.WORKING_HOURS, "quá dài: tối đa 2920 giờ làm việc"),
        (Decimal(400), Unit.CALENDAR_DAYS, "quá dài: tối đa 365 ngày"),
        (Decimal("1.5"), Unit.CALENDAR_DAYS, "phải là số nguyên"),
        (None, Unit.WORKING_DAYS, "Chưa nhập thời hạn giải quyết"),
        ("ba ngày", Unit.WORKING_DAYS, "phải là một số"),
        (True, Unit.WORKING_DAYS, "phải là một số"),
        (Decimal("NaN"), Unit.WORKING_HOURS, "phải là một số hữu hạn"),
        (float("inf"), Unit.WORKING_HOURS, "phải là một số hữu hạn"),
        (Decimal(1), Unit.SAME_DAY, "không cần số lượng"),
        (Decimal(1), "weeks", "Đơn vị thời hạn «weeks» không hợp lệ"),
    ],
)
def test_bad_time_limits_are_refused_with_a_vietnamese_message(value, unit, message):
    with pytest.raises(ValueError, match=message):
        TimeLimit(value, unit)


def test_a_cutoff_that_is_not_a_time_of_day_is_refused():
    with pytest.raises(ValueError, match="Giờ chốt tiếp nhận phải là một giờ trong ngày"):
        TimeLimit(None, Unit.SAME_DAY, cutoff="15:00")
