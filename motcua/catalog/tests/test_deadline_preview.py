"""The procedure page tells a citizen when the result would be due if they applied now."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from motcua.catalog.models import TimeLimitUnit
from motcua.catalog.tests.factories import make_procedure

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def now_is(monkeypatch):
    def freeze(local: dt.datetime):
        monkeypatch.setattr(timezone, "now", lambda: local.replace(tzinfo=HANOI))

    return freeze


@pytest.mark.django_db
def test_procedure_page_shows_due_date_across_tet_2026(client, now_is):
    # Friday 13/02/2026 14:20; Tết off Mon 16 – Fri 20; three working days → Wed 25/02 17:00.
    now_is(dt.datetime(2026, 2, 13, 14, 20))
    procedure = make_procedure(time_limit_value=Decimal("3"), time_limit_unit=TimeLimitUnit.WORKING_DAYS)
    page = client.get(f"/thu-tuc/{procedure.code}/").content.decode()
    assert "Nếu nộp hồ sơ bây giờ, kết quả dự kiến vào" in page
    assert "25/02/2026 17:00" in page
    assert "Tết" in page  # the explanation names the days skipped


@pytest.mark.django_db
def test_same_day_procedure_after_cutoff_is_due_next_working_day(client, now_is):
    # Friday 16:00 after the 15:00 cut-off → Monday 17:00 (weekend skipped).
    now_is(dt.datetime(2026, 3, 13, 16, 0))
    procedure = make_procedure(time_limit_value=None, time_limit_unit=TimeLimitUnit.SAME_DAY)
    page = client.get(f"/thu-tuc/{procedure.code}/").content.decode()
    assert "16/03/2026 17:00" in page


@pytest.mark.django_db
def test_procedure_without_time_limit_shows_no_preview(client, now_is):
    now_is(dt.datetime(2026, 3, 13, 10, 0))
    procedure = make_procedure(time_limit_value=None, time_limit_unit=TimeLimitUnit.WORKING_DAYS)
    response = client.get(f"/thu-tuc/{procedure.code}/")
    assert response.status_code == 200
    assert "Nếu nộp hồ sơ bây giờ" not in response.content.decode()
