"""Keeping ``DailyCount`` exact: refresh one key inside each transition, rebuild in bulk.

A key is (day of receipt in Hà Nội time, competent agency, procedure, channel). ``refresh``
locks the key's row (creating it if needed), then recounts the key's dossiers from the
dossier table: a recount, not an increment, so it is right whatever the transition did,
and the lock makes two transitions of the same key wait for each other (the second
recount, a new statement, sees the first one's committed rows under READ COMMITTED).

``rebuild`` recomputes a range of days (or everything) with one GROUP BY plus a pass over
the resolved dossiers for the handling times; ``motcua rebuild_report_summaries`` runs it.
``summary_counts`` answers ``indicators.counts`` from the summary rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from motcua.dossiers.models import Dossier, Status

from .handling import working_days_taken
from .indicators import (
    EARLY_Q,
    FINISHED_WITHOUT_RESULT,
    LATE_Q,
    NO_FILTERS,
    RESOLVED_Q,
    Counts,
    Filters,
    Period,
    Scope,
    _timing,
    counts_from,
)
from .models import DailyCount

# Transitions that change a dossier's contribution to the counts (receipt, result, refusal,
# withdrawal); the others (steps, handing the result over, closing) leave them as they are.
COUNTED_STATUSES = {Status.RECEIVED, Status.RESOLVED, Status.REFUSED, Status.WITHDRAWN}
BATCH = 50_000
MAX_BUCKET = 9_999  # 1,000 working days: anything longer is one bucket


def _tz():
    return ZoneInfo(settings.TIME_ZONE)


def key_of(dossier) -> tuple | None:
    if dossier.received_at is None:
        return None
    day = dossier.received_at.astimezone(_tz()).date()
    return (day, dossier.competent_agency_id, dossier.procedure_id, dossier.channel)


def _key_dossiers(day: dt.date, agency_id: int, procedure_id: int, channel: str):
    start = dt.datetime.combine(day, dt.time.min, tzinfo=_tz())
    return Dossier.objects.filter(
        received_at__gte=start,
        received_at__lt=start + dt.timedelta(days=1),
        competent_agency_id=agency_id,
        procedure_id=procedure_id,
        channel=channel,
    )


def _cohort_aggregates():
    return {
        "received": Count("pk"),
        "resolved": Count("pk", filter=RESOLVED_Q),
        "early": Count("pk", filter=EARLY_Q),
        "late": Count("pk", filter=LATE_Q),
        "returned": Count("pk", filter=Q(status__in=FINISHED_WITHOUT_RESULT)),
    }


def _handling_rows(dossiers):
    return dossiers.filter(resolved_at__isnull=False).values_list(
        "clock_started_at", "received_at", "resolved_at", "suspended_working_time"
    )


def _histogram(days) -> dict[str, int]:
    """Handling times bucketed by tenth of a working day (bucket k holds [k/10, (k+1)/10))."""
    histogram: dict[str, int] = defaultdict(int)
    for value in days:
        histogram[str(min(int(value * 10), MAX_BUCKET))] += 1
    return dict(histogram)


def _handling_sum(rows, calendar) -> tuple[float, int, dict]:
    rows = [(start or received, end, pause) for start, received, end, pause in rows]
    if not rows:
        return 0.0, 0, {}
    starts, ends, pauses = zip(*rows, strict=True)
    days = working_days_taken(calendar, starts, ends, pauses)
    return float(days.sum()), len(days), _histogram(days)


def refresh(key: tuple) -> None:
    """Recount one key from the dossiers, under a lock on its summary row."""
    from motcua.workcalendar.services import get_calendar

    day, agency_id, procedure_id, channel = key
    ident = {
        "day": day,
        "competent_agency_id": agency_id,
        "procedure_id": procedure_id,
        "channel": channel,
    }
    with transaction.atomic():
        try:
            row, _created = DailyCount.objects.select_for_update().get_or_create(**ident)
        except IntegrityError:  # created by a concurrent transaction meanwhile
            row = DailyCount.objects.select_for_update().get(**ident)
        dossiers = _key_dossiers(day, agency_id, procedure_id, channel)
        figures = _timing(dossiers).aggregate(**_cohort_aggregates())
        if not figures["received"]:
            row.delete()
            return
        total, handled, histogram = _handling_sum(_handling_rows(dossiers), get_calendar())
        for name, value in figures.items():
            setattr(row, name, value)
        row.handling_days, row.handled, row.handling_histogram = total, handled, histogram
        row.save()


def on_transition(record) -> None:
    """``dossiers.hooks.in_transaction``: keep the dossier's summary row exact."""
    if record.to_status not in COUNTED_STATUSES and record.from_status not in COUNTED_STATUSES:
        return
    key = key_of(record.dossier)
    if key is not None:
        refresh(key)


def rebuild(period: Period | None = None) -> int:
    """Recompute the summary rows of ``period`` (every day when None); returns the row count."""
    from motcua.workcalendar.services import get_calendar

    dossiers = Dossier.objects.filter(received_at__isnull=False)
    rows = DailyCount.objects.all()
    if period is not None:
        start, end = period.bounds()
        dossiers = dossiers.filter(received_at__gte=start, received_at__lt=end)
        rows = rows.filter(day__gte=period.start, day__lte=period.end)
    grouped = (
        _timing(dossiers)
        .annotate(day=TruncDate("received_at", tzinfo=_tz()))
        .values("day", "competent_agency_id", "procedure_id", "channel")
        .annotate(**_cohort_aggregates())
        .order_by()
    )
    handling: dict[tuple, list] = defaultdict(lambda: [0.0, 0, defaultdict(int)])
    calendar = get_calendar()
    chunk: list[tuple] = []

    def flush():
        if not chunk:
            return
        days = working_days_taken(
            calendar, [c[1] for c in chunk], [c[2] for c in chunk], [c[3] for c in chunk]
        )
        if len(days) == len(chunk):  # a row outside the calendar is dropped by the helper
            for c, value in zip(chunk, days, strict=True):
                _add(handling[c[0]], float(value))
        else:
            for c in chunk:
                one = working_days_taken(calendar, [c[1]], [c[2]], [c[3]])
                if len(one):
                    _add(handling[c[0]], float(one[0]))
        chunk.clear()

    resolved = dossiers.filter(resolved_at__isnull=False).values_list(
        "received_at",
        "competent_agency_id",
        "procedure_id",
        "channel",
        "clock_started_at",
        "resolved_at",
        "suspended_working_time",
    )
    tz = _tz()
    for received, agency, procedure, channel, started, resolved_at, pause in resolved.iterator(
        chunk_size=BATCH
    ):
        key = (received.astimezone(tz).date(), agency, procedure, channel)
        chunk.append((key, started or received, resolved_at, pause))
        if len(chunk) >= BATCH:
            flush()
    flush()
    with transaction.atomic():
        rows.delete()
        created = 0
        batch = []
        for row in grouped.iterator(chunk_size=BATCH):
            day = row["day"].date() if isinstance(row["day"], dt.datetime) else row["day"]
            key = (day, row["competent_agency_id"], row["procedure_id"], row["channel"])
            total, handled, histogram = handling.get(key, (0.0, 0, {}))
            batch.append(
                DailyCount(
                    day=day,
                    competent_agency_id=key[1],
                    procedure_id=key[2],
                    channel=key[3],
                    received=row["received"],
                    resolved=row["resolved"],
                    early=row["early"],
                    late=row["late"],
                    returned=row["returned"],
                    handling_days=total,
                    handled=handled,
                    handling_histogram=dict(histogram),
                )
            )
            if len(batch) >= 5_000:
                DailyCount.objects.bulk_create(batch)
                created += len(batch)
                batch = []
        DailyCount.objects.bulk_create(batch)
        created += len(batch)
    return created


def _add(accumulator: list, value: float) -> None:
    accumulator[0] += value
    accumulator[1] += 1
    accumulator[2][str(min(int(value * 10), MAX_BUCKET))] += 1


def summary_handling(scope: Scope, period: Period, filters: Filters = NO_FILTERS):
    """Handling time from the summary rows: the mean exactly (sum / count); p50 and p90 to a
    tenth of a working day (the middle of the bucket holding the percentile's rank)."""
    from .handling import HandlingTime

    rows = _summary_rows(scope, period, filters).filter(handled__gt=0)
    total, handled = 0.0, 0
    histogram: dict[int, int] = defaultdict(int)
    for days, n, buckets in rows.values_list("handling_days", "handled", "handling_histogram"):
        total += days
        handled += n
        for bucket, count in buckets.items():
            histogram[int(bucket)] += count
    if not handled:
        return HandlingTime(0, None, None, None)

    def percentile(q: float) -> float:
        rank = q * (handled - 1)  # numpy's linear rank, 0-based
        seen = 0
        for bucket in sorted(histogram):
            seen += histogram[bucket]
            if rank < seen:
                return (bucket + 0.5) / 10
        return (max(histogram) + 0.5) / 10

    return HandlingTime(handled, total / handled, percentile(0.5), percentile(0.9))


def summary_counts(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> Counts:
    """``indicators.counts`` from the summary rows (the waiting stock still from dossiers)."""
    rows = _summary_rows(scope, period, filters)
    names = ("received", "resolved", "early", "late", "returned")
    sums = rows.aggregate(
        **{f"sum_{name}": Sum(name) for name in names},
        sum_online=Sum("received", filter=Q(channel="online")),
    )
    sums = {k.removeprefix("sum_"): v or 0 for k, v in sums.items()}
    return counts_from(sums, scope, period, filters)


def freshest() -> dt.datetime | None:
    """When a summary row last changed (shown as the figures' freshness)."""
    row = (
        DailyCount.objects.order_by("-refreshed_at").values_list("refreshed_at", flat=True).first()
    )
    return timezone.localtime(row) if row else None


def _summary_rows(scope: Scope, period: Period, filters: Filters):
    rows = scope.filter(
        DailyCount.objects.filter(day__gte=period.start, day__lte=period.end), "competent_agency"
    )
    if filters.field_id:
        rows = rows.filter(procedure__field_id=filters.field_id)
    if filters.level:
        rows = rows.filter(procedure__level=filters.level)
    if filters.channel:
        rows = rows.filter(channel=filters.channel)
    if filters.procedure_code:
        rows = rows.filter(procedure__code=filters.procedure_code)
    return rows


_SUMS = {
    "n_received": Sum("received"),
    "n_online": Sum("received", filter=Q(channel="online")),
    "n_resolved": Sum("resolved"),
    "n_late": Sum("late"),
}


def summary_monthly(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> list[dict]:
    """``indicators.monthly`` from the summary rows."""
    from django.db.models.functions import TruncMonth

    grouped = (
        _summary_rows(scope, period, filters)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**_SUMS)
        .order_by("month")
    )
    found = {row["month"]: row for row in grouped}
    result = []
    month = period.start.replace(day=1)
    while month <= period.end:
        row = found.get(month, {})
        result.append(
            {
                "month": month,
                **{k.removeprefix("n_"): row.get(k) or 0 for k in _SUMS},
            }
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return result


def summary_by_agency(
    scope: Scope, period: Period, filters: Filters = NO_FILTERS
) -> dict[int, dict]:
    """Cohort counts per competent agency from the summary rows (for ``indicators.by_unit``)."""
    grouped = (
        _summary_rows(scope, period, filters)
        .values("competent_agency")
        .annotate(**_SUMS)
        .order_by()
    )
    return {
        row["competent_agency"]: {k.removeprefix("n_"): row[k] or 0 for k in _SUMS}
        for row in grouped
    }
