"""Office hours: the periods of a working day in which working time runs."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .i18n import _

DEFAULT_TZ = "Asia/Ho_Chi_Minh"
_PERIOD = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")


def time_us(t: time) -> int:
    """Microseconds since midnight."""
    return ((t.hour * 60 + t.minute) * 60 + t.second) * 1_000_000 + t.microsecond


def _hhmm(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


@dataclass(frozen=True)
class OfficeHours:
    """Ordered, non-overlapping periods of local wall-clock time, e.g. 08:00–12:00, 13:00–17:00."""

    periods: tuple[tuple[time, time], ...] = ((time(8), time(12)), (time(13), time(17)))
    tz: str = DEFAULT_TZ

    def __post_init__(self) -> None:
        periods = tuple(tuple(period) for period in self.periods)
        if not periods:
            raise ValueError(_("Giờ làm việc phải có ít nhất một buổi."))
        previous_end: time | None = None
        for period in periods:
            if len(period) != 2 or not all(isinstance(t, time) for t in period):
                raise ValueError(_("Mỗi buổi làm việc phải có giờ bắt đầu và giờ kết thúc."))
            start, end = period
            if start.tzinfo is not None or end.tzinfo is not None:
                raise ValueError(_("Giờ làm việc là giờ địa phương, không kèm múi giờ."))
            if start >= end:
                raise ValueError(
                    _("Buổi làm việc {start}–{end} phải kết thúc sau khi bắt đầu.").format(
                        start=_hhmm(start), end=_hhmm(end)
                    )
                )
            if previous_end is not None and start < previous_end:
                raise ValueError(_("Các buổi làm việc phải theo thứ tự và không chồng lên nhau."))
            previous_end = end
        object.__setattr__(self, "periods", periods)
        try:
            ZoneInfo(self.tz)
        except (ZoneInfoNotFoundError, ValueError, TypeError):
            raise ValueError(_("Múi giờ «{tz}» không tồn tại.").format(tz=self.tz)) from None

    @classmethod
    def parse(cls, spec: str, tz: str = DEFAULT_TZ) -> OfficeHours:
        """Read ``"08:00-12:00,13:00-17:00"`` (the format of the MOTCUA_OFFICE_HOURS setting)."""
        if not isinstance(spec, str) or not spec.strip():
            raise ValueError(_("Chưa nhập giờ làm việc (ví dụ: 08:00-12:00,13:00-17:00)."))
        periods = []
        for part in spec.split(","):
            match = _PERIOD.match(part)
            if not match:
                raise ValueError(
                    _("Không đọc được buổi làm việc «{part}»; hãy viết như 08:00-12:00.").format(
                        part=part.strip()
                    )
                )
            h1, m1, h2, m2 = (int(g) for g in match.groups())
            if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
                raise ValueError(_("Giờ «{part}» không hợp lệ.").format(part=part.strip()))
            periods.append((time(h1, m1), time(h2, m2)))
        return cls(tuple(periods), tz)

    @property
    def opens(self) -> time:
        return self.periods[0][0]

    @property
    def closes(self) -> time:
        return self.periods[-1][1]

    @property
    def length(self) -> timedelta:
        """Office time in one working day (8 hours by default)."""
        return timedelta(
            microseconds=sum(time_us(end) - time_us(start) for start, end in self.periods)
        )

    def __str__(self) -> str:
        return ", ".join(f"{_hhmm(start)}–{_hhmm(end)}" for start, end in self.periods)
