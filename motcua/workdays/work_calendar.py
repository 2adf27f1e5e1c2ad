"""The working-day calendar: which days are working days, and office time between instants.

Everything is answered from an index built once in ``__init__`` over the whole range of years,
so that no question loops over days:

* ``_working[i]`` is 1 when day ``i`` (days since 1 January of ``first_year``) is a working day;
* ``_rank[i]`` counts the working days in ``[0, i]``, so the working days in ``(a, b]`` are
  ``_rank[b] - _rank[a]``;
* ``_work[k]`` is the offset of the ``k``-th working day (0-based), so "the n-th working day
  after a" is ``_work[_rank[a] + n - 1]``.

Working time is handled the same way: an instant's "office clock" is the office time elapsed
since the calendar's first day (working days before it times the length of a working day,
plus the office time already spent that day), so adding or measuring working hours is
arithmetic on integers of microseconds.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, time, timedelta, timezone
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from .days import DayKind, SpecialDay, format_day, weekday_name
from .errors import OutOfCalendarRange
from .i18n import _
from .office_hours import OfficeHours, time_us

_US_PER_HOUR = 3_600_000_000
_ALWAYS_AWARE = (timezone, ZoneInfo)
_DEFAULT_OFFICE_HOURS = OfficeHours()


def _time_from_us(us: int) -> time:
    seconds, micro = divmod(us, 1_000_000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return time(hour, minute, second, micro)


def hours_to_us(hours: Decimal | float | int) -> int:
    """A non-negative number of hours as whole microseconds (exact for Decimal and int)."""
    if isinstance(hours, bool) or not isinstance(hours, Decimal | float | int):
        raise ValueError(_("Số giờ làm việc phải là một số."))
    try:
        value = hours if isinstance(hours, Decimal) else Decimal(str(hours))
    except (InvalidOperation, ValueError):
        raise ValueError(_("Số giờ làm việc phải là một số.")) from None
    if not value.is_finite():
        raise ValueError(_("Số giờ làm việc phải là một số hữu hạn."))
    if value < 0:
        raise ValueError(_("Số giờ làm việc không được là số âm."))
    return int((value * _US_PER_HOUR).to_integral_value(ROUND_HALF_EVEN))


class WorkCalendar:
    """Working days from ``first_year`` to ``last_year`` inclusive, and office hours.

    ``special_days`` override the ordinary week: holidays, days off in lieu and swap days off
    are not working days; make-up working days (usually Saturdays) are. Days outside the range
    of years are ignored; asking about them raises ``OutOfCalendarRange``.
    """

    def __init__(
        self,
        special_days: Iterable[SpecialDay],
        *,
        first_year: int,
        last_year: int,
        weekend: frozenset[int] = frozenset({5, 6}),
        office_hours: OfficeHours = _DEFAULT_OFFICE_HOURS,
        revision: int = 0,
    ) -> None:
        for year in (first_year, last_year):
            if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9998:
                raise ValueError(_("Năm {year} không hợp lệ.").format(year=year))
        if first_year > last_year:
            raise ValueError(_("Năm đầu của lịch phải trước hoặc bằng năm cuối."))
        weekend = frozenset(weekend)
        if not all(isinstance(day, int) and 0 <= day <= 6 for day in weekend):
            raise ValueError(_("Ngày nghỉ hằng tuần phải là số từ 0 (thứ Hai) đến 6 (Chủ nhật)."))
        if not isinstance(office_hours, OfficeHours):
            raise ValueError(_("Giờ làm việc không hợp lệ."))
        self.first_year = first_year
        self.last_year = last_year
        self.weekend = weekend
        self.office_hours = office_hours
        self.tz = ZoneInfo(office_hours.tz)
        self.revision = revision

        self._base = date(first_year, 1, 1).toordinal()
        self._size = date(last_year, 12, 31).toordinal() - self._base + 1
        self._special: dict[date, SpecialDay] = {}
        for special in special_days:
            if not isinstance(special, SpecialDay):
                raise ValueError(_("Mỗi ngày đặc biệt phải là một SpecialDay."))
            if not first_year <= special.day.year <= last_year:
                continue
            if special.day in self._special:
                raise ValueError(
                    _("Ngày {day} được khai báo hai lần trong lịch.").format(
                        day=format_day(special.day)
                    )
                )
            self._special[special.day] = special
        self._build_day_index()
        self._build_office_clock()

    def _build_day_index(self) -> None:
        working = bytearray(self._size)
        for offset in range(self._size):
            # date.weekday() of an ordinal, without building the date.
            working[offset] = ((self._base + offset + 6) % 7) not in self.weekend
        for special in self._special.values():
            working[special.day.toordinal() - self._base] = special.kind.is_working
        rank, work, count = [0] * self._size, [], 0
        for offset, is_working in enumerate(working):
            if is_working:
                work.append(offset)
                count += 1
            rank[offset] = count
        self._working = bytes(working)
        self._rank = rank
        self._work = work

    def _build_office_clock(self) -> None:
        periods = self.office_hours.periods
        self._periods = periods
        self._periods_us = [(time_us(start), time_us(end)) for start, end in periods]
        self._day_us = sum(end - start for start, end in self._periods_us)
        self._close = periods[-1][1]
        self._starts: dict[tuple[int, int], datetime] = {}
        self._ends: list[datetime | None] = [None] * self._size

    def __repr__(self) -> str:
        return (
            f"<WorkCalendar {self.first_year}–{self.last_year} revision={self.revision} "
            f"special_days={len(self._special)} office_hours={self.office_hours}>"
        )

    # -- days ----------------------------------------------------------------------------------

    def _offset(self, d: date) -> int:
        """Days since 1 January of ``first_year``; raises outside the range."""
        if type(d) is not date and (isinstance(d, datetime) or not isinstance(d, date)):
            raise ValueError(_("Cần một ngày (date), không phải {value!r}.").format(value=d))
        offset = d.toordinal() - self._base
        if 0 <= offset < self._size:
            return offset
        raise OutOfCalendarRange(d, self.first_year, self.last_year)

    def _day(self, offset: int) -> date:
        return date.fromordinal(self._base + offset)

    def _working_day_at(self, k: int) -> int:
        """Offset of the k-th working day of the range (0-based); raises past the last one."""
        if 0 <= k < len(self._work):
            return self._work[k]
        raise OutOfCalendarRange(None, self.first_year, self.last_year)

    def is_working_day(self, d: date) -> bool:
        return bool(self._working[self._offset(d)])

    def day_kind(self, d: date) -> DayKind:
        self._offset(d)
        special = self._special.get(d)
        if special is not None:
            return special.kind
        return DayKind.WEEKEND if d.weekday() in self.weekend else DayKind.WORKING

    def reason(self, d: date) -> str:
        """Why the day is what it is, in Vietnamese: 'Thứ Bảy', 'Chủ nhật', 'Tết Nguyên đán'…"""
        kind = self.day_kind(d)
        if d in self._special:
            return self._special[d].label
        if kind is DayKind.WEEKEND:
            return weekday_name(d, capital=True)
        return kind.label

    def special_day(self, d: date) -> SpecialDay:
        """The day as a SpecialDay (weekends and ordinary working days get a generated one)."""
        special = self._special.get(d)
        return special if special is not None else SpecialDay(d, self.day_kind(d), self.reason(d))

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self._day(self._working_day_at(self._rank[self._offset(d)]))

    def add_working_days(self, d: date, n: int) -> date:
        """The n-th working day after ``d`` (``d`` itself is not counted).

        ``n == 0`` gives ``d`` when it is a working day, else the next working day.
        """
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise ValueError(_("Số ngày làm việc phải là số nguyên không âm."))
        offset = self._offset(d)
        if n == 0 and self._working[offset]:
            return d
        return self._day(self._working_day_at(self._rank[offset] + max(n, 1) - 1))

    def working_days_between(self, a: date, b: date) -> int:
        """Working days in ``(a, b]``; negative when ``b`` is before ``a``."""
        return self._rank[self._offset(b)] - self._rank[self._offset(a)]

    def days_off(self, year: int) -> list[SpecialDay]:
        """Every non-working weekday and every working weekend day of ``year``, by date."""
        if (
            isinstance(year, bool)
            or not isinstance(year, int)
            or not self.first_year <= year <= self.last_year
        ):
            raise OutOfCalendarRange(None, self.first_year, self.last_year, year=year)
        first = date(year, 1, 1).toordinal() - self._base
        last = date(year, 12, 31).toordinal() - self._base
        return [
            self._special[self._day(offset)]
            for offset in range(first, last + 1)
            if bool(self._working[offset]) == (((self._base + offset + 6) % 7) in self.weekend)
        ]

    # -- instants and office time --------------------------------------------------------------

    def _local(self, instant: datetime) -> datetime:
        """``instant`` in the calendar's time zone; naive datetimes are refused, never guessed."""
        # Fast path: timezone and ZoneInfo always give an offset; other tzinfo may say None.
        if isinstance(instant, datetime) and type(instant.tzinfo) in _ALWAYS_AWARE:
            return instant.astimezone(self.tz)
        if not isinstance(instant, datetime):
            raise ValueError(
                _("Cần một thời điểm (datetime), không phải {value!r}.").format(value=instant)
            )
        if instant.tzinfo is None or instant.utcoffset() is None:
            raise ValueError(
                _("Thời điểm {value} thiếu múi giờ; hãy dùng thời điểm có múi giờ.").format(
                    value=instant.isoformat(sep=" ")
                )
            )
        return instant.astimezone(self.tz)

    def _local_offset(self, local: datetime) -> int:
        offset = local.toordinal() - self._base
        if 0 <= offset < self._size:
            return offset
        raise OutOfCalendarRange(local.date(), self.first_year, self.last_year)

    def _start(self, offset: int, period: int) -> datetime:
        key = (offset, period)
        start = self._starts.get(key)
        if start is None:
            start = datetime.combine(self._day(offset), self._periods[period][0], tzinfo=self.tz)
            self._starts[key] = start
        return start

    def _end(self, offset: int) -> datetime:
        """The end of office hours on the day at ``offset`` (17:00 by default), cached."""
        end = self._ends[offset]
        if end is None:
            end = datetime.combine(self._day(offset), self._close, tzinfo=self.tz)
            self._ends[offset] = end
        return end

    def _receipt(self, local: datetime) -> tuple[int, datetime]:
        """(day offset, instant) of the effective receipt of a local instant."""
        offset = self._local_offset(local)
        if self._working[offset]:
            moment = local.time()
            if moment < self._close:
                for index, (start, end) in enumerate(self._periods):
                    if moment < end:
                        return (
                            (offset, local)
                            if moment >= start
                            else (offset, self._start(offset, index))
                        )
        following = self._working_day_at(self._rank[offset])
        return following, self._start(following, 0)

    def effective_receipt(self, instant: datetime) -> datetime:
        """When the clock starts: ``instant`` inside office hours, else the next opening."""
        return self._receipt(self._local(instant))[1]

    def _office_clock(self, local: datetime) -> int:
        """Office time (µs) from the calendar's first opening to ``local``."""
        offset = self._local_offset(local)
        working = self._working[offset]
        total = (self._rank[offset] - working) * self._day_us
        if working:
            moment = time_us(local.time())
            for start, end in self._periods_us:
                if moment <= start:
                    break
                total += min(moment, end) - start
        return total

    def _instant_at(self, clock: int) -> datetime:
        """The earliest instant whose office clock reads ``clock`` (17:00 rather than 08:00 next day)."""
        k, rest = divmod(max(clock, 0), self._day_us)
        if rest == 0 and k > 0:
            k, rest = k - 1, self._day_us
        offset = self._working_day_at(k)
        for start, end in self._periods_us:
            if rest <= end - start:
                moment = start + rest
                break
            rest -= end - start
        return datetime.combine(self._day(offset), _time_from_us(moment), tzinfo=self.tz)

    def add_working_hours(self, start: datetime, hours: Decimal | float | int) -> datetime:
        """``hours`` of office time after the effective receipt of ``start`` (lunch excluded)."""
        amount = hours_to_us(hours)
        local = self._local(start)
        if amount == 0:
            return self._receipt(local)[1]
        return self._instant_at(self._office_clock(local) + amount)

    def add_office_time(self, instant: datetime, amount: timedelta) -> datetime:
        """``instant`` moved later by ``amount`` of office time; zero leaves it where it is."""
        local = self._local(instant)
        micros = amount // timedelta(microseconds=1)
        if micros < 0:
            raise ValueError(_("Thời gian cộng thêm không được là số âm."))
        return local if micros == 0 else self._instant_at(self._office_clock(local) + micros)

    def working_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Office time between two instants (negative when ``b`` is before ``a``)."""
        micros = self._office_clock(self._local(b)) - self._office_clock(self._local(a))
        return timedelta(microseconds=micros)
