"""Handling time in WORKING days: office time from the start of the legal clock to the result.

The official calendar (``workcalendar.services.get_calendar()``: weekends, Tết, swapped days,
office hours) measures the time, as it measures deadlines. A dossier's handling time is the
office time from ``clock_started_at`` (acceptance, or the receipt of a complete supplement,
when the whole time limit starts again) to ``resolved_at``, minus the office time it spent
suspended (``suspended_working_time``), divided by one office day (8 hours by default). So
a dossier received on the Friday before Tết and resolved on the first working day after it
took one working day, not ten; a dossier paused for a supplement is measured from the
complete resubmission.

The arithmetic runs on numpy arrays of epoch microseconds with the calendar's own index
(the tables ``motcua.workdays.vectorized`` builds once per calendar revision), so a year of a
province is a few array operations after one query. A zone whose UTC offset changes over the
calendar's years falls back to ``WorkCalendar.working_time_between`` per dossier.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from django.db.models import QuerySet

from motcua.workcalendar.services import get_calendar
from motcua.workdays import vectorized
from motcua.workdays.work_calendar import WorkCalendar

_US_PER_DAY = 86_400_000_000
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class HandlingTime:
    count: int
    mean: float | None
    p50: float | None
    p90: float | None


def _epoch_us(moments) -> np.ndarray:
    return np.array([(m - _EPOCH) // dt.timedelta(microseconds=1) for m in moments], dtype=np.int64)


def office_clock_us(calendar: WorkCalendar, epochs_us: np.ndarray) -> np.ndarray:
    """Office time (µs) from the calendar's first opening to each instant; -1 outside it.

    Vectorised ``WorkCalendar._office_clock``: whole working days before the instant's day,
    plus the office time elapsed in that day if it is a working day.
    """
    t = vectorized._tables(calendar)
    local = epochs_us + (t.offset_us or 0)
    since_first = local - t.first_local_us
    offset = since_first // _US_PER_DAY
    inside = (offset >= 0) & (offset < t.size)
    safe = np.where(inside, offset, 0)
    tod = since_first - offset * _US_PER_DAY
    working = t.working[safe].astype(np.int64)
    elapsed = np.clip(tod[:, None] - t.starts_us[None, :], 0, (t.ends_us - t.starts_us)[None, :])
    clock = (t.rank[safe] - working) * t.day_us + working * elapsed.sum(axis=1)
    return np.where(inside, clock, -1)


def working_days_taken(calendar: WorkCalendar, starts, ends, suspended) -> np.ndarray:
    """Working days from each start to each end, less the suspended office time (≥ 0)."""
    if not len(starts):
        return np.zeros(0)
    day_us = vectorized._tables(calendar).day_us
    pause = np.array([s // dt.timedelta(microseconds=1) for s in suspended], dtype=np.int64)
    if vectorized._tables(calendar).offset_us is None:  # a zone with changing offsets
        taken = np.array(
            [
                calendar.working_time_between(a, b) // dt.timedelta(microseconds=1)
                for a, b in zip(starts, ends, strict=True)
            ],
            dtype=np.int64,
        )
        return np.maximum(taken - pause, 0) / day_us
    a = office_clock_us(calendar, _epoch_us(starts))
    b = office_clock_us(calendar, _epoch_us(ends))
    keep = (a >= 0) & (b >= 0)  # outside the calendar's years: not measurable, left out
    return np.maximum((b - a - pause)[keep], 0) / day_us


def handling_time(resolved: QuerySet) -> HandlingTime:
    """Mean, median and 90th percentile (linear interpolation, numpy's default) of the
    handling time of the resolved dossiers in ``resolved``; one query."""
    rows = list(
        resolved.filter(resolved_at__isnull=False).values_list(
            "clock_started_at", "received_at", "resolved_at", "suspended_working_time"
        )
    )
    rows = [
        (start or received, end, pause) for start, received, end, pause in rows if start or received
    ]
    if not rows:
        return HandlingTime(0, None, None, None)
    starts, ends, pauses = zip(*rows, strict=True)
    days = working_days_taken(get_calendar(), starts, ends, pauses)
    if not len(days):
        return HandlingTime(0, None, None, None)
    return HandlingTime(
        count=len(days),
        mean=float(days.mean()),
        p50=float(np.percentile(days, 50)),
        p90=float(np.percentile(days, 90)),
    )
