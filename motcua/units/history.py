"""What a unit came from and what it became: the "Trước đây / Sau sắp xếp" of a unit.

Reads ``UnitChangeLink`` rows through the unit's ``predecessor_links`` / ``successor_links``
so that callers may prefetch them (see ``LINEAGE_PREFETCH``) and pay no query per unit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from .models import AdministrativeUnit, UnitChange, UnitChangeLink

LINEAGE_PREFETCH = (
    Prefetch(
        "predecessor_links", queryset=UnitChangeLink.objects.select_related("change", "predecessor")
    ),
    Prefetch(
        "successor_links", queryset=UnitChangeLink.objects.select_related("change", "successor")
    ),
)


@dataclass(frozen=True)
class Step:
    """One edge of a change, seen from one unit: the unit at the other end and how much."""

    change: UnitChange
    unit: AdministrativeUnit
    whole: bool

    @property
    def effective_date(self) -> dt.date:
        return self.change.effective_date


def before(unit: AdministrativeUnit) -> list[Step]:
    """The units ``unit`` was formed from (newest change first)."""
    steps = [
        Step(link.change, link.predecessor, link.whole) for link in unit.predecessor_links.all()
    ]
    return sorted(steps, key=lambda s: (s.effective_date, s.change.pk, s.unit.code), reverse=True)


def after(unit: AdministrativeUnit) -> list[Step]:
    """The units ``unit`` went into (oldest change first)."""
    steps = [Step(link.change, link.successor, link.whole) for link in unit.successor_links.all()]
    return sorted(steps, key=lambda s: (s.effective_date, s.change.pk, s.unit.code))
