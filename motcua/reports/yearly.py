"""The figures of the yearly page (``/bao-cao/nam/<year>/``): the seed article's numbers.

Received, resolved (early / on time / late), online, per procedure: read from the summary
table when ``REPORTS_USE_SUMMARIES`` is on (the default), else counted on the dossiers (the
reference; a test compares both). The procedures offered online come from the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, Sum

from motcua.catalog.models import Level, Procedure
from motcua.dossiers.models import Channel

from .indicators import EARLY_Q, LATE_Q, RESOLVED_Q, Period, Scope, _timing, received_dossiers


@dataclass(frozen=True)
class DossierSummary:
    received: int
    resolved: int
    early: int
    on_time: int
    late: int
    online: int

    @property
    def online_percent(self) -> float | None:
        return None if not self.received else 100 * self.online / self.received

    @property
    def early_or_on_time_percent(self) -> float | None:
        return None if not self.resolved else 100 * (self.early + self.on_time) / self.resolved


@dataclass(frozen=True)
class OnlineOffer:
    commune: int
    district: int
    province: int

    @property
    def total(self) -> int:
        return self.commune + self.district + self.province


def dossier_summary(scope: Scope, period: Period) -> DossierSummary:
    """Received, resolved (early / on time / late) and online counts, in one query."""
    from .summary_figures import enabled, summary_rows, sums

    if enabled():
        totals = sums(
            summary_rows(scope, period),
            *("received", "resolved", "late", "early"),
            online=Sum("received", filter=Q(channel=Channel.ONLINE), default=0),
        )
    else:
        totals = _timing(received_dossiers(scope, period)).aggregate(
            received=Count("pk"),
            resolved=Count("pk", filter=RESOLVED_Q),
            late=Count("pk", filter=LATE_Q),
            early=Count("pk", filter=EARLY_Q),
            online=Count("pk", filter=Q(channel=Channel.ONLINE)),
        )
    return DossierSummary(
        received=totals["received"],
        resolved=totals["resolved"],
        early=totals["early"],
        on_time=totals["resolved"] - totals["early"] - totals["late"],
        late=totals["late"],
        online=totals["online"],
    )


def online_procedures(scope: Scope, period: Period, *, min_level: int = 3) -> OnlineOffer:
    """Procedures offered online at ``min_level`` or more (Decree 43/2011 levels) in ``period``.

    A procedure counts once per national code, however many of the scope's agencies offer it
    and however many versions were valid during the period.
    """
    procedures = (
        Procedure.objects.published()
        .filter(online_level_legacy__gte=min_level)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
    )
    procedures = scope.filter(procedures, "agencies")
    by_level = dict(
        procedures.values("level")
        .annotate(n=Count("code", distinct=True))
        .values_list("level", "n")
    )
    return OnlineOffer(
        commune=by_level.get(Level.COMMUNE, 0),
        district=by_level.get(Level.DISTRICT, 0),
        province=by_level.get(Level.PROVINCE, 0),
    )


def dossiers_per_procedure(scope: Scope, period: Period) -> list[dict]:
    """``[{"code", "name", "level", "received", "online"}]``, most dossiers first."""
    from .summary_figures import enabled, summary_rows

    names = ("procedure__code", "procedure__name", "procedure__level")
    if enabled():
        rows = (
            summary_rows(scope, period)
            .values(*names)
            .annotate(
                n_received=Sum("received"),
                n_online=Sum("received", filter=Q(channel=Channel.ONLINE), default=0),
            )
        )
    else:
        rows = (
            received_dossiers(scope, period)
            .values(*names)
            .annotate(
                n_received=Count("pk"), n_online=Count("pk", filter=Q(channel=Channel.ONLINE))
            )
        )
    return [
        {
            "code": row["procedure__code"],
            "name": row["procedure__name"],
            "level": row["procedure__level"],
            "received": row["n_received"],
            "online": row["n_online"],
        }
        for row in rows.order_by("-n_received", "procedure__code")
    ]
