"""One report: every indicator for a scope, a period and filters, ready for a page or an export.

``build_report`` runs a fixed number of queries (about twenty) whatever the number of
dossiers: each indicator is one aggregate in the database, over the summary tables
(``summary_figures``, the default) or over the dossiers (``REPORTS_USE_SUMMARIES`` off: the
reference the tests compare the summaries with). Indicators fed by other apps go through
``sources`` and are ``None`` ("not available") when the app is not there.

The service index of Decision 766/QĐ-TTg is computed in ``service_index``; each criterion's
formula, and where it simplifies the decision's sub-criteria, is in docs/reports.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure

from . import sources
from .handling import HandlingTime, handling_time
from .indicators import (
    NO_FILTERS,
    Cohort,
    Counts,
    Filters,
    Period,
    Scope,
    _percent,
    by_unit,
    counts,
    monthly,
    online_offer_table,
)
from .summary_figures import (
    enabled,
    summary_by_agency,
    summary_counts,
    summary_extras,
    summary_handling,
    summary_monthly,
)

# Decision 766/QĐ-TTg (23/6/2022): the five groups and their maximum points.
INDEX_WEIGHTS = {
    "transparency": 18,
    "progress": 20,
    "digitisation": 22,
    "online": 22,
    "satisfaction": 18,
}
INDEX_LABELS = {
    "transparency": _("Công khai, minh bạch"),
    "progress": _("Tiến độ giải quyết"),
    "digitisation": _("Số hóa hồ sơ"),
    "online": _("Cung cấp dịch vụ công trực tuyến"),
    "satisfaction": _("Mức độ hài lòng"),
}


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    weight: int
    score: float | None  # None: the data is not available
    shares: tuple  # the shares (0–100) averaged into the score, None where unavailable


@dataclass
class Report:
    scope: Scope
    period: Period
    filters: Filters
    counts: Counts
    handling: HandlingTime
    late_apology: dict | None
    paid: dict | None
    electronic_results: int | None
    scanned: int | None
    satisfaction: list | None
    feedback: dict | None
    offer: list[dict]
    months: list[dict]
    units: list[dict]
    published_share: float | None
    coded_share: float | None
    index: list[Criterion] = field(default_factory=list)

    @property
    def digitised(self) -> int | None:
        """Online dossiers (electronic from the start) plus desk dossiers scanned at receipt."""
        if self.scanned is None:
            return None
        return self.counts.online + self.scanned

    @property
    def digitised_percent(self) -> float | None:
        return None if self.digitised is None else _percent(self.digitised, self.counts.received)

    @property
    def electronic_results_percent(self) -> float | None:
        if self.electronic_results is None:
            return None
        return _percent(self.electronic_results, self.counts.resolved)

    @property
    def paid_online_percent(self) -> float | None:
        return None if self.paid is None else _percent(self.paid["online"], self.paid["paying"])

    @property
    def feedback_on_time_percent(self) -> float | None:
        return None if self.feedback is None else self.feedback["percent"]

    @property
    def satisfaction_percent(self) -> float | None:
        values = [r["percent"] for r in self.satisfaction or () if r["percent"] is not None]
        return sum(values) / len(values) if values else None

    @property
    def index_total(self) -> float | None:
        scored = [c.score for c in self.index if c.score is not None]
        return sum(scored) if scored else None

    @property
    def index_max(self) -> int:
        return sum(c.weight for c in self.index if c.score is not None)

    @property
    def offer_totals(self) -> dict:
        keys = ("total", "level3", "level4", "partial", "full")
        return {k: sum(row[k] for row in self.offer) for k in keys}


def _offered_procedures(scope: Scope, period: Period, filters: Filters):
    procedures = (
        Procedure.objects.published()
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
    )
    return filters.apply_to_procedures(scope.filter(procedures, "agencies"))


def build_report(
    scope: Scope, period: Period, filters: Filters = NO_FILTERS, *, today_units: bool = False
) -> Report:
    cohort = Cohort(scope, period, filters)
    if enabled():
        figures = summary_counts(scope, period, filters)
        handling = summary_handling(scope, period, filters)
        months = summary_monthly(scope, period, filters)
        per_agency = summary_by_agency(scope, period, filters)
        extras = summary_extras(scope, period, filters)
        late_apology = _late_from_summary(figures.late, extras["late_with_apology"])
        coded, paying = extras["coded"], extras["paying"]
    else:
        dossiers = cohort.dossiers()
        figures = counts(scope, period, filters)
        handling = handling_time(dossiers)
        months = monthly(scope, period, filters)
        per_agency = None
        late = dossiers.filter(resolved_at__gt=F("due_at"))
        late_apology = sources.late_counts(late) if figures.late else _zero_late()
        coded = dossiers.aggregate(n=Count("pk", filter=Q(code__isnull=False)))["n"]
        paying = None
    offered = _offered_procedures(scope, period, filters).aggregate(
        total=Count("code", distinct=True),
        published=Count("code", distinct=True, filter=Q(published_on__isnull=False)),
    )
    report = Report(
        scope=scope,
        period=period,
        filters=filters,
        counts=figures,
        handling=handling,
        late_apology=late_apology,
        paid=sources.paid_online(cohort, paying=paying),
        electronic_results=sources.electronic_results(cohort),
        scanned=sources.scanned_dossiers(cohort),
        satisfaction=sources.satisfaction(cohort),
        feedback=sources.feedback_on_time(scope.agency_ids, *period.bounds()),
        offer=online_offer_table(scope, period, filters),
        months=months,
        units=by_unit(scope, period, filters, today=today_units, per_agency=per_agency),
        published_share=_percent(offered["published"], offered["total"]),
        coded_share=_percent(coded, figures.received),
    )
    report.index = service_index(report)
    return report


def _late_from_summary(late: int, with_apology: int) -> dict | None:
    """The apology split from the summary rows, when the apology source exists."""
    if sources._function("motcua.dossiers.lateness", "late_counts") is None:
        return None
    return {"with_apology": with_apology, "without_apology": late - with_apology}


def _zero_late() -> dict | None:
    """No late dossier: nothing to split, whatever the apology source says."""
    if sources._function("motcua.dossiers.lateness", "late_counts") is None:
        return None
    return {"with_apology": 0, "without_apology": 0}


def _mean(shares) -> float | None:
    known = [s for s in shares if s is not None]
    return sum(known) / len(known) if known else None


def service_index(report: Report) -> list[Criterion]:
    """The five groups of Decision 766/QĐ-TTg, each ``weight × mean of its shares / 100``.

    A group whose every share is unavailable scores None and is left out of the total (the
    total is then shown "out of" the weights that could be scored). See docs/reports.md.
    """
    c = report.counts
    fully_online = None
    totals = report.offer_totals
    if totals["total"]:
        fully_online = 100 * totals["full"] / totals["total"]
    groups = {
        "transparency": (report.published_share, report.coded_share),
        "progress": (c.on_time_percent, report.feedback_on_time_percent),
        "digitisation": (report.digitised_percent, report.electronic_results_percent),
        "online": (fully_online, c.online_percent, report.paid_online_percent),
        "satisfaction": (report.satisfaction_percent,),
    }
    criteria = []
    for key, shares in groups.items():
        mean = _mean(shares)
        weight = INDEX_WEIGHTS[key]
        criteria.append(
            Criterion(
                key=key,
                label=str(INDEX_LABELS[key]),
                weight=weight,
                score=None if mean is None else round(weight * mean / 100, 2),
                shares=shares,
            )
        )
    return criteria


__all__ = ["Report", "build_report", "service_index", "INDEX_WEIGHTS"]
