"""Due dates for each unit of time limit, supplements and suspensions, on the real calendar."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest

from motcua.workdays import (
    DayKind,
    TimeLimit,
    Unit,
    due_dates_batch,
    due_for,
    extend_for_suspension,
    restart_after_supplement,
)
from motcua.workdays.tests.vn_calendars import at, vn_calendar


@pytest.fixture
def calendar():
    return vn_calendar()


def working_days(n) -> TimeLimit:
    return TimeLimit(Decimal(n), Unit.WORKING_DAYS)


SAME_DAY = TimeLimit(None, Unit.SAME_DAY)


def test_one_working_day_from_monday_morning_is_due_tuesday_at_five_pm(calendar):
    due = due_for(calendar, working_days(1), at("2026-03-09 10:00"))
    assert due.due_at == at("2026-03-10 17:00")
    assert due.effective_receipt == at("2026-03-09 10:00")


def test_three_working_days_from_the_friday_before_tet_2026_are_due_after_tet(calendar):
    due = due_for(calendar, working_days(3), at("2026-02-13 14:20"))
    assert due.due_at == at("2026-02-25 17:00")
    assert [special.day.day for special in due.skipped] == [14, 15, 16, 17, 18, 19, 20, 21, 22]
    assert {special.kind for special in due.skipped} == {DayKind.WEEKEND, DayKind.HOLIDAY}


def test_explanation_states_receipt_skipped_days_grouped_and_due_date(calendar):
    due = due_for(calendar, working_days(3), at("2026-02-13 14:20"))
    assert due.explanation == (
        "Tiếp nhận: 14:20 thứ Sáu 13/02/2026.\n"
        "Thời hạn: 3 ngày làm việc.\n"
        "Không tính ngày tiếp nhận; tính từ ngày làm việc tiếp theo.\n"
        "Bỏ qua: 14/02 (Thứ Bảy), 15/02 (Chủ nhật), 16/02–20/02 (Tết Nguyên đán), "
        "21/02 (Thứ Bảy), 22/02 (Chủ nhật).\n"
        "Hạn trả: 17:00 thứ Tư 25/02/2026 (ngày làm việc thứ 3)."
    )


def test_receipt_after_office_hours_counts_from_the_next_working_day(calendar):
    due = due_for(calendar, working_days(1), at("2026-03-09 17:30"))
    assert due.effective_receipt == at("2026-03-10 08:00")
    assert due.due_at == at("2026-03-11 17:00")
    assert "Sau giờ làm việc: coi như tiếp nhận lúc 08:00 thứ Ba 10/03/2026." in due.explanation


def test_receipt_on_a_saturday_counts_from_monday(calendar):
    due = due_for(calendar, working_days(2), at("2026-03-14 09:00"))
    assert due.effective_receipt == at("2026-03-16 08:00")
    assert due.due_at == at("2026-03-18 17:00")
    assert "Ngày nghỉ (Thứ Bảy): coi như tiếp nhận lúc 08:00 thứ Hai 16/03/2026." in due.explanation
    assert "Bỏ qua: 14/03 (Thứ Bảy), 15/03 (Chủ nhật)." in due.explanation


def test_receipt_at_lunch_starts_the_clock_at_one_pm(calendar):
    due = due_for(calendar, TimeLimit(Decimal(4), Unit.WORKING_HOURS), at("2026-03-09 12:20"))
    assert due.effective_receipt == at("2026-03-09 13:00")
    assert due.due_at == at("2026-03-09 17:00")
    assert "Trong giờ nghỉ trưa: coi như tiếp nhận lúc 13:00" in due.explanation


def test_makeup_saturday_counts_as_a_working_day_of_the_deadline(calendar):
    due = due_for(calendar, working_days(2), at("2026-01-08 10:00"))
    assert due.due_at == at("2026-01-10 17:00")
    assert due_for(calendar, working_days(1), at("2026-08-21 10:00")).due_at == at(
        "2026-08-22 17:00"
    )
    assert due_for(calendar, working_days(1), at("2025-04-25 10:00")).due_at == at(
        "2025-04-26 17:00"
    )


def test_swap_day_off_and_national_day_2026_push_the_deadline_to_thursday(calendar):
    due = due_for(calendar, working_days(1), at("2026-08-28 10:00"))
    assert due.due_at == at("2026-09-03 17:00")
    assert (
        "31/08 (Nghỉ hoán đổi, làm bù ngày 22/08/2026), 01/09–02/09 (Quốc khánh)" in due.explanation
    )


def test_gio_to_on_sunday_2026_gives_the_monday_off_and_a_tuesday_deadline(calendar):
    due = due_for(calendar, working_days(1), at("2026-04-24 10:00"))
    assert due.due_at == at("2026-04-28 17:00")


def test_same_day_before_the_cutoff_is_due_at_five_pm_that_day(calendar):
    assert due_for(calendar, SAME_DAY, at("2026-03-09 14:59")).due_at == at("2026-03-09 17:00")
    assert due_for(calendar, SAME_DAY, at("2026-03-09 15:00")).due_at == at("2026-03-09 17:00")


def test_same_day_after_the_cutoff_is_due_the_next_working_day(calendar):
    due = due_for(calendar, SAME_DAY, at("2026-03-09 15:01"))
    assert due.due_at == at("2026-03-10 17:00")
    assert "Tiếp nhận sau 15:00 nên hạn trả chuyển sang ngày làm việc tiếp theo." in due.explanation


def test_same_day_at_four_pm_on_friday_is_due_monday(calendar):
    assert due_for(calendar, SAME_DAY, at("2026-03-13 16:00")).due_at == at("2026-03-16 17:00")


def test_same_day_cutoff_is_per_procedure(calendar):
    late_cutoff = TimeLimit(None, Unit.SAME_DAY, cutoff=time(16, 30))
    assert due_for(calendar, late_cutoff, at("2026-03-13 16:00")).due_at == at("2026-03-13 17:00")


def test_same_day_cutoff_is_compared_on_the_effective_receipt(calendar):
    # Received Thursday evening: effectively Friday 08:00, well before the cut-off.
    assert due_for(calendar, SAME_DAY, at("2026-03-12 18:00")).due_at == at("2026-03-13 17:00")


def test_eight_working_hours_from_monday_ten_am_are_due_tuesday_ten_am(calendar):
    limit = TimeLimit(Decimal(8), Unit.WORKING_HOURS)
    assert due_for(calendar, limit, at("2026-03-09 10:00")).due_at == at("2026-03-10 10:00")


def test_half_a_working_day_is_four_working_hours(calendar):
    due = due_for(calendar, working_days("0.5"), at("2026-03-09 10:00"))
    assert due.due_at == at("2026-03-09 15:00")
    assert "0,5 ngày làm việc, tức 4 giờ làm việc" in due.explanation


def test_zero_working_days_are_due_at_the_end_of_the_receipt_day(calendar):
    assert due_for(calendar, working_days(0), at("2026-03-09 16:59")).due_at == at(
        "2026-03-09 17:00"
    )


def test_calendar_days_ending_on_a_day_off_end_on_the_next_working_day(calendar):
    limit = TimeLimit(Decimal(10), Unit.CALENDAR_DAYS)
    due = due_for(calendar, limit, at("2026-02-04 10:00"))
    # 14/02 is a Saturday and Tết follows: the period ends at the end of Monday 23/02.
    assert due.due_at == at("2026-02-23 17:00")
    assert "Ngày 14/02/2026 là ngày nghỉ (Thứ Bảy)" in due.explanation


def test_calendar_days_count_weekends_inside_the_period(calendar):
    limit = TimeLimit(Decimal(7), Unit.CALENDAR_DAYS)
    due = due_for(calendar, limit, at("2026-03-04 10:00"))
    assert due.due_at == at("2026-03-11 17:00")
    assert due.skipped == ()


def test_complete_dossier_after_a_supplement_restarts_the_whole_limit(calendar):
    first = due_for(calendar, working_days(5), at("2026-03-02 10:00"))
    assert first.due_at == at("2026-03-09 17:00")
    restarted = restart_after_supplement(calendar, working_days(5), at("2026-03-05 10:00"))
    assert restarted.due_at == at("2026-03-12 17:00")
    assert restarted.restarted
    assert restarted.explanation.startswith(
        "Đã nhận đủ hồ sơ bổ sung: thời hạn giải quyết được tính lại từ đầu.\n"
        "Tiếp nhận: 10:00 thứ Năm 05/03/2026."
    )


def test_suspension_moves_the_due_date_by_the_working_time_suspended(calendar):
    due_at = at("2026-03-13 17:00")
    # Tuesday 10:00 to Wednesday 14:00 is 6 + 5 = 11 working hours.
    moved = extend_for_suspension(calendar, due_at, at("2026-03-10 10:00"), at("2026-03-11 14:00"))
    assert moved == at("2026-03-17 11:00")


def test_suspension_over_a_weekend_only_adds_its_office_hours(calendar):
    moved = extend_for_suspension(
        calendar, at("2026-03-18 17:00"), at("2026-03-13 16:00"), at("2026-03-16 09:00")
    )
    assert moved == at("2026-03-19 10:00")


def test_suspension_of_no_office_time_leaves_the_due_date(calendar):
    moved = extend_for_suspension(
        calendar, at("2026-03-18 17:00"), at("2026-03-14 09:00"), at("2026-03-15 09:00")
    )
    assert moved == at("2026-03-18 17:00")


@pytest.mark.parametrize(
    "limit",
    [
        working_days(20),
        working_days(0),
        working_days("1.5"),
        TimeLimit(Decimal(16), Unit.WORKING_HOURS),
        SAME_DAY,
        TimeLimit(Decimal(30), Unit.CALENDAR_DAYS),
    ],
    ids=str,
)
def test_batch_due_dates_equal_one_by_one_due_dates(calendar, limit):
    receipts = [
        at(f"2026-02-{day:02d} {hour:02d}:30") for day in range(1, 29) for hour in range(0, 24, 3)
    ]
    assert due_dates_batch(calendar, limit, receipts) == [
        due_for(calendar, limit, received).due_at for received in receipts
    ]
