"""The engine stays pure Python, and its texts can be routed through a translator."""

from __future__ import annotations

import pickle
import subprocess
import sys
from decimal import Decimal

from motcua.workdays import TimeLimit, Unit, due_for, set_translator
from motcua.workdays.tests.vn_calendars import at, vn_calendar


def test_importing_the_engine_loads_neither_django_nor_the_holidays_package():
    code = (
        "import sys, motcua.workdays;"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'django', 'holidays'}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_translator_set_by_the_django_side_translates_explanations():
    due = due_for(vn_calendar(), TimeLimit(Decimal(1), Unit.WORKING_DAYS), at("2026-03-09 10:00"))
    set_translator(lambda message: message.replace("Hạn trả", "Due"))
    try:
        assert (
            due.explanation.splitlines()[-1]
            == "Due: 17:00 thứ Ba 10/03/2026 (ngày làm việc thứ 1)."
        )
    finally:
        set_translator(None)
    assert (
        "Hạn trả: 17:00 thứ Ba 10/03/2026"
        in due_for(
            vn_calendar(), TimeLimit(Decimal(1), Unit.WORKING_DAYS), at("2026-03-09 10:00")
        ).explanation
    )


def test_calendar_and_due_survive_pickling_for_the_django_cache():
    calendar = pickle.loads(pickle.dumps(vn_calendar()))
    due = due_for(calendar, TimeLimit(Decimal(3), Unit.WORKING_DAYS), at("2026-02-13 14:20"))
    copy = pickle.loads(pickle.dumps(due))
    assert copy == due
    assert copy.due_at == at("2026-02-25 17:00")
    assert copy.explanation == due.explanation
