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
from motcua.dossiers.lateness import CLOCK_RUNNING
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

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(dt.date(year, month, 1), following - dt.timedelta(days=1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first = cls.month(year, 3 * quarter - 2)
        return cls(first.start, cls.month(year, 3 * quarter).end)

    @property
    def label(self) -> str:
        """``2017``, ``Q2/2017``, ``03/2017`` or ``01/03/2017–15/04/2017``."""
        if self == Period.year(self.start.year):
            return str(self.start.year)
        if self.start.day == 1 and self == Period.month(self.start.year, self.start.month):
            return f"{self.start:%m/%Y}"
        if self.start.month % 3 == 1 and self == Period.quarter(
            self.start.year, (self.start.month + 2) // 3
        ):
            return f"Q{(self.start.month + 2) // 3}/{self.start.year}"
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"

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
    def of_visibility(cls, visibility: Visibility, *, with_predecessors: bool = False) -> Scope:
        """What an official sees, plus the history below it.

        ``visibility`` reads the unit tree on one day, so a district leader today would not see
        the wards merged away since 2017; reports count every descendant of a visible unit,
        whatever its validity, and the visible agencies themselves. ``with_predecessors``
        (reports "mapped onto today's units") adds the units merged into a visible unit,
        whose records the unit inherited.
        """
        if visibility.everything:
            return cls(None)
        units = (
            _with_predecessors(set(visibility.unit_ids))
            if with_predecessors
            else visibility.unit_ids
        )
        return cls(_agencies_below(units) | visibility.agency_ids)

    @classmethod
    def of_unit(cls, unit: AdministrativeUnit) -> Scope:
        """The unit and all its descendants (whatever their validity: history stays counted)."""
        return cls(_agencies_below({unit.pk}))

    @classmethod
    def of_unit_today(cls, unit: AdministrativeUnit) -> Scope:
        """A unit of today with everything that was merged into it: its descendants, and
        every predecessor (through ``UnitChangeLink``, recursively) with their descendants.

        This is "mapped onto today's units": a 2017 report for a ward formed in 2025 counts
        the dossiers of the wards it was formed from. A predecessor that went only partly
        into the unit (``whole=False``) is counted whole: dossiers do not record the
        applicant's address precisely enough to split it (documented in docs/reports.md).
        """
        return cls(_agencies_below(_with_predecessors({unit.pk})))

    def narrow(self, other: Scope) -> Scope:
        """Agencies in both scopes (a filter inside what the user may see)."""
        if self.agency_ids is None:
            return other
        if other.agency_ids is None:
            return self
        return Scope(self.agency_ids & other.agency_ids)

    def filter(self, queryset: QuerySet, path: str) -> QuerySet:
        if self.agency_ids is None:
            return queryset
        return queryset.filter(**{f"{path}__in": self.agency_ids})

    def filter_open(self, queryset: QuerySet, path: str) -> QuerySet:
        """``filter`` for queries on open dossiers by status and due date: the agencies are
        named even when the scope is everything, so that PostgreSQL finds the few open
        dossiers through the index ``(competent_agency, status, due_at)`` instead of walking
        the ``due_at`` index through millions of closed ones."""
        ids = self.agency_ids
        if ids is None:
            ids = list(Agency.objects.values_list("pk", flat=True))
        return queryset.filter(**{f"{path}__in": ids})


def _with_predecessors(unit_ids: set[int]) -> set[int]:
    """The units, their descendants and, recursively, the units merged into any of them."""
    from motcua.units.models import UnitChangeLink

    seen = set(unit_ids)
    frontier = set(unit_ids)
    for _level in range(MAX_TREE_DEPTH * 2):
        if not frontier:
            break
        children = set(
            AdministrativeUnit.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        before = set(
            UnitChangeLink.objects.filter(successor_id__in=frontier).values_list(
                "predecessor_id", flat=True
            )
        )
        frontier = (children | before) - seen
        seen |= frontier
    return seen


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


def received_dossiers(scope: Scope, period: Period) -> QuerySet:
    """Dossiers received in ``period`` whose competent agency is in ``scope``."""
    start, end = period.bounds()
    dossiers = Dossier.objects.filter(received_at__gte=start, received_at__lt=end)
    return scope.filter(dossiers, "competent_agency")


# -- filters, the full summary and drill-down ---------------------------------------------------

FINISHED_WITHOUT_RESULT = ("refused", "withdrawn")
# Open dossiers whose legal clock runs (``dossiers.lateness.CLOCK_RUNNING``, imported above):
# overdue is counted among these. A dossier waiting for a supplement or suspended has its clock
# stopped (its due date moves on resumption).


@dataclass(frozen=True)
class Filters:
    """Optional narrowing of the dossiers counted: field, level, channel, procedure code."""

    field_id: int | None = None
    level: str = ""
    channel: str = ""
    procedure_code: str = ""

    def q(self, prefix: str = "") -> Q:
        """The filters on a dossier (``prefix`` ``""``), or on a row that points at one
        (``"dossier__"``), or on a summary row (same field names as a dossier's)."""
        condition = Q()
        if self.field_id:
            condition &= Q(**{f"{prefix}procedure__field_id": self.field_id})
        if self.level:
            condition &= Q(**{f"{prefix}procedure__level": self.level})
        if self.channel:
            condition &= Q(**{f"{prefix}channel": self.channel})
        if self.procedure_code:
            condition &= Q(**{f"{prefix}procedure__code": self.procedure_code})
        return condition

    def apply(self, dossiers: QuerySet) -> QuerySet:
        return dossiers.filter(self.q())

    def apply_to_procedures(self, procedures: QuerySet) -> QuerySet:
        if self.field_id:
            procedures = procedures.filter(field_id=self.field_id)
        if self.level:
            procedures = procedures.filter(level=self.level)
        if self.procedure_code:
            procedures = procedures.filter(code=self.procedure_code)
        return procedures


NO_FILTERS = Filters()


@dataclass(frozen=True)
class Cohort:
    """The dossiers a report counts: received in ``period`` by ``scope``, narrowed by
    ``filters``; as a dossier queryset, or as a condition on the rows of a table that points
    at dossiers (payments, results, ratings), so those small tables drive the query."""

    scope: Scope
    period: Period
    filters: Filters = NO_FILTERS

    def dossiers(self) -> QuerySet:
        return self.filters.apply(received_dossiers(self.scope, self.period))

    def q(self, prefix: str) -> Q:
        start, end = self.period.bounds()
        condition = Q(**{f"{prefix}received_at__gte": start, f"{prefix}received_at__lt": end})
        if self.scope.agency_ids is not None:
            condition &= Q(**{f"{prefix}competent_agency__in": self.scope.agency_ids})
        return condition & self.filters.q(prefix)


def _timing(dossiers: QuerySet) -> QuerySet:
    tz = ZoneInfo(settings.TIME_ZONE)
    return dossiers.annotate(
        resolved_day=TruncDate("resolved_at", tzinfo=tz), due_day=TruncDate("due_at", tzinfo=tz)
    )


RESOLVED_Q = Q(resolved_at__isnull=False, due_at__isnull=False)
LATE_Q = RESOLVED_Q & Q(resolved_at__gt=F("due_at"))
EARLY_Q = RESOLVED_Q & Q(resolved_day__lt=F("due_day"))
ON_TIME_Q = RESOLVED_Q & Q(resolved_at__lte=F("due_at")) & Q(resolved_day__gte=F("due_day"))


@dataclass(frozen=True)
class Counts:
    """Counts of one report: the cohort received in the period, and the stock at its end."""

    received: int
    online: int
    resolved: int
    early: int
    on_time: int
    late: int
    returned: int
    waiting: int  # in hand at the end of the period (received by then, not finished by then)
    waiting_overdue: int  # of those, already past their due date at the end of the period

    @property
    def open_today(self) -> int:
        """Of the cohort, neither resolved nor refused/withdrawn yet: still open today, so that
        received = resolved + returned + open_today (the stock ``waiting`` is another thing)."""
        return self.received - self.resolved - self.returned

    @property
    def online_percent(self) -> float | None:
        return _percent(self.online, self.received)

    @property
    def on_time_percent(self) -> float | None:
        """Early or on time over resolved (what Decision 766 calls "đúng hạn")."""
        return _percent(self.early + self.on_time, self.resolved)

    @property
    def late_percent(self) -> float | None:
        return _percent(self.late, self.resolved)


def _percent(part, whole) -> float | None:
    return None if not whole else 100 * part / whole


def counts(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> Counts:
    """Two aggregate queries, whatever the number of rows (both on indexed columns)."""
    cohort = _timing(filters.apply(received_dossiers(scope, period))).aggregate(
        received=Count("pk"),
        online=Count("pk", filter=Q(channel=Channel.ONLINE)),
        resolved=Count("pk", filter=RESOLVED_Q),
        early=Count("pk", filter=EARLY_Q),
        late=Count("pk", filter=LATE_Q),
        returned=Count("pk", filter=Q(status__in=FINISHED_WITHOUT_RESULT)),
    )
    return counts_from(cohort, scope, period, filters)


def counts_from(
    cohort: dict,
    scope: Scope,
    period: Period,
    filters: Filters = NO_FILTERS,
    *,
    stock: dict | None = None,
) -> Counts:
    """``Counts`` from the received cohort's sums (from dossiers or from the summary rows) and
    the stock still waiting at the end of the period: ``stock`` (``{"waiting", "overdue"}``,
    from the summary rows) or counted on the dossiers."""
    if stock is None:
        stock = waiting_dossiers(scope, period, filters).aggregate(
            waiting=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=period.bounds()[1]))
        )
    return Counts(
        received=cohort["received"],
        online=cohort["online"],
        resolved=cohort["resolved"],
        early=cohort["early"],
        on_time=cohort["resolved"] - cohort["early"] - cohort["late"],
        late=cohort["late"],
        returned=cohort["returned"],
        waiting=stock["waiting"],
        waiting_overdue=stock["overdue"],
    )


def waiting_dossiers(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> QuerySet:
    """Dossiers in hand at the end of the period: received by then, no result by then.

    Refused and withdrawn dossiers are left out whatever the date of refusal (the dossier
    row keeps no date for it; the audit trail does, but reading it would cost a join on the
    largest table): a report of a past period may thus under-count by the dossiers refused
    after it ended — a handful; documented in docs/reports.md.
    """
    end = period.bounds()[1]
    dossiers = (
        Dossier.objects.filter(received_at__lt=end)
        .filter(Q(resolved_at__isnull=True) | Q(resolved_at__gte=end))
        .exclude(status__in=FINISHED_WITHOUT_RESULT)
    )
    return filters.apply(scope.filter(dossiers, "competent_agency"))


def overdue_now(
    scope: Scope, filters: Filters = NO_FILTERS, *, now: dt.datetime | None = None
) -> QuerySet:
    """Open dossiers whose clock runs and whose due date has passed, at ``now``."""
    from django.utils import timezone

    dossiers = Dossier.objects.filter(status__in=CLOCK_RUNNING, due_at__lt=now or timezone.now())
    return filters.apply(scope.filter_open(dossiers, "competent_agency"))


# Drill-down: the dossiers behind each figure. Every count above equals ``.count()`` of the
# queryset of the same name (a test checks it), so a leader who clicks a figure sees exactly
# the dossiers it counts.
DRILL_DOWN = {
    "received": None,
    "online": Q(channel=Channel.ONLINE),
    "resolved": RESOLVED_Q,
    "early": EARLY_Q,
    "on_time": ON_TIME_Q,
    "late": LATE_Q,
    "returned": Q(status__in=FINISHED_WITHOUT_RESULT),
    "open_today": ~RESOLVED_Q & ~Q(status__in=FINISHED_WITHOUT_RESULT),
}
STOCK_INDICATORS = ("waiting", "waiting_overdue", "overdue")


def dossiers_behind(
    indicator: str, scope: Scope, period: Period, filters: Filters = NO_FILTERS
) -> QuerySet:
    """The dossiers a figure counts; ``KeyError`` for an unknown indicator."""
    if indicator == "waiting":
        return waiting_dossiers(scope, period, filters)
    if indicator == "waiting_overdue":
        return waiting_dossiers(scope, period, filters).filter(due_at__lt=period.bounds()[1])
    if indicator == "overdue":
        return overdue_now(scope, filters)
    condition = DRILL_DOWN[indicator]
    dossiers = filters.apply(received_dossiers(scope, period))
    if condition is None:
        return dossiers
    return _timing(dossiers).filter(condition)


# -- breakdowns: by month, by unit ---------------------------------------------------------------


def monthly(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> list[dict]:
    """``[{"month": date, "received", "online", "resolved", "late"}]`` for every month of the
    period (months without dossiers included, as zeros), one query."""
    from django.db.models.functions import TruncMonth

    tz = ZoneInfo(settings.TIME_ZONE)
    rows = (
        filters.apply(received_dossiers(scope, period))
        .annotate(month=TruncMonth("received_at", tzinfo=tz))
        .values("month")
        .annotate(
            received=Count("pk"),
            online=Count("pk", filter=Q(channel=Channel.ONLINE)),
            resolved=Count("pk", filter=RESOLVED_Q),
            late=Count("pk", filter=LATE_Q),
        )
        .order_by("month")
    )
    found = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        found[month.replace(day=1)] = row
    result = []
    month = period.start.replace(day=1)
    while month <= period.end:
        row = found.get(month, {})
        result.append(
            {
                "month": month,
                "received": row.get("received", 0),
                "online": row.get("online", 0),
                "resolved": row.get("resolved", 0),
                "late": row.get("late", 0),
            }
        )
        month = (month + dt.timedelta(days=32)).replace(day=1)
    return result


def _unit_of_agency(agency_ids, *, today: bool) -> dict[int, AdministrativeUnit]:
    """Each agency's unit, or (``today``) the unit of today it became after the merges."""
    agencies = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "unit_id"))
    units = {u.pk: u for u in AdministrativeUnit.objects.filter(pk__in=set(agencies.values()))}
    if today:
        units = _map_to_today(units)
    return {agency: units[unit] for agency, unit in agencies.items() if unit in units}


def _map_to_today(units: dict[int, AdministrativeUnit]) -> dict[int, AdministrativeUnit]:
    """unit id → the unit valid today it went into (itself when still valid); one query per
    generation of changes. Partial transfers go to the successor that took most of the
    unit, approximated as the first successor by code (documented)."""
    from django.utils import timezone

    from motcua.units.models import UnitChangeLink

    today = timezone.localdate()
    mapping = {pk: unit for pk, unit in units.items()}
    pending = {pk: unit for pk, unit in units.items() if not unit.is_valid_on(today)}
    for _generation in range(MAX_TREE_DEPTH):
        if not pending:
            break
        links = (
            UnitChangeLink.objects.filter(predecessor_id__in={u.pk for u in pending.values()})
            .select_related("successor")
            .order_by("-whole", "successor__code")
        )
        successor_of = {}
        for link in links:
            successor_of.setdefault(link.predecessor_id, link.successor)
        next_pending = {}
        for original, unit in pending.items():
            successor = successor_of.get(unit.pk)
            if successor is None:
                continue  # dissolved without successor: reported as it was
            mapping[original] = successor
            if not successor.is_valid_on(today):
                next_pending[original] = successor
        pending = next_pending
    return mapping


def by_unit(
    scope: Scope,
    period: Period,
    filters: Filters = NO_FILTERS,
    *,
    today: bool = False,
    per_agency: dict[int, dict] | None = None,
) -> list[dict]:
    """Received / online / resolved / on time / late / overdue-now per unit, largest first.

    Two grouped queries (the cohort and the overdue stock) plus a few for the unit mapping;
    ``per_agency`` gives the cohort counts already (from the summary table).
    """
    if per_agency is None:
        cohort = (
            _timing(filters.apply(received_dossiers(scope, period)))
            .values("competent_agency")
            .annotate(
                received=Count("pk"),
                online=Count("pk", filter=Q(channel=Channel.ONLINE)),
                resolved=Count("pk", filter=RESOLVED_Q),
                late=Count("pk", filter=LATE_Q),
            )
        )
        per_agency = {row["competent_agency"]: row for row in cohort}
    overdue = dict(
        overdue_now(scope, filters)
        .values("competent_agency")
        .annotate(n=Count("pk"))
        .values_list("competent_agency", "n")
    )
    agency_ids = set(per_agency) | set(overdue)
    units = _unit_of_agency(agency_ids, today=today)
    rows: dict[int, dict] = {}
    for agency_id in agency_ids:
        unit = units.get(agency_id)
        if unit is None:
            continue
        row = rows.setdefault(
            unit.pk,
            {
                "unit_id": unit.pk,
                "unit": unit.name,
                "code": unit.code,
                "received": 0,
                "online": 0,
                "resolved": 0,
                "late": 0,
                "overdue": 0,
            },
        )
        for key in ("received", "online", "resolved", "late"):
            row[key] += per_agency.get(agency_id, {}).get(key, 0)
        row["overdue"] += overdue.get(agency_id, 0)
    result = sorted(rows.values(), key=lambda r: (-r["received"], -r["overdue"], r["code"]))
    for row in result:
        row["on_time_percent"] = _percent(row["resolved"] - row["late"], row["resolved"])
    return result


# -- procedures offered online by level and class ------------------------------------------------


def online_offer_table(scope: Scope, period: Period, filters: Filters = NO_FILTERS) -> list[dict]:
    """Procedures valid in the period offered in scope, counted once per code, by level:
    how many, how many online at legacy level 3 and 4 (Decree 43/2011), and by Decree
    42/2022 class (partial / full online). One grouped query."""
    from motcua.catalog.models import OnlineClass

    procedures = (
        Procedure.objects.published()
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
    )
    procedures = filters.apply_to_procedures(scope.filter(procedures, "agencies"))
    rows = procedures.values("level").annotate(
        total=Count("code", distinct=True),
        level3=Count("code", distinct=True, filter=Q(online_level_legacy=3)),
        level4=Count("code", distinct=True, filter=Q(online_level_legacy__gte=4)),
        partial=Count("code", distinct=True, filter=Q(online_class=OnlineClass.PARTIAL)),
        full=Count("code", distinct=True, filter=Q(online_class=OnlineClass.FULL)),
    )
    by_level = {row["level"]: row for row in rows}
    result = []
    for level, label in Level.choices:
        row = by_level.get(level)
        if row:
            result.append(
                {
                    "level": level,
                    "label": str(label),
                    **{k: row[k] for k in ("total", "level3", "level4", "partial", "full")},
                }
            )
    return result
