"""Keeping the summary tables exact: update them inside each transition, rebuild in bulk.

``DailyCount``: a key is (day of receipt in Hà Nội time, competent agency, procedure, channel). ``refresh``
locks the key's row (creating it if needed), then recounts the key's dossiers from the
dossier table: a recount, not an increment, so it is right whatever the transition did,
and the lock makes two transitions of the same key wait for each other (the second
recount, a new statement, sees the first one's committed rows under READ COMMITTED).

``DailyFlow``: a dossier is counted in at its result (``add_result``), an increment under
the row's lock, on the days computed from its receipt, due date and result, which never
change afterwards (see ``models.DailyFlow``); a recount would have to find the dossiers by
day of result, which no index serves.

``rebuild`` recomputes a range of days (or everything) with GROUP BYs plus a pass over the
resolved dossiers for the handling times; ``motcua rebuild_report_summaries`` runs it.
The figures are read in ``summary_figures``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest, TruncDate

from motcua.dossiers.models import Dossier, Status

from .handling import working_days_taken
from .indicators import EARLY_Q, FINISHED_WITHOUT_RESULT, LATE_Q, RESOLVED_Q, Period, _timing
from .models import DailyCount, DailyFlow, MonthlyHandling

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
        "coded": Count("pk", filter=Q(code__isnull=False)),
        "late_with_apology": Count("pk", filter=LATE_Q & Q(apologised_at__isnull=False)),
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
        before = row.handling_histogram
        dossiers = _key_dossiers(day, agency_id, procedure_id, channel)
        figures = _timing(dossiers).aggregate(**_cohort_aggregates())
        if not figures["received"]:
            row.delete()
            histogram = {}
        else:
            total, handled, histogram = _handling_sum(_handling_rows(dossiers), get_calendar())
            for name, value in figures.items():
                setattr(row, name, value)
            row.handling_days, row.handled, row.handling_histogram = total, handled, histogram
            row.save()
        if histogram != before:
            _refresh_month(day.replace(day=1), agency_id, procedure_id, channel)


def _next_month(month: dt.date) -> dt.date:
    return (month + dt.timedelta(days=32)).replace(day=1)


def _refresh_month(month: dt.date, agency_id: int, procedure_id: int, channel: str) -> None:
    """Add up the month's daily histograms of one key, under the monthly row's lock (taken
    after the daily row's, always in that order)."""
    ident = {
        "month": month,
        "competent_agency_id": agency_id,
        "procedure_id": procedure_id,
        "channel": channel,
    }
    try:
        with transaction.atomic():
            row, _created = MonthlyHandling.objects.select_for_update().get_or_create(**ident)
    except IntegrityError:  # created by a concurrent transaction meanwhile
        row = MonthlyHandling.objects.select_for_update().get(**ident)
    days = DailyCount.objects.filter(
        day__gte=month,
        day__lt=_next_month(month),
        competent_agency_id=agency_id,
        procedure_id=procedure_id,
        channel=channel,
        handled__gt=0,
    )
    merged = _merge(days.values_list("handling_histogram", flat=True))
    if merged:
        row.handling_histogram = merged
        row.save()
    else:
        row.delete()


def _merge(histograms) -> dict[str, int]:
    merged: dict[str, int] = defaultdict(int)
    for histogram in histograms:
        for bucket, count in histogram.items():
            merged[bucket] += count
    return dict(merged)


def on_transition(record) -> None:
    """``dossiers.hooks.in_transaction``: keep the dossier's summary rows exact."""
    counted = (
        record.to_status in COUNTED_STATUSES
        or record.from_status in COUNTED_STATUSES
        or record.action == "apologise"  # late with / without apology
    )
    key = key_of(record.dossier)
    if not counted or key is None:
        return
    refresh(key)
    if record.to_status == Status.RESOLVED and record.from_status != Status.RESOLVED:
        add_result(record.dossier)


def flow_days(dossier) -> dict[str, dt.date]:
    """The ``DailyFlow`` columns a dossier with a result counts in, and on which day."""
    tz = _tz()
    received = dossier.received_at.astimezone(tz).date()
    resolved = dossier.resolved_at.astimezone(tz).date()
    days = {"left": max(received, resolved)}
    if dossier.due_at is not None:
        due = dossier.due_at.astimezone(tz).date()
        days["overdue_in"] = max(received, due)
        days["overdue_out"] = max(received, due, resolved)
    return days


def add_result(dossier) -> None:
    """Count a dossier that has just got its result into its ``DailyFlow`` rows."""
    if dossier.received_at is None or dossier.resolved_at is None:
        return
    if dossier.status in FINISHED_WITHOUT_RESULT:
        return
    per_day: dict[dt.date, dict[str, int]] = defaultdict(dict)
    for column, day in flow_days(dossier).items():
        per_day[day][column] = 1
    ident = {
        "competent_agency_id": dossier.competent_agency_id,
        "procedure_id": dossier.procedure_id,
        "channel": dossier.channel,
    }
    for day, columns in sorted(per_day.items()):
        increments = {name: F(name) + n for name, n in columns.items()}
        rows = DailyFlow.objects.filter(day=day, **ident)
        if rows.update(**increments):
            continue
        try:
            with transaction.atomic():
                DailyFlow.objects.create(day=day, **ident, **columns)
        except IntegrityError:  # created by a concurrent transaction meanwhile
            rows.update(**increments)


def rebuild(period: Period | None = None) -> int:
    """Recompute the summary rows of ``period`` (every day when None); returns how many rows
    were written. ``DailyFlow`` rows are recomputed from the period's first day on: a dossier
    received in the period may get its result later.

    One transaction; on PostgreSQL the summary tables are locked against writes first, so a
    transition during the rebuild waits for it (and then updates the rebuilt rows) instead
    of being overwritten by figures counted before it. Reports keep reading meanwhile."""
    with transaction.atomic():
        _lock_summaries()
        return _rebuild(period)


def _lock_summaries() -> None:
    from django.db import connection

    if connection.vendor != "postgresql":
        return  # SQLite lets one writer at a time anyway
    tables = ", ".join(
        connection.ops.quote_name(model._meta.db_table)
        for model in (DailyCount, DailyFlow, MonthlyHandling)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")


def _rebuild(period: Period | None) -> int:
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
    flows = _flow_rows(period)
    rows.delete()
    if period is None:
        DailyFlow.objects.all().delete()
    else:
        DailyFlow.objects.filter(day__gte=period.start).delete()
    DailyFlow.objects.bulk_create(flows, batch_size=5_000)
    created = len(flows)
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
                coded=row["coded"],
                late_with_apology=row["late_with_apology"],
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
    created += _rebuild_months(period)
    return created


def _rebuild_months(period: Period | None) -> int:
    """``MonthlyHandling`` rows of the period's months (or of every month), from the daily
    rows just written."""
    months = MonthlyHandling.objects.all()
    days = DailyCount.objects.filter(handled__gt=0)
    if period is not None:
        first = period.start.replace(day=1)
        after = _next_month(period.end.replace(day=1))
        months = months.filter(month__gte=first, month__lt=after)
        days = days.filter(day__gte=first, day__lt=after)
    merged: dict[tuple, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    rows = days.values_list(
        "day", "competent_agency_id", "procedure_id", "channel", "handling_histogram"
    )
    for day, agency, procedure, channel, histogram in rows.iterator(chunk_size=BATCH):
        target = merged[(day.replace(day=1), agency, procedure, channel)]
        for bucket, count in histogram.items():
            target[bucket] += count
    months.delete()
    MonthlyHandling.objects.bulk_create(
        (
            MonthlyHandling(
                month=key[0],
                competent_agency_id=key[1],
                procedure_id=key[2],
                channel=key[3],
                handling_histogram=dict(histogram),
            )
            for key, histogram in merged.items()
        ),
        batch_size=5_000,
    )
    return len(merged)


def _flow_rows(period: Period | None) -> list[DailyFlow]:
    """``DailyFlow`` rows of every day from the period's start (or of every day): one GROUP BY
    per column over the dossiers with a result, not refused or withdrawn."""
    tz = _tz()
    received = TruncDate("received_at", tzinfo=tz)
    resolved = TruncDate("resolved_at", tzinfo=tz)
    due = TruncDate("due_at", tzinfo=tz)
    columns = {
        "left": (Greatest(received, resolved), Q()),
        "overdue_in": (Greatest(received, due), Q(due_at__isnull=False)),
        "overdue_out": (Greatest(received, due, resolved), Q(due_at__isnull=False)),
    }
    dossiers = Dossier.objects.filter(received_at__isnull=False, resolved_at__isnull=False).exclude(
        status__in=FINISHED_WITHOUT_RESULT
    )
    if period is not None:
        start = period.bounds()[0]
        # The later of some dates is on or after the start only if one of them is.
        dossiers = dossiers.filter(
            Q(received_at__gte=start) | Q(resolved_at__gte=start) | Q(due_at__gte=start)
        )
    found: dict[tuple, dict[str, int]] = defaultdict(dict)
    for column, (day, condition) in columns.items():
        grouped = dossiers.filter(condition).annotate(flow_day=day)
        if period is not None:
            grouped = grouped.filter(flow_day__gte=period.start)
        grouped = (
            grouped.values_list("flow_day", "competent_agency_id", "procedure_id", "channel")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for flow_day, agency, procedure, channel, n in grouped.iterator(chunk_size=BATCH):
            if isinstance(flow_day, dt.datetime):
                flow_day = flow_day.date()
            found[(flow_day, agency, procedure, channel)][column] = n
    return [
        DailyFlow(
            day=key[0], competent_agency_id=key[1], procedure_id=key[2], channel=key[3], **values
        )
        for key, values in found.items()
    ]


def _add(accumulator: list, value: float) -> None:
    accumulator[0] += value
    accumulator[1] += 1
    accumulator[2][str(min(int(value * 10), MAX_BUCKET))] += 1
