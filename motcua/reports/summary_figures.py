"""Report figures read from the summary tables instead of the dossiers (docs/reports.md,
"Scale and freshness").

``REPORTS_USE_SUMMARIES`` (default on) makes the reports read here; the functions of
``indicators`` counting the dossiers stay the reference, and a test compares both figure by
figure. Every figure is exact except the p50 / p90 handling times (within 0.05 working day).

The waiting stock at the end of a period ``E`` (received before ``E``, not refused or
withdrawn, no result before ``E``) is, with the rows of every day before ``E``:

    waiting(E) = Σ DailyCount (received − returned) − Σ DailyFlow.left

(every dossier not refused or withdrawn received before ``E``, minus those whose result and
receipt are both before ``E``). Of those, the ones past their due date at ``E``:

    waiting_overdue(E) = open dossiers received and due before E (the dossiers, indexed)
                         + Σ DailyFlow (overdue_in − overdue_out)

Open dossiers have no summary row for their due date (it moves with supplements and
suspensions), but they are few and the index ``(competent_agency, status, due_at)`` finds
them; a dossier gets its ``DailyFlow`` rows at its result, when its dates stop moving.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from motcua.dossiers.models import Channel, Dossier, Status

from .indicators import NO_FILTERS, Counts, Filters, Period, Scope, counts_from
from .models import DailyCount, DailyFlow, MonthlyHandling

# Statuses a dossier in hand without a result can have. ``resolved``, ``result_returned`` and
# ``closed`` always carry ``resolved_at`` once received (the workflow sets it; a dossier closed
# by redirection was never received), so these are all the open dossiers the index must find.
OPEN_STATUSES = (
    Status.DRAFT,
    Status.SUBMITTED,
    Status.RECEIVED,
    Status.IN_PROCESSING,
    Status.WAITING_SUPPLEMENT,
    Status.SUSPENDED,
)


def enabled() -> bool:
    return getattr(settings, "REPORTS_USE_SUMMARIES", True)


def summary_rows(
    scope: Scope,
    period: Period,
    filters: Filters = NO_FILTERS,
    *,
    model=DailyCount,
    since_ever: bool = False,
) -> QuerySet:
    """The summary rows of the period's days (``since_ever``: every day up to its end)."""
    rows = model.objects.filter(day__lte=period.end)
    if not since_ever:
        rows = rows.filter(day__gte=period.start)
    return scope.filter(rows, "competent_agency").filter(filters.q())


def _sum(name: str, **extra) -> Sum:
    return Sum(name, default=0, **extra)


def sums(rows: QuerySet, *names: str, **extra) -> dict:
    """``{name: sum of the column}`` (an aggregate cannot take its column's name)."""
    found = rows.aggregate(**{f"sum_{n}": _sum(n) for n in names}, **extra)
    return {k.removeprefix("sum_"): v for k, v in found.items()}


def stock(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> dict:
    """``{"waiting", "overdue"}`` at the end of the period (formulas in the module docstring)."""
    received = sums(summary_rows(scope, period, filters, since_ever=True), "received", "returned")
    flows = sums(
        summary_rows(scope, period, filters, model=DailyFlow, since_ever=True),
        "left",
        "overdue_in",
        "overdue_out",
    )
    end = period.bounds()[1]
    open_overdue = scope.filter_open(
        Dossier.objects.filter(
            status__in=OPEN_STATUSES,
            due_at__lt=end,
            received_at__lt=end,
            resolved_at__isnull=True,
        ),
        "competent_agency",
    ).filter(filters.q())
    return {
        "waiting": received["received"] - received["returned"] - flows["left"],
        "overdue": open_overdue.count() + flows["overdue_in"] - flows["overdue_out"],
    }


def summary_counts(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> Counts:
    """``indicators.counts`` from the summary rows."""
    totals = sums(
        summary_rows(scope, period, filters),
        *("received", "resolved", "early", "late", "returned"),
        online=_sum("received", filter=Q(channel=Channel.ONLINE)),
    )
    return counts_from(totals, scope, period, filters, stock=stock(scope, period, filters))


def summary_extras(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> dict:
    """``{"coded", "late_with_apology", "paying"}`` of the cohort: dossiers with a code, late
    dossiers with an apology letter, dossiers of a procedure that charges a fee."""
    from motcua.catalog.models import Procedure

    charging = Procedure.objects.filter(fees__amount__gt=0).values("pk")
    return sums(
        summary_rows(scope, period, filters),
        "coded",
        "late_with_apology",
        paying=_sum("received", filter=Q(procedure__in=charging)),
    )


def summary_handling(scope: Scope, period: Period, filters: Filters = NO_FILTERS):
    """Handling time from the summary rows: the mean exactly (sum / count); p50 and p90 within
    0.05 working day (each time taken as the middle of its tenth-of-a-day bucket)."""
    from .handling import HandlingTime

    rows = summary_rows(scope, period, filters).filter(handled__gt=0)
    totals = rows.aggregate(total=Sum("handling_days", default=0.0), n=Sum("handled", default=0))
    total, handled = totals["total"], totals["n"]
    if not handled:
        return HandlingTime(0, None, None, None)

    histogram = _period_histogram(scope, period, filters)
    buckets = sorted(histogram)
    if not buckets:  # summaries being rebuilt: the mean stands, the percentiles wait
        return HandlingTime(handled, total / handled, None, None)

    def order_statistic(k: int) -> float:
        """The k-th smallest time (0-based), as the middle of its bucket: within 0.05."""
        seen = 0
        for bucket in buckets:
            seen += histogram[bucket]
            if k < seen:
                return (bucket + 0.5) / 10
        return (buckets[-1] + 0.5) / 10

    def percentile(q: float) -> float:
        # numpy's linear interpolation between the order statistics around rank q (n - 1);
        # each is within 0.05 of the true one, so is their interpolation.
        rank = q * (handled - 1)
        below = int(rank)
        low = order_statistic(below)
        if rank == below:
            return low
        return low + (rank - below) * (order_statistic(below + 1) - low)

    return HandlingTime(handled, total / handled, percentile(0.5), percentile(0.9))


def _period_histogram(scope: Scope, period: Period, filters: Filters) -> dict[int, int]:
    """The handling histogram of the period: ``MonthlyHandling`` rows for its whole months,
    ``DailyCount`` rows for the days of the months it covers in part."""
    after = period.end + dt.timedelta(days=1)
    first = period.start if period.start.day == 1 else _next_month(period.start)
    last = after.replace(day=1)  # the months in [first, last) are whole in the period
    if first >= last:
        return _merged_histogram(summary_rows(scope, period, filters).filter(handled__gt=0))
    months = scope.filter(
        MonthlyHandling.objects.filter(month__gte=first, month__lt=last), "competent_agency"
    ).filter(filters.q())
    edges = summary_rows(scope, period, filters).filter(handled__gt=0)
    edges = edges.filter(Q(day__lt=first) | Q(day__gte=last))
    histogram = _merged_histogram(months)
    if period.start < first or last < after:
        for bucket, count in _merged_histogram(edges).items():
            histogram[bucket] = histogram.get(bucket, 0) + count
    return histogram


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _merged_histogram(rows: QuerySet) -> dict[int, int]:
    """The rows' handling histograms added up, in the database where it can read JSON (a
    year of a province is ~100,000 daily rows: decoding them in Python takes a second)."""
    from django.db import connections

    connection = connections[rows.db]
    each = {
        "postgresql": ("jsonb_each_text(r.handling_histogram)", "CAST(h.value AS bigint)"),
        "sqlite": ("json_each(r.handling_histogram)", "CAST(h.value AS integer)"),
    }.get(connection.vendor)
    if each is None:
        histogram: dict[int, int] = defaultdict(int)
        for buckets in rows.values_list("handling_histogram", flat=True):
            for bucket, count in buckets.items():
                histogram[int(bucket)] += count
        return dict(histogram)
    inner, params = rows.values("handling_histogram").query.sql_with_params()
    function, value = each
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT h.key, SUM({value}) FROM ({inner}) r, {function} h GROUP BY h.key", params
        )
        return {int(bucket): int(count) for bucket, count in cursor.fetchall()}


_SUMS = {
    "n_received": _sum("received"),
    "n_online": _sum("received", filter=Q(channel=Channel.ONLINE)),
    "n_resolved": _sum("resolved"),
    "n_late": _sum("late"),
}


def summary_monthly(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> list[dict]:
    """``indicators.monthly`` from the summary rows."""
    from django.db.models.functions import TruncMonth

    grouped = (
        summary_rows(scope, period, filters)
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
        result.append({"month": month, **{k.removeprefix("n_"): row.get(k) or 0 for k in _SUMS}})
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return result


def summary_by_agency(
    scope: Scope, period: Period, filters: Filters = NO_FILTERS
) -> dict[int, dict]:
    """Cohort counts per competent agency from the summary rows (for ``indicators.by_unit``)."""
    grouped = (
        summary_rows(scope, period, filters).values("competent_agency").annotate(**_SUMS).order_by()
    )
    return {
        row["competent_agency"]: {k.removeprefix("n_"): row[k] for k in _SUMS} for row in grouped
    }


def by_field(scope: Scope, period: Period) -> list[dict]:
    """Received / online / resolved / late per field of procedures, most dossiers first (the
    public statistics), from the summary rows or the dossiers."""
    from .indicators import LATE_Q, RESOLVED_Q, _timing, received_dossiers

    if enabled():
        rows = summary_rows(scope, period).values("procedure__field__name").annotate(**_SUMS)
    else:
        rows = (
            _timing(received_dossiers(scope, period))
            .values("procedure__field__name")
            .annotate(
                n_received=Count("pk"),
                n_online=Count("pk", filter=Q(channel=Channel.ONLINE)),
                n_resolved=Count("pk", filter=RESOLVED_Q),
                n_late=Count("pk", filter=LATE_Q),
            )
        )
    return [
        {
            "procedure__field__name": row["procedure__field__name"],
            **{k.removeprefix("n_"): row[k] for k in _SUMS},
        }
        for row in rows.order_by("-n_received", "procedure__field__name")
    ]
