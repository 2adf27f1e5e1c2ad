"""Due dates of millions of dossiers at once, on numpy arrays of epoch instants.

Recomputing every open dossier after a calendar change is a batch: the receipts come from the
database as numbers, the due dates go back as numbers. Per-call Python overhead (building an
aware ``datetime`` costs more than the whole deadline arithmetic) is what keeps
``due_for``/``due_dates_batch`` far from a 100× gain over the day-by-day loop; on arrays the
same index (``WorkCalendar._working``, ``_rank``, ``_work``, the office clock) answers every
receipt with a few gathers and integer operations.

Every result equals ``due_for(calendar, limit, received_at).due_at`` for the same instant,
including the errors: a receipt outside the calendar, or a due date past its last year, raises
the same ``OutOfCalendarRange``. The arithmetic assumes the calendar's time zone keeps one UTC
offset over the calendar's years (Asia/Ho_Chi_Minh is +07:00 since 1975); this is checked
once per calendar, and a zone that changes its offset goes through ``due_dates_batch``
instead, never a wrong date.

numpy is imported here only, so that ``motcua.workdays`` itself still imports without it.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_EVEN

import numpy as np

from .deadlines import _check_limit, due_dates_batch, due_for
from .errors import OutOfCalendarRange
from .i18n import _
from .limits import TimeLimit, Unit
from .work_calendar import WorkCalendar, hours_to_us

_US_PER_SECOND = 1_000_000
_US_PER_DAY = 86_400 * _US_PER_SECOND
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# Offsets are sampled this often when checking that the zone's offset is constant. Real
# transitions (daylight saving, a zone moving) last months; none in tzdata lasts 6 hours.
_OFFSET_SAMPLE = timedelta(hours=6)


@dataclass(frozen=True, slots=True)
class _Tables:
    """The calendar's index as arrays, in microseconds, built once per calendar (and revision).

    ``offset_us`` is the zone's constant UTC offset, or ``None`` when it is not constant over
    the calendar's range (then only the fallback through ``due_dates_batch`` is used).
    """

    revision: int
    offset_us: int | None
    size: int  # days in the calendar
    first_local_us: int  # local midnight of the first day, as epoch µs read in local time
    first_valid_us: int  # the first receipt instant inside the calendar (epoch µs, UTC)
    end_valid_us: int  # the first instant after the calendar
    working: np.ndarray  # bool per day offset
    rank: np.ndarray  # int64 per day offset: working days in [0, offset]
    work: np.ndarray  # int64 per working-day index: its day offset
    work_midnight_us: np.ndarray  # int64 per working-day index: its local midnight, epoch µs
    starts_us: np.ndarray  # int64 per office period: start, µs after midnight
    ends_us: np.ndarray  # int64 per office period: end
    shift_us: np.ndarray  # start minus office time before the period: tod = clock-in-day + shift
    cum_end_us: np.ndarray  # office time at the end of each period
    close_us: int
    day_us: int


_tables_cache: weakref.WeakKeyDictionary[WorkCalendar, _Tables] = weakref.WeakKeyDictionary()


def _constant_offset_us(calendar: WorkCalendar) -> int | None:
    """The zone's UTC offset (µs) when it never changes over the calendar's range, else None."""
    tz = calendar.tz
    try:
        # Two days of margin either side: a receipt just outside the range must be read (and
        # refused) in the right local day too.
        moment = datetime(calendar.first_year, 1, 1, tzinfo=UTC) - timedelta(days=2)
        last = datetime(calendar.last_year, 12, 31, tzinfo=UTC) + timedelta(days=2)
        offset = moment.astimezone(tz).utcoffset()
        while moment <= last:
            if moment.astimezone(tz).utcoffset() != offset:
                return None
            moment += _OFFSET_SAMPLE
    except OverflowError:  # a calendar at the edge of datetime's years: take the scalar path
        return None
    return offset // timedelta(microseconds=1)


def _build_tables(calendar: WorkCalendar) -> _Tables:
    offset_us = _constant_offset_us(calendar)
    first_local_us = (calendar._base - _EPOCH.toordinal()) * _US_PER_DAY
    work = np.asarray(calendar._work, dtype=np.int64)
    periods = np.asarray(calendar._periods_us, dtype=np.int64).reshape(-1, 2)
    starts, ends = periods[:, 0].copy(), periods[:, 1].copy()
    lengths = ends - starts
    cum_end = np.cumsum(lengths)
    utc_shift = offset_us or 0
    return _Tables(
        revision=calendar.revision,
        offset_us=offset_us,
        size=calendar._size,
        first_local_us=first_local_us,
        first_valid_us=first_local_us - utc_shift,
        end_valid_us=first_local_us + calendar._size * _US_PER_DAY - utc_shift,
        working=np.frombuffer(calendar._working, dtype=np.uint8).astype(bool),
        rank=np.asarray(calendar._rank, dtype=np.int64),
        work=work,
        work_midnight_us=first_local_us + work * _US_PER_DAY - utc_shift,
        starts_us=starts,
        ends_us=ends,
        shift_us=starts - (cum_end - lengths),
        cum_end_us=cum_end,
        close_us=int(ends[-1]),
        day_us=calendar._day_us,
    )


def _tables(calendar: WorkCalendar) -> _Tables:
    tables = _tables_cache.get(calendar)
    if tables is None or tables.revision != calendar.revision:
        tables = _tables_cache[calendar] = _build_tables(calendar)
    return tables


# -- input and errors --------------------------------------------------------------------------


def _as_int64(values: object) -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    """(int64 array, the caller's values, their shape), both arrays 1-d; errors quote the latter."""
    try:
        source = np.asarray(values)
    except (TypeError, ValueError, OverflowError):  # ragged nested lists and the like
        source = None
    # Python ints beyond 64 bits become an object array, refused here too.
    if source is None or source.dtype.kind not in "iu":
        raise ValueError(
            _(
                "Thời điểm tiếp nhận phải là một mảng số nguyên 64 bit "
                "(số giây hoặc micro giây từ 1970)."
            )
        )
    shape, source = source.shape, source.ravel()
    if source.dtype == np.uint64:
        # Beyond int64 is hundreds of millennia away: clipped, it is still outside any calendar.
        return np.minimum(source, np.iinfo(np.int64).max).astype(np.int64), source, shape
    return source.astype(np.int64, copy=False), source, shape


def _far_instant_error(calendar: WorkCalendar, value_us: int) -> OutOfCalendarRange:
    """For an instant no ``datetime`` can hold, so that the scalar path cannot even be asked.

    Its (UTC) year is found with Python integers: 400 Gregorian years are exactly 146,097 days.
    """
    cycles, rest = divmod(value_us // _US_PER_DAY + _EPOCH.toordinal() - 1, 146_097)
    year = 400 * cycles + date.fromordinal(rest + 1).year
    return OutOfCalendarRange(None, calendar.first_year, calendar.last_year, year=year)


def _instant(value_us: int) -> datetime:
    return _EPOCH + timedelta(microseconds=value_us)


def _receipt_error(calendar: WorkCalendar, limit: TimeLimit, value_us: int) -> Exception:
    """The very error the scalar path raises for this receipt."""
    try:
        due_for(calendar, limit, _instant(value_us))
    except OutOfCalendarRange as error:
        return error
    except OverflowError:  # beyond datetime's years, or its local time would be
        return _far_instant_error(calendar, value_us)
    raise AssertionError(f"receipt {value_us} µs is inside the calendar")  # pragma: no cover


def _past_the_end(calendar: WorkCalendar) -> OutOfCalendarRange:
    return OutOfCalendarRange(None, calendar.first_year, calendar.last_year)


def _check_index(calendar: WorkCalendar, index: np.ndarray, count: int) -> None:
    """A working-day (or day) index past the calendar means a due date the calendar cannot give."""
    if index.size and int(index.max()) >= count:
        raise _past_the_end(calendar)


# -- the arithmetic ----------------------------------------------------------------------------


def _whole_working_days(t: _Tables, calendar, offset, tod, days: int) -> np.ndarray:
    # Received before closing time on a working day: that day is working day rank-1 and is not
    # counted; otherwise the clock starts on the next working day, index rank. Either way the
    # due day is ``days`` working days on (``days == 0``: the day the clock starts).
    before_close = t.working[offset] & (tod < t.close_us)
    index = t.rank[offset] - before_close
    index += days
    _check_index(calendar, index, t.work.size)
    due = t.work_midnight_us[index]
    due += t.close_us
    return due


def _effective_receipt(t: _Tables, calendar, offset, tod):
    """(working-day index, µs after midnight, office period) of each effective receipt."""
    in_hours = t.working[offset] & (tod < t.close_us)
    rank = t.rank[offset]
    index = rank - in_hours
    _check_index(calendar, index, t.work.size)
    # The first period not yet over; before its start (early morning, lunch) the clock waits.
    period = np.minimum(np.searchsorted(t.ends_us, tod, side="right"), t.ends_us.size - 1)
    period = np.where(in_hours, period, 0)
    moment = np.where(in_hours, np.maximum(tod, t.starts_us[period]), t.starts_us[0])
    return index, moment, period


def _same_day(t: _Tables, calendar, offset, tod, limit: TimeLimit) -> np.ndarray:
    index, moment, _period = _effective_receipt(t, calendar, offset, tod)
    cutoff = limit.effective_cutoff
    cutoff_us = (
        (cutoff.hour * 60 + cutoff.minute) * 60 + cutoff.second
    ) * _US_PER_SECOND + cutoff.microsecond
    index = index + (moment > cutoff_us)
    _check_index(calendar, index, t.work.size)
    return t.work_midnight_us[index] + t.close_us


def _calendar_days(t: _Tables, calendar, offset, tod, days: int) -> np.ndarray:
    index, _moment, _period = _effective_receipt(t, calendar, offset, tod)
    last = t.work[index] + days
    _check_index(calendar, last, t.size)
    # The last day itself when it is a working day, else the next working day.
    index = t.rank[last] - t.working[last]
    _check_index(calendar, index, t.work.size)
    return t.work_midnight_us[index] + t.close_us


def _office_time(t: _Tables, calendar, offset, tod, amount_us: int) -> np.ndarray:
    index, moment, period = _effective_receipt(t, calendar, offset, tod)
    if amount_us == 0:
        return t.work_midnight_us[index] + moment
    clock = index * t.day_us + (moment - t.shift_us[period]) + amount_us
    day, rest = np.divmod(clock, t.day_us)
    # A clock reading that ends a day exactly is that day's closing time, not the next opening
    # (the amount is positive, so such a reading is never the calendar's very first instant).
    ends_day = rest == 0
    day -= ends_day
    rest += ends_day * t.day_us
    _check_index(calendar, day, t.work.size)
    period = np.searchsorted(t.cum_end_us, rest, side="left")
    return t.work_midnight_us[day] + rest + t.shift_us[period]


def _office_amount_us(calendar: WorkCalendar, limit: TimeLimit) -> int:
    if limit.unit is Unit.WORKING_HOURS:
        return hours_to_us(limit.value)
    # As in deadlines._due_at: a fraction of a working day is that fraction of the office day.
    return int((limit.value * calendar._day_us).to_integral_value(ROUND_HALF_EVEN))


def _compute_us(calendar: WorkCalendar, limit: TimeLimit, t: _Tables, received_us: np.ndarray):
    """Due instants (epoch µs) of receipts already known to lie inside the calendar."""
    day, tod = np.divmod(received_us + (t.offset_us - t.first_local_us), _US_PER_DAY)
    if limit.unit is Unit.WORKING_DAYS and limit.whole_days is not None:
        return _whole_working_days(t, calendar, day, tod, limit.whole_days)
    if limit.unit is Unit.SAME_DAY:
        return _same_day(t, calendar, day, tod, limit)
    if limit.unit is Unit.CALENDAR_DAYS:
        return _calendar_days(t, calendar, day, tod, limit.whole_days)
    return _office_time(t, calendar, day, tod, _office_amount_us(calendar, limit))


def _fallback_us(calendar: WorkCalendar, limit: TimeLimit, source: np.ndarray, scale: int):
    """Through ``due_dates_batch``, one datetime at a time, for zones whose offset changes."""
    instants = []
    for value in source.tolist():
        try:
            instants.append(_instant(value * scale))
        except OverflowError:
            due_dates_batch(calendar, limit, instants)  # an earlier receipt's error comes first
            raise _far_instant_error(calendar, value * scale) from None
    dues = due_dates_batch(calendar, limit, instants)
    one_us = timedelta(microseconds=1)
    return np.fromiter(((due - _EPOCH) // one_us for due in dues), np.int64, len(dues))


def _due_us(
    calendar: WorkCalendar,
    limit: TimeLimit,
    received: np.ndarray,
    source: np.ndarray,
    scale: int,
) -> np.ndarray:
    """Due instants (epoch µs) of 1-d receipts counted in units of ``scale`` µs.

    ``received`` is ``source`` (the caller's values) as int64; errors quote ``source``.
    """
    if not isinstance(calendar, WorkCalendar):
        raise ValueError(_("Lịch làm việc không hợp lệ."))
    _check_limit(limit)
    t = _tables(calendar)
    if t.offset_us is None:
        return _fallback_us(calendar, limit, source, scale)
    # Range check in the caller's unit, before any arithmetic can overflow int64.
    low = -(-t.first_valid_us // scale)
    high = -(-t.end_valid_us // scale)
    if received.size and (int(received.min()) < low or int(received.max()) >= high):
        first = int(np.argmax((received < low) | (received >= high)))
        # The scalar path stops at the first failing receipt: an earlier due date past the
        # calendar's end must win over this receipt's error.
        _due_us(calendar, limit, received[:first], source[:first], scale)
        raise _receipt_error(calendar, limit, int(source[first]) * scale)
    if scale != 1:
        received = received * scale
    return _compute_us(calendar, limit, t, received)


# -- public ------------------------------------------------------------------------------------


def due_at_epochs_us(
    calendar: WorkCalendar, limit: TimeLimit, received_epoch_us: np.ndarray
) -> np.ndarray:
    """``due_for(calendar, limit, r).due_at`` for each receipt, in epoch microseconds (UTC).

    ``received_epoch_us`` is an integer array of any shape; the result has the same shape,
    dtype int64. Exact to the microsecond, as PostgreSQL stores timestamps.
    """
    received, source, shape = _as_int64(received_epoch_us)
    return _due_us(calendar, limit, received, source, 1).reshape(shape)


def due_at_epochs(
    calendar: WorkCalendar, limit: TimeLimit, received_epoch_seconds: np.ndarray
) -> np.ndarray:
    """``due_for(calendar, limit, r).due_at`` for each receipt, in epoch seconds (UTC).

    ``received_epoch_seconds`` is an integer array of any shape, whole seconds since
    1970-01-01 UTC; the result has the same shape, dtype int64. Receipts stored with fractions
    of a second belong in ``due_at_epochs_us`` (``(extract(epoch from received_at) *
    1000000)::bigint``): rounding them to seconds can move 15:00:00.5 to the right side of a
    15:00 cut-off. A due instant that falls inside a second (a limit of 0.0001 hours) is
    refused with a ``ValueError`` rather than rounded.
    """
    received, source, shape = _as_int64(received_epoch_seconds)
    due_us = _due_us(calendar, limit, received, source, _US_PER_SECOND)
    seconds, fraction = np.divmod(due_us, _US_PER_SECOND)
    if fraction.any():
        raise ValueError(
            _(
                "Hạn trả rơi vào giữa một giây nên không viết được bằng số giây nguyên; "
                "hãy tính bằng micro giây (due_at_epochs_us)."
            )
        )
    return seconds.reshape(shape)
