"""The numpy batch path gives exactly ``due_for(...).due_at``, errors included."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.workdays import OfficeHours, OutOfCalendarRange, TimeLimit, Unit, WorkCalendar, due_for
from motcua.workdays.tests.vn_calendars import at, vn_calendar, vn_special_days
from motcua.workdays.vectorized import due_at_epochs, due_at_epochs_us

CALENDAR = vn_calendar()
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
TWENTY_DAYS = TimeLimit(Decimal(20), Unit.WORKING_DAYS)


def seconds(moment: datetime) -> int:
    return (moment - EPOCH) // timedelta(seconds=1)


def micros(moment: datetime) -> int:
    return (moment - EPOCH) // ONE_US


def expected_us(calendar: WorkCalendar, limit: TimeLimit, receipts_us: list[int]):
    """(due instants in µs, None) from the scalar path, or (None, the error it raises first)."""
    dues = []
    for value in receipts_us:
        try:
            dues.append(micros(due_for(calendar, limit, EPOCH + value * ONE_US).due_at))
        except OutOfCalendarRange as error:
            return None, error
    return dues, None


def assert_same_as_due_for(calendar, limit, receipts_us: list[int]) -> None:
    dues, error = expected_us(calendar, limit, receipts_us)
    received = np.array(receipts_us, dtype=np.int64)
    if error is not None:
        with pytest.raises(OutOfCalendarRange) as raised:
            due_at_epochs_us(calendar, limit, received)
        assert str(raised.value) == str(error)
        return
    assert due_at_epochs_us(calendar, limit, received).tolist() == dues
    whole_seconds = [value // 1_000_000 for value in receipts_us]
    if whole_seconds == [value / 1_000_000 for value in receipts_us]:
        result = due_at_epochs(calendar, limit, np.array(whole_seconds, dtype=np.int64))
        assert (result * 1_000_000).tolist() == dues


# -- strategies: uniform receipts, and receipts on and around special days at boundary hours ----

BOUNDARY_TIMES = [
    time(0, 0),
    time(7, 59, 59),
    time(8, 0),
    time(11, 59, 59),
    time(12, 0),
    time(12, 30),
    time(13, 0),
    time(14, 59, 59),
    time(15, 0),
    time(15, 0, 1),
    time(16, 59, 59),
    time(17, 0),
    time(23, 59, 59),
]
SPECIAL_DAYS = [special.day for special in vn_special_days()]
uniform = st.integers(
    min_value=micros(datetime(2018, 1, 1, tzinfo=CALENDAR.tz)),
    max_value=micros(datetime(2027, 12, 31, 23, 59, 59, 999_999, tzinfo=CALENDAR.tz)),
).map(lambda value: value - value % 1_000_000)  # whole seconds, so both entry points are checked
near_special_days = st.builds(
    lambda day, shift, moment: micros(
        datetime.combine(day + timedelta(days=shift), moment, tzinfo=CALENDAR.tz)
    ),
    st.sampled_from(SPECIAL_DAYS),
    st.integers(-3, 3),
    st.sampled_from(BOUNDARY_TIMES),
)
receipt_lists = st.lists(st.one_of(uniform, near_special_days), min_size=1, max_size=40)
quarters = st.integers(0, 40).map(lambda n: Decimal(n) / 4)

working_days = st.one_of(st.sampled_from([0, 1, 3, 20]), st.integers(0, 120)).map(
    lambda n: TimeLimit(Decimal(n), Unit.WORKING_DAYS)
)
fractional_working_days = st.one_of(
    st.sampled_from(["0.5", "1.5", "2.25"]).map(Decimal), quarters
).map(lambda value: TimeLimit(value, Unit.WORKING_DAYS))
working_hours = st.one_of(
    st.sampled_from(["0", "0.5", "1", "4", "8", "13.75", "40"]).map(Decimal),
    st.integers(0, 400).map(lambda n: Decimal(n) / 4),
).map(lambda value: TimeLimit(value, Unit.WORKING_HOURS))
same_day = st.sampled_from([None, time(15), time(11, 30), time(16, 59, 59)]).map(
    lambda cutoff: TimeLimit(None, Unit.SAME_DAY, cutoff)
)
calendar_days = st.one_of(st.sampled_from([0, 1, 7, 10, 30]), st.integers(0, 120)).map(
    lambda n: TimeLimit(Decimal(n), Unit.CALENDAR_DAYS)
)


@given(limit=working_days, receipts=receipt_lists)
def test_whole_working_days_equal_due_for_on_every_receipt(limit, receipts):
    assert_same_as_due_for(CALENDAR, limit, receipts)


@given(limit=fractional_working_days, receipts=receipt_lists)
def test_fractional_working_days_equal_due_for_on_every_receipt(limit, receipts):
    assert_same_as_due_for(CALENDAR, limit, receipts)


@given(limit=working_hours, receipts=receipt_lists)
def test_working_hours_equal_due_for_on_every_receipt(limit, receipts):
    assert_same_as_due_for(CALENDAR, limit, receipts)


@given(limit=same_day, receipts=receipt_lists)
def test_same_day_with_its_cutoff_equals_due_for_on_every_receipt(limit, receipts):
    assert_same_as_due_for(CALENDAR, limit, receipts)


@given(limit=calendar_days, receipts=receipt_lists)
def test_calendar_days_equal_due_for_on_every_receipt(limit, receipts):
    assert_same_as_due_for(CALENDAR, limit, receipts)


@given(
    limit=st.one_of(working_hours, same_day, fractional_working_days),
    receipts=st.lists(st.integers(0, 999_999), min_size=1, max_size=20).map(
        # Sub-second receipts right at the boundaries: 14:59:59.x, 15:00:00.x, 16:59:59.x …
        lambda fractions: [
            micros(at(text)) + fraction
            for text, fraction in zip(
                ["2026-03-09 14:59:59", "2026-03-09 15:00:00", "2026-03-13 16:59:59"] * 7,
                fractions,
                strict=False,
            )
        ]
    ),
)
def test_receipts_with_microseconds_equal_due_for(limit, receipts):
    assert_same_as_due_for(CALENDAR, limit, receipts)


# -- worked examples of docs/deadlines.md, through epoch seconds --------------------------------


@pytest.mark.parametrize(
    ("received", "limit", "due"),
    [
        ("2026-02-13 14:20", TimeLimit(Decimal(3), Unit.WORKING_DAYS), "2026-02-25 17:00"),
        ("2026-03-09 17:30", TimeLimit(Decimal(1), Unit.WORKING_DAYS), "2026-03-11 17:00"),
        ("2026-01-08 10:00", TimeLimit(Decimal(2), Unit.WORKING_DAYS), "2026-01-10 17:00"),
        ("2026-03-09 15:01", TimeLimit(None, Unit.SAME_DAY), "2026-03-10 17:00"),
        ("2026-03-12 18:00", TimeLimit(None, Unit.SAME_DAY), "2026-03-13 17:00"),
        ("2026-03-09 12:20", TimeLimit(Decimal(4), Unit.WORKING_HOURS), "2026-03-09 17:00"),
        ("2026-03-09 12:00", TimeLimit(Decimal(0), Unit.WORKING_HOURS), "2026-03-09 13:00"),
        ("2026-03-09 08:00", TimeLimit(Decimal(4), Unit.WORKING_HOURS), "2026-03-09 12:00"),
        ("2018-01-02 08:00", TimeLimit(Decimal(8), Unit.WORKING_HOURS), "2018-01-02 17:00"),
        ("2026-03-09 10:00", TimeLimit(Decimal("0.5"), Unit.WORKING_DAYS), "2026-03-09 15:00"),
        ("2026-02-04 10:00", TimeLimit(Decimal(10), Unit.CALENDAR_DAYS), "2026-02-23 17:00"),
    ],
    ids=str,
)
def test_worked_examples_give_the_documented_due_dates(received, limit, due):
    result = due_at_epochs(CALENDAR, limit, np.array([seconds(at(received))]))
    assert result.tolist() == [seconds(at(due))]


def test_twenty_working_days_from_the_friday_before_tet_2026_end_after_tet():
    received = np.array([seconds(at("2026-02-13 14:20")), seconds(at("2026-02-16 09:00"))])
    assert due_at_epochs(CALENDAR, TWENTY_DAYS, received).tolist() == [
        seconds(at("2026-03-20 17:00")),  # 14–22/02 skipped: Tết and two weekends
        # Received during Tết: the clock starts Monday 23/02 at 08:00, a day that is not counted.
        seconds(at("2026-03-23 17:00")),
    ]


def test_the_result_has_the_shape_of_the_receipts_and_accepts_any_integer_dtype():
    grid = np.array([[seconds(at("2026-03-09 10:00"))] * 3] * 2, dtype=np.uint32)
    result = due_at_epochs(CALENDAR, TimeLimit(Decimal(1), Unit.WORKING_DAYS), grid)
    assert result.shape == (2, 3)
    assert result.dtype == np.int64
    assert set(result.ravel().tolist()) == {seconds(at("2026-03-10 17:00"))}
    assert due_at_epochs(CALENDAR, TWENTY_DAYS, np.array([], dtype=np.int64)).tolist() == []


# -- out of range and bad input ---------------------------------------------------------------


def test_a_receipt_after_the_calendar_raises_the_scalar_paths_error():
    received = np.array([seconds(at("2026-03-09 10:00")), seconds(at("2028-01-05 10:00"))])
    with pytest.raises(
        OutOfCalendarRange, match=r"Ngày 05/01/2028 nằm ngoài phạm vi lịch \(2018–2027\)"
    ):
        due_at_epochs(CALENDAR, TWENTY_DAYS, received)


def test_a_receipt_before_the_calendar_is_out_of_range_in_local_time():
    # 31/12/2017 at 17:30 UTC is already 01/01/2018 in Vietnam: inside the calendar.
    inside = seconds(datetime(2017, 12, 31, 17, 30, tzinfo=UTC))
    assert due_at_epochs(CALENDAR, TWENTY_DAYS, np.array([inside])).tolist() == [
        seconds(due_for(CALENDAR, TWENTY_DAYS, at("2018-01-01 00:30")).due_at)
    ]
    with pytest.raises(OutOfCalendarRange, match="Ngày 31/12/2017 nằm ngoài phạm vi lịch"):
        due_at_epochs(CALENDAR, TWENTY_DAYS, np.array([inside - 3600]))


def test_a_due_date_past_the_calendar_raises_and_the_first_failing_receipt_wins():
    late = seconds(at("2027-12-20 10:00"))  # 20 working days later is in 2028
    outside = seconds(at("2028-01-05 10:00"))
    with pytest.raises(OutOfCalendarRange, match="Kết quả tính vượt quá ngày 31/12/2027"):
        due_at_epochs(CALENDAR, TWENTY_DAYS, np.array([late, outside]))
    with pytest.raises(OutOfCalendarRange, match="Ngày 05/01/2028"):
        due_at_epochs(CALENDAR, TWENTY_DAYS, np.array([outside, late]))


@pytest.mark.parametrize("value", [np.iinfo(np.int64).max, np.iinfo(np.int64).min, 10**13])
def test_instants_no_datetime_can_hold_are_out_of_range_not_an_overflow(value):
    with pytest.raises(OutOfCalendarRange, match=r"Năm -?\d+ nằm ngoài phạm vi lịch"):
        due_at_epochs(CALENDAR, TWENTY_DAYS, np.array([value], dtype=np.int64))
    with pytest.raises(OutOfCalendarRange, match=r"Năm \d+ nằm ngoài phạm vi lịch"):
        due_at_epochs(CALENDAR, TWENTY_DAYS, np.array([2**64 - 1], dtype=np.uint64))


@pytest.mark.parametrize(
    "received",
    [
        np.array([1.7e9]),
        np.array(["2026-03-09"]),
        np.array([True]),
        [None],
        [[1], [2, 3]],
        [10**20],
    ],
    ids=["float", "text", "bool", "none", "ragged", "beyond-64-bits"],
)
def test_receipts_that_are_not_integer_epochs_are_refused_in_vietnamese(received):
    with pytest.raises(ValueError, match="Thời điểm tiếp nhận phải là một mảng số nguyên"):
        due_at_epochs(CALENDAR, TWENTY_DAYS, received)


def test_a_limit_that_is_not_a_time_limit_is_refused():
    with pytest.raises(ValueError, match="Thời hạn giải quyết không hợp lệ"):
        due_at_epochs(CALENDAR, "20 ngày", np.array([seconds(at("2026-03-09 10:00"))]))


def test_a_due_instant_inside_a_second_is_refused_in_seconds_but_exact_in_microseconds():
    limit = TimeLimit(Decimal("0.0001"), Unit.WORKING_HOURS)  # 0.36 s
    received = at("2026-03-09 10:00")
    with pytest.raises(ValueError, match="Hạn trả rơi vào giữa một giây"):
        due_at_epochs(CALENDAR, limit, np.array([seconds(received)]))
    assert due_at_epochs_us(CALENDAR, limit, np.array([micros(received)])).tolist() == [
        micros(received) + 360_000
    ]


# -- other zones: constant offsets are vectorised, changing ones fall back --------------------


def calendar_in(zone: str) -> WorkCalendar:
    return WorkCalendar(
        vn_special_days(), first_year=2018, last_year=2027, office_hours=OfficeHours(tz=zone)
    )


@settings(max_examples=30)
@given(
    zone=st.sampled_from(["Asia/Kolkata", "Europe/Paris", "America/New_York"]),
    limit=st.one_of(working_days, working_hours, same_day, calendar_days),
    receipts=receipt_lists,
)
def test_other_time_zones_equal_due_for_too(zone, limit, receipts):
    assert_same_as_due_for(calendar_in(zone), limit, receipts)


def test_a_zone_with_daylight_saving_time_gets_the_right_date_across_the_change():
    calendar = calendar_in("Europe/Paris")
    # Friday 29/03/2024 16:30 Paris; the clocks moved on Sunday 31/03 (+01:00 → +02:00).
    received = datetime(2024, 3, 29, 16, 30, tzinfo=calendar.tz)
    limit = TimeLimit(Decimal(2), Unit.WORKING_HOURS)
    result = due_at_epochs(calendar, limit, np.array([seconds(received)]))
    assert result.tolist() == [seconds(datetime(2024, 4, 1, 9, 30, tzinfo=calendar.tz))]


def test_a_calendar_at_the_edge_of_datetimes_years_still_gives_due_for_dates():
    calendar = WorkCalendar([], first_year=1, last_year=1)
    received = datetime(1, 1, 2, 10, tzinfo=calendar.tz)  # Tuesday 2 January of year 1
    limit = TimeLimit(Decimal(3), Unit.WORKING_DAYS)
    assert due_at_epochs(calendar, limit, np.array([seconds(received)])).tolist() == [
        seconds(due_for(calendar, limit, received).due_at)
    ]


def test_the_engine_still_imports_without_numpy():
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "import motcua.workdays\n"
        "print(motcua.workdays.due_for.__name__)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "due_for"


def test_special_days_of_the_strategy_cover_tet_of_every_year():
    # The property tests above draw receipts around these days; Tết of each year must be there.
    tet_years = {day.year for day in SPECIAL_DAYS if day.month in (1, 2) and day.day > 1}
    assert tet_years >= set(range(2018, 2028))
    assert date(2026, 2, 16) in SPECIAL_DAYS
