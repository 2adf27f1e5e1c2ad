"""Which administrative units and agencies an official may see: the one place that decides.

Every query an official's page or API call makes goes through ``visibility(user, on)`` and
the ``filter_units`` / ``filter_agencies`` methods of what it returns; a record outside the
scope must then answer 404 (``get_object_or_404(visibility.filter_agencies(qs, ...), pk=...)``).

The rule, for a date ``on`` (today by default, in Asia/Ho_Chi_Minh):

* Anonymous and inactive users, and citizens (a membership of role "citizen" or none at
  all), see no unit and no agency. What citizens see of their own dossiers is decided by
  ownership, not here.
* A superuser, or a user with an "administrator" membership valid on ``on``, sees everything.
* Otherwise each membership valid on ``on`` grants the unit of its agency and every
  descendant unit valid on ``on``: a district leader sees the district and its wards, a
  ward officer only the ward. Desk officers, specialists, leaders, inspectors and the
  reform office all get the same subtree; what each may *do* there is decided elsewhere.
* If the agency's unit did not exist on ``on`` (it was merged or dissolved, or is not yet
  in force), its subtree is read on the unit's last (or first) day instead. Units are
  reorganised under people who keep their posts for a while (the districts ended on
  30 June 2025); their records must stay reachable until they are handed over.
* The visible agencies are those attached to a visible unit, plus their child agencies
  wherever those are attached. An agency's own validity is not checked: the dossiers of a
  desk that has closed still belong to its unit.

Cost: one query for the memberships, one per level of the unit tree below the granted
units (three levels at most in Việt Nam), two for the agencies: a handful regardless of
the tree's size, so it can run on every request.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from .models import AdministrativeUnit, Agency, Membership, Role

# Deeper than any real tree (province → district → commune); stops a corrupt parent cycle.
MAX_DEPTH = 8


@dataclass(frozen=True)
class Visibility:
    """What one official may see on one date. Immutable, cheap to pass around."""

    everything: bool = False
    unit_ids: frozenset[int] = frozenset()
    agency_ids: frozenset[int] = frozenset()

    def filter_units(self, queryset: QuerySet, path: str = "") -> QuerySet:
        """Rows of ``queryset`` whose unit (reached by the lookup ``path``) is visible."""
        if self.everything:
            return queryset
        return queryset.filter(**{f"{path}__in" if path else "pk__in": self.unit_ids})

    def filter_agencies(self, queryset: QuerySet, path: str = "") -> QuerySet:
        """Rows of ``queryset`` whose agency (e.g. ``path="receiving_agency"``) is visible."""
        if self.everything:
            return queryset
        return queryset.filter(**{f"{path}__in" if path else "pk__in": self.agency_ids})

    def can_see_unit(self, unit: AdministrativeUnit | int | None) -> bool:
        if unit is None:
            return False
        return self.everything or _pk(unit) in self.unit_ids

    def can_see_agency(self, agency: Agency | int | None) -> bool:
        if agency is None:
            return False
        return self.everything or _pk(agency) in self.agency_ids

    @property
    def nothing(self) -> bool:
        return not self.everything and not self.unit_ids and not self.agency_ids


NOTHING = Visibility()
EVERYTHING = Visibility(everything=True)


def visibility(user, on: dt.date | None = None) -> Visibility:
    """What ``user`` may see on ``on`` (today by default). See the module docstring."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return EVERYTHING
    on = on or timezone.localdate()
    memberships = list(
        Membership.objects.valid_on(on)
        .filter(user_id=user.pk)
        .exclude(role=Role.CITIZEN)
        .select_related("agency__unit")
    )
    if any(m.role == Role.ADMINISTRATOR for m in memberships):
        return EVERYTHING
    if not memberships:
        return NOTHING

    return _scope_of_units([m.agency.unit for m in memberships], on)


def _scope_of_units(units, on: dt.date) -> Visibility:
    roots: dict[int, set[dt.date]] = defaultdict(set)
    for unit in units:
        roots[unit.pk].add(_reference_date(unit, on))
    unit_ids = _subtree(roots)
    return Visibility(
        everything=False, unit_ids=frozenset(unit_ids), agency_ids=frozenset(_agencies(unit_ids))
    )


# The expansion of a set of posts into units and agencies changes only when the unit tree or
# the agencies do: dated decisions prepared in advance, not minute-by-minute events.
EXPANSION_TTL = 600


def request_visibility(user) -> Visibility:
    """``visibility(user)`` for the pages officials open all day, at the cost of one plain query
    at most.

    The user's posts are read on every request, so a post that ends or moves takes effect on the
    next request: the sign-in backend reads them with the user (no query here), else one plain
    query does. What the posts expand to (the unit subtree and its agencies, several queries)
    is kept for ``EXPANSION_TTL`` per set of agencies and day, in the shared cache and in each
    process (``_kept_expansion``), and shared by every official holding posts in the same
    agencies: a new unit or agency under them shows within ten minutes. ``visibility()`` stays
    the reference (tests compare the two).
    """
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NOTHING
    if user.is_superuser:
        return EVERYTHING
    on = timezone.localdate()
    posts = [
        (agency_id, role)
        for agency_id, role, valid_from, valid_to in _posts_of(user)
        if role != Role.CITIZEN and _valid(valid_from, valid_to, on)
    ]
    if any(role == Role.ADMINISTRATOR for _agency, role in posts):
        return EVERYTHING
    if not posts:
        return NOTHING
    agencies = sorted({agency_id for agency_id, _role in posts})
    # "v2": entries are (expires at, expansion) since the process copy; older ones are ignored.
    key = f"scope:v2:{on.isoformat()}:{','.join(map(str, agencies))}"
    seen = _kept_expansion(key)
    return seen if seen is not None else _expand(key, agencies, on)


def _kept_expansion(key: str) -> Visibility | None:
    """The expansion kept under ``key``: in this process first, else in the shared cache.

    Each entry carries the moment it was computed and expires ``EXPANSION_TTL`` after it, in
    both places: copying it into the process never stretches its life. The process copy saves
    a round trip to Redis on every request of every official.
    """
    local = caches["local"]
    kept = local.get(key)
    shared = kept is None
    if shared:
        kept = cache.get(key)
        if kept is None:
            return None
    expires_at, seen = kept
    left = expires_at - time.time()
    if left <= 0:
        return None
    if shared:
        local.set(key, kept, left)
    return seen


def _expand(key: str, agencies: list[int], on: dt.date) -> Visibility:
    units = [a.unit for a in Agency.objects.filter(pk__in=agencies).select_related("unit")]
    seen = _scope_of_units(units, on)
    kept = (time.time() + EXPANSION_TTL, seen)
    cache.set(key, kept, EXPANSION_TTL)
    caches["local"].set(key, kept, EXPANSION_TTL)
    return seen


def holds_role(user, role: str, on: dt.date | None = None) -> bool:
    """Whether ``user`` holds a post with ``role`` valid on ``on`` (today): no query when the
    sign-in backend read the posts with the user."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    on = on or timezone.localdate()
    return any(r == role and _valid(vf, vt, on) for _agency, r, vf, vt in _posts_of(user))


def _posts_of(user) -> tuple[tuple, ...]:
    """(agency_id, role, valid_from, valid_to) of each of the user's posts, read this request:
    by the sign-in backend along with the user (``accounts.backends``), or here."""
    posts = getattr(user, "posts_read", None)
    if posts is not None:
        return posts
    table = connection.ops.quote_name(Membership._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT agency_id, role, valid_from, valid_to FROM {table} WHERE user_id = %s",
            [user.pk],
        )
        return tuple(cursor.fetchall())


def _pk(obj) -> int:
    return obj if isinstance(obj, int) else obj.pk


def _reference_date(unit: AdministrativeUnit, on: dt.date) -> dt.date:
    """``on``, moved into the unit's own validity when the unit did not exist that day."""
    if unit.valid_to is not None and on > unit.valid_to:
        return unit.valid_to
    if unit.valid_from is not None and on < unit.valid_from:
        return unit.valid_from
    return on


def _valid(valid_from: dt.date | None, valid_to: dt.date | None, on: dt.date) -> bool:
    return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)


def _subtree(roots: dict[int, set[dt.date]]) -> set[int]:
    """The roots and their descendants valid on the date(s) each branch is read on.

    One query per level: the children of the whole frontier at once, filtered in Python
    because different roots may be read on different dates.
    """
    seen: dict[int, set[dt.date]] = {pk: set(dates) for pk, dates in roots.items()}
    frontier = dict(seen)
    for _level in range(MAX_DEPTH):
        if not frontier:
            break
        children = AdministrativeUnit.objects.filter(parent_id__in=list(frontier)).values_list(
            "pk", "parent_id", "valid_from", "valid_to"
        )
        next_frontier: dict[int, set[dt.date]] = defaultdict(set)
        for pk, parent_id, valid_from, valid_to in children:
            dates = {d for d in frontier[parent_id] if _valid(valid_from, valid_to, d)}
            new_dates = dates - seen.get(pk, set())
            if new_dates:
                seen.setdefault(pk, set()).update(new_dates)
                next_frontier[pk] |= new_dates
        frontier = next_frontier
    return set(seen)


def _agencies(unit_ids: set[int]) -> set[int]:
    agency_ids = set(Agency.objects.filter(unit_id__in=list(unit_ids)).values_list("pk", flat=True))
    frontier = set(agency_ids)
    for _level in range(MAX_DEPTH):
        if not frontier:
            break
        children = {
            pk
            for pk in Agency.objects.filter(parent_id__in=list(frontier)).values_list(
                "pk", flat=True
            )
            if pk not in agency_ids
        }
        agency_ids |= children
        frontier = children
    return agency_ids
