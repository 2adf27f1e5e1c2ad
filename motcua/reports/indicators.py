"""First report indicators, computed in the database with ORM aggregates.

A report is asked for a *scope* and a *period*. The scope is either what an official may see
(``units.scoping.Visibility``, the one scoping rule) or an administrative unit with its
descendants; dossiers belong to it through their **competent agency** (the unit that resolves
them, as the reporting rules count), procedures through the agencies that offer them.

Early / on time / late compare the resolution with the due date in Hà Nội time: *late* is
resolved after ``due_at``; *early* is resolved on a day before the due day; *on time* is the
rest (resolved on the due day, before the due hour). See docs/reports.md.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate

from motcua.catalog.models import Level, Procedure
from motcua.dossiers.models import Channel, Dossier
from motcua.units.models import AdministrativeUnit, Agency
from motcua.units.scoping import Visibility

MAX_TREE_DEPTH = 8  # deeper than any real unit tree; stops a corrupt parent cycle


@dataclass(frozen=True)
class Period:
    """Days ``start`` to ``end``, both included, in Hà Nội time."""

    start: dt.date
    end: dt.date

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31))

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        tz = ZoneInfo(settings.TIME_ZONE)
        return (
            dt.datetime.combine(self.start, dt.time.min, tzinfo=tz),
            dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
        )


@dataclass(frozen=True)
class Scope:
    """Agencies a report covers: ``None`` means every agency."""

    agency_ids: frozenset[int] | None

    @classmethod
    def of_visibility(cls, visibility: Visibility) -> Scope:
        """What an official sees, plus the history below it.

        ``visibility`` reads the unit tree on one day, so a district leader today would not see
        the wards merged away since 2017; reports count every descendant of a visible unit,
        whatever its validity, and the visible agencies themselves.
        """
        if visibility.everything:
            return cls(None)
        return cls(_agencies_below(visibility.unit_ids) | visibility.agency_ids)

    @classmethod
    def of_unit(cls, unit: AdministrativeUnit) -> Scope:
        """The unit and all its descendants (whatever their validity: history stays counted)."""
        return cls(_agencies_below({unit.pk}))

    def filter(self, queryset: QuerySet, path: str) -> QuerySet:
        if self.agency_ids is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.agency_ids})


def _agencies_below(unit_ids) -> frozenset[int]:
    """Agencies of the units and of all their descendants: one query per tree level."""
    seen = set(unit_ids)
    frontier = set(unit_ids)
    for _level in range(MAX_TREE_DEPTH):
        if not frontier:
            break
        children = set(
            AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = children - seen
        seen |= frontier
    if not seen:
        return frozenset()
    return frozenset(Agency.objects.filter(unit_id__in=seen).values_list("pk", flat=True))


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


def received_dossiers(scope: Scope, period: Period) -> QuerySet:
    """Dossiers received in ``period`` whose competent agency is in ``scope``."""
    start, end = period.bounds()
    dossiers = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    return scope.filter(dossiers, "competent_agency")


def dossier_summary(scope: Scope, period: Period) -> DossierSummary:
    """Received, resolved (early / on time / late) and online counts, in one query."""
    tz = ZoneInfo(settings.TIME_ZONE)
    resolved = Q(resolved_at__isnull=False, due_at__isnull=False)
    late = resolved & Q(resolved_at__gt=F("due_at"))
    early = resolved & Q(resolved_day__lt=F("due_day"))
    totals = (
        received_dossiers(scope, period)
        .annotate(resolved_day=TruncDate("resolved_at", tzinfo=tz), due_day=TruncDate("due_at", tzinfo=tz))
        .aggregate(
            received=Count("pk"),
            resolved=Count("pk", filter=resolved),
            late=Count("pk", filter=late),
            early=Count("pk", filter=early),
            online=Count("pk", filter=Q(channel=Channel.ONLINE)),
        )
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
        procedures.values("level").annotate(n=Count("code", distinct=True)).values_list("level", "n")
    )
    return OnlineOffer(
        commune=by_level.get(Level.COMMUNE, 0),
        district=by_level.get(Level.DISTRICT, 0),
        province=by_level.get(Level.PROVINCE, 0),
    )


def dossiers_per_procedure(scope: Scope, period: Period) -> list[dict]:
    """``[{"code", "name", "level", "received", "online"}]``, most dossiers first."""
    rows = (
        received_dossiers(scope, period)
        .values("procedure__code", "procedure__name", "procedure__level")
        .annotate(received=Count("pk"), online=Count("pk", filter=Q(channel=Channel.ONLINE)))
        .order_by("-received", "procedure__code")
    )
    return [
        {
            "code": row["procedure__code"],
            "name": row["procedure__name"],
            "level": row["procedure__level"],
            "received": row["received"],
            "online": row["online"],
        }
        for row in rows
    ]
