"""The calendar's starting data: the Labour Code's holidays, then the announcements 2018–2026.

Two layers, the second winning on the same day:

1. the statute, projected by the ``holidays`` package: fixed holidays, Tết, Hùng Kings' day,
   the day off in lieu of a holiday on a weekend, and the swaps the package knows (it writes
   them only as a day off named "Ngày nghỉ (thay cho ngày 05/01/2019)", so the make-up working
   Saturday is parsed out of that name);
2. ``data/announcements_2018_2026.json``: every announced Tết day, swap and make-up Saturday
   with its document and the address where it was read (docs/calendar-sources.md).

Every function takes the model classes, so that the data migration can run it with the
historical models. Seeding is idempotent and never overwrites an entry typed in by hand.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import holidays
from django.utils import timezone

from .revisions import record_revision

DATA_FILE = Path(__file__).parent / "data" / "announcements_2018_2026.json"
# The seed covers the announced years and the next one, projected from the statute.
SEED_YEARS = range(2018, 2028)

# The kinds and origins as stored (models.EntryKind / models.Origin values).
HOLIDAY, DAY_OFF_IN_LIEU, SWAP_DAY_OFF, MAKEUP = (
    "holiday",
    "day_off_in_lieu",
    "swap_day_off",
    "makeup_working_day",
)
STATUTE, ANNOUNCEMENT, MANUAL = "statute", "announcement", "manual"

LABOUR_CODE_2012 = "Bộ luật Lao động 2012, Điều 115"
LABOUR_CODE_2019 = "Bộ luật Lao động 2019, Điều 112"
IN_LIEU_2012 = "Bộ luật Lao động 2012, khoản 3 Điều 115"
IN_LIEU_2019 = "Bộ luật Lao động 2019, khoản 3 Điều 111"
CULTURE_DAY = "Nghị quyết 28/2026/QH16 (hiệu lực 01/07/2026)"
SWAP_FROM_PACKAGE = "Thông báo hoán đổi ngày làm việc (theo gói holidays)"

# The package's name of an announced swap: "Ngày nghỉ (thay cho ngày 05/01/2019)".
_SWAP_NAME = re.compile(r"thay cho ngày (\d{1,2})/(\d{1,2})/(\d{4})")


@dataclass(frozen=True)
class SeedDay:
    day: date
    kind: str
    name: str
    legal_basis: str
    source: str
    origin: str


def package_source() -> str:
    return f"holidays {holidays.__version__} (statutory rule)"


def _basis(day: date, kind: str) -> str:
    if (day.month, day.day) == (11, 24):
        return CULTURE_DAY
    if kind == DAY_OFF_IN_LIEU:
        return IN_LIEU_2012 if day.year <= 2020 else IN_LIEU_2019
    # The 2019 Labour Code (Quốc khánh two days) applies from 1 January 2021.
    return LABOUR_CODE_2012 if day.year <= 2020 else LABOUR_CODE_2019


def _package_days(year: int) -> Iterable[SeedDay]:
    source = package_source()
    for day, name in sorted(holidays.country_holidays("VN", years=year, language="vi").items()):
        swap = _SWAP_NAME.search(name)
        if swap:
            worked = date(int(swap[3]), int(swap[2]), int(swap[1]))
            yield SeedDay(
                day,
                SWAP_DAY_OFF,
                f"Nghỉ hoán đổi (làm bù ngày {worked:%d/%m/%Y})",
                SWAP_FROM_PACKAGE,
                source,
                ANNOUNCEMENT,
            )
            yield SeedDay(
                worked,
                MAKEUP,
                f"Làm việc bù cho ngày nghỉ {day:%d/%m/%Y}",
                SWAP_FROM_PACKAGE,
                source,
                ANNOUNCEMENT,
            )
            continue
        kind = DAY_OFF_IN_LIEU if "(nghỉ bù" in name else HOLIDAY
        yield SeedDay(day, kind, name, _basis(day, kind), source, STATUTE)


def statutory_days(year: int) -> list[SeedDay]:
    """The year's special days as the ``holidays`` package projects them from the statute."""
    # A swap can cross the new year (day off 31/12/2018, worked 05/01/2019): look at both sides.
    days = {
        seed.day: seed
        for neighbour in (year - 1, year, year + 1)
        for seed in _package_days(neighbour)
        if seed.day.year == year
    }
    return [days[day] for day in sorted(days)]


@cache
def announcements() -> dict:
    with DATA_FILE.open(encoding="utf-8") as stream:
        return json.load(stream)


def planned_days(years: Iterable[int]) -> list[SeedDay]:
    """Statute first, then the announcements on top, minus the days they say are not off."""
    years = set(years)
    data = announcements()
    days = {seed.day: seed for year in sorted(years) for seed in statutory_days(year)}
    for row in data["entries"]:
        day = date.fromisoformat(row["day"])
        if day.year in years:
            days[day] = SeedDay(
                day,
                row["kind"],
                row["name"],
                row["legal_basis"],
                row["source"],
                row.get("origin", ANNOUNCEMENT),
            )
    for row in data["not_days_off"]:
        days.pop(date.fromisoformat(row["day"]), None)
    return [days[day] for day in sorted(days)]


def confirmed_years() -> dict[int, str]:
    return {row["year"]: row["note"] for row in announcements()["confirmed_years"]}


def seed_calendar(
    entry_model, year_model, revision_model, *, years: Iterable[int] = SEED_YEARS, by=None
) -> int:
    """Write the planned days of ``years``; return how many entries were created or changed.

    An entry whose origin is "manual" is the administrator's and stays as it is. A year that
    already exists keeps its confirmation. One revision records the whole run, if it changed
    anything.
    """
    years = sorted(set(years))
    planned = planned_days(years)
    existing = {
        entry.day: entry
        for entry in entry_model.objects.filter(day__year__gte=years[0], day__year__lte=years[-1])
    }
    changed = 0
    for seed in planned:
        fields = {
            "kind": seed.kind,
            "name": seed.name,
            "legal_basis": seed.legal_basis,
            "source": seed.source,
            "origin": seed.origin,
        }
        entry = existing.get(seed.day)
        if entry is None:
            entry_model.objects.create(day=seed.day, created_by=by, updated_by=by, **fields)
            changed += 1
        elif entry.origin != MANUAL and any(getattr(entry, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(entry, key, value)
            entry.updated_by = by
            entry.save()
            changed += 1

    notes = confirmed_years()
    now = timezone.now()
    for year in years:
        confirmed = year in notes
        year_model.objects.get_or_create(
            year=year,
            defaults={
                "confirmed": confirmed,
                "confirmed_at": now if confirmed else None,
                "note": notes.get(year)
                or "Tính theo quy định của Bộ luật Lao động (gói holidays); "
                "chưa có thông báo chính thức về lịch nghỉ Tết, Quốc khánh và hoán đổi ngày làm việc.",
            },
        )
    if changed:
        span = f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
        record_revision(
            revision_model, f"Nạp lịch năm {span}: {changed} ngày (luật và thông báo)", by=by
        )
    return changed
