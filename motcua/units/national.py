"""The national lists of administrative units, loaded by ``motcua load_units``.

Two eras, both as data:

* **legacy** (until 30 June 2025): 63 provinces, 696 districts, 10,051 communes, read from
  ``data/legacy_units.json.gz`` (built by ``data/build_legacy.py`` from vietnam-provinces
  0.6.0; official GSO codes). The start of each unit's validity is not in the source, so it
  is left open; every legacy unit ends on 2025-06-30.
* **current** (from 1 July 2025): 34 provinces and 3,321 communes, wards and special zones,
  read from the installed ``vietnam_provinces`` package; they start on 2025-07-01.

The 11 provinces that Resolution 202/2025/QH15 left unchanged (Hà Nội, Huế…) are one row
valid in both eras, so that their agencies, procedures and officials carry across the reform;
the 23 merged provinces get a ``UnitChange`` from their predecessors once both eras are loaded.

Identity: codes are reused with new meanings, so a row is found by its code *and* a day of
its era (2025-06-30 for legacy, 2025-07-01 for current), the project's rule for units. Rows
that already exist (from an earlier load, or from the Đống Đa demo) are never modified, so
loading twice changes nothing; each load writes one ``DataProvenance`` row.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from django.db import transaction

from motcua.core.text import fold

from .models import (
    AdministrativeUnit,
    ChangeKind,
    DataProvenance,
    UnitChange,
    UnitChangeLink,
    UnitType,
    valid_on_q,
)

DATA_DIR = Path(__file__).resolve().parent / "data"
LEGACY_FILE = DATA_DIR / "legacy_units.json.gz"
PROVINCES_2025_FILE = DATA_DIR / "provinces_2025.json"

LEGACY_LAST_DAY = dt.date(2025, 6, 30)
CURRENT_FIRST_DAY = dt.date(2025, 7, 1)
PROVINCE_RESOLUTION_2025 = "Nghị quyết 202/2025/QH15"
LICENCE = "GPL-3.0-or-later"
BATCH_SIZE = 500

LEGACY, CURRENT, BOTH = "legacy", "current", "both"
ERAS = (LEGACY, CURRENT, BOTH)

_CURRENT_DESIGNATIONS = {
    "tỉnh": "Tỉnh",
    "thành phố trung ương": "Thành phố",
    "xã": "Xã",
    "phường": "Phường",
    "đặc khu": "Đặc khu",
}


class UnknownProvince(ValueError):
    """``--province`` names a code that the chosen era's list does not have."""


@dataclass(frozen=True)
class UnitRow:
    """One unit as a source lists it, before it becomes a model row."""

    code: str
    name: str
    designation: str
    unit_type: str
    parent_code: str | None = None


@dataclass
class LoadReport:
    era: str
    created: int = 0
    existing: int = 0
    changes_created: int = 0
    by_type: dict[str, int] = field(default_factory=dict)
    provenance: DataProvenance | None = None


# -- reading the sources ------------------------------------------------------------------


def read_legacy_file(path: Path = LEGACY_FILE) -> dict:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def read_provinces_2025(path: Path = PROVINCES_2025_FILE) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def unchanged_provinces() -> frozenset[str]:
    return frozenset(read_provinces_2025()["unchanged"])


def legacy_rows(data: dict, province: str | None = None) -> list[UnitRow]:
    rows: list[UnitRow] = []
    for p_code, p_name, p_designation, districts in data["provinces"]:
        if province and p_code != province:
            continue
        rows.append(UnitRow(p_code, p_name, p_designation, UnitType.PROVINCE))
        for d_code, d_name, d_designation, wards in districts:
            rows.append(UnitRow(d_code, d_name, d_designation, UnitType.DISTRICT, p_code))
            rows.extend(
                UnitRow(w_code, w_name, w_designation, UnitType.COMMUNE, d_code)
                for w_code, w_name, w_designation in wards
            )
    return rows


def current_rows(province: str | None = None) -> list[UnitRow]:
    from vietnam_provinces import Province, Ward

    rows: list[UnitRow] = []
    for item in Province.iter_all():
        code = f"{int(item.code):02d}"
        if province and code != province:
            continue
        designation = _CURRENT_DESIGNATIONS[item.division_type.value]
        # The package writes "Cao Bằng" but "Thành phố Hà Nội"; the law writes both in full.
        name = (
            item.name
            if fold(item.name).startswith(fold(designation))
            else f"{designation} {item.name}"
        )
        rows.append(UnitRow(code, name, designation, UnitType.PROVINCE))
    provinces = {row.code for row in rows}
    for item in Ward.iter_all():
        parent = f"{int(item.province_code):02d}"
        if parent in provinces:
            rows.append(
                UnitRow(
                    f"{int(item.code):05d}",
                    item.name,
                    _CURRENT_DESIGNATIONS[item.division_type.value],
                    UnitType.COMMUNE,
                    parent,
                )
            )
    return rows


def current_package_version() -> str:
    import vietnam_provinces

    version = metadata.version("vietnam-provinces")
    return f"{version} (dữ liệu {getattr(vietnam_provinces, '__data_version__', '?')})"


# -- writing ------------------------------------------------------------------------------


def load_units(era: str = BOTH, province: str | None = None) -> list[LoadReport]:
    """Load one or both eras (optionally one province of each) and link province merges."""
    if era not in ERAS:
        raise ValueError(era)
    province = normalise_province_code(province)
    reports = []
    if era in (LEGACY, BOTH):
        reports.append(load_legacy(province))
    if era in (CURRENT, BOTH):
        reports.append(load_current(province))
    linked = link_province_merges()
    if reports:
        reports[-1].changes_created += linked
    return reports


def normalise_province_code(code: str | None) -> str | None:
    """ "1" → "01"; the GSO province codes are two digits."""
    if code is None or str(code).strip() == "":
        return None
    code = str(code).strip()
    if not code.isdigit() or len(code) > 2:
        raise UnknownProvince(code)
    return code.zfill(2)


def load_legacy(province: str | None = None) -> LoadReport:
    data = read_legacy_file()
    rows = legacy_rows(data, province)
    if province and not rows:
        raise UnknownProvince(province)
    unchanged = unchanged_provinces()

    def validity(row: UnitRow) -> tuple[dt.date | None, dt.date | None]:
        if row.unit_type == UnitType.PROVINCE and row.code in unchanged:
            return None, None
        return None, LEGACY_LAST_DAY

    def legal_act(row: UnitRow) -> str:
        if row.unit_type == UnitType.PROVINCE and row.code in unchanged:
            return f"{PROVINCE_RESOLUTION_2025} (giữ nguyên, không sắp xếp)"
        return ""

    source = f"{data['source_package']} {data['source_version']} (mã GSO, dữ liệu {data['source_data_retrieved']})"
    report = _sync(LEGACY, rows, LEGACY_LAST_DAY, validity, legal_act, source)
    report.provenance = DataProvenance.objects.create(
        dataset="Đơn vị hành chính đến 30/06/2025 (tỉnh, huyện, xã)",
        source=f"{data['source_package']} → motcua/units/data/legacy_units.json.gz",
        version=f"{data['source_version']} (dữ liệu {data['source_data_retrieved']})",
        licence=data["licence"],
        rows=report.created,
        note=_note(report, province, data["codes"]),
    )
    return report


def load_current(province: str | None = None) -> LoadReport:
    rows = current_rows(province)
    if province and not rows:
        raise UnknownProvince(province)
    unchanged = unchanged_provinces()

    def validity(row: UnitRow) -> tuple[dt.date | None, dt.date | None]:
        if row.unit_type == UnitType.PROVINCE and row.code in unchanged:
            return None, None
        return CURRENT_FIRST_DAY, None

    def legal_act(row: UnitRow) -> str:
        if row.unit_type != UnitType.PROVINCE:
            return ""  # the package does not say which resolution formed each commune
        if row.code in unchanged:
            return f"{PROVINCE_RESOLUTION_2025} (giữ nguyên, không sắp xếp)"
        return PROVINCE_RESOLUTION_2025

    version = current_package_version()
    report = _sync(
        CURRENT, rows, CURRENT_FIRST_DAY, validity, legal_act, f"vietnam-provinces {version}"
    )
    report.provenance = DataProvenance.objects.create(
        dataset="Đơn vị hành chính từ 01/07/2025 (tỉnh, xã)",
        source="vietnam-provinces (gói Python đã cài)",
        version=version,
        licence=LICENCE,
        rows=report.created,
        note=_note(
            report,
            province,
            "Mã theo dữ liệu của gói. Gói 2025.x dùng mã của bản dự thảo bảng mã đơn vị hành chính; "
            "bảng chuyển đổi chính thức của Tổng cục Thống kê khác ở một số xã, phường "
            "(ví dụ phường Kim Liên, Hà Nội: 00226 trong gói, 00229 chính thức).",
        ),
    )
    return report


def _note(report: LoadReport, province: str | None, codes: str) -> str:
    scope = f"Chỉ tỉnh mã {province}." if province else "Cả nước."
    return (
        f"{scope} Tạo mới {report.created} đơn vị, {report.existing} đơn vị đã có sẵn được giữ nguyên. "
        f"{codes}"
    )


def _sync(era, rows, era_day, validity, legal_act, source) -> LoadReport:
    """Create the rows that do not exist on ``era_day`` yet, level by level, in bulk."""
    report = LoadReport(era=era)
    with transaction.atomic():
        existing: dict[tuple[str, str], int] = {
            (unit_type, code): pk
            for pk, code, unit_type in AdministrativeUnit.objects.filter(
                valid_on_q(era_day)
            ).values_list("pk", "code", "unit_type")
        }
        parent_types = {UnitType.DISTRICT: UnitType.PROVINCE, UnitType.COMMUNE: UnitType.DISTRICT}
        for unit_type in (UnitType.PROVINCE, UnitType.DISTRICT, UnitType.COMMUNE):
            level = [row for row in rows if row.unit_type == unit_type]
            new = []
            for row in level:
                if (unit_type, row.code) in existing:
                    report.existing += 1
                    continue
                parent_id = None
                if row.parent_code is not None:
                    parent_type = parent_types[unit_type]
                    if era == CURRENT and unit_type == UnitType.COMMUNE:
                        parent_type = UnitType.PROVINCE  # no districts since 1 July 2025
                    parent_id = existing[(parent_type, row.parent_code)]
                valid_from, valid_to = validity(row)
                new.append(
                    AdministrativeUnit(
                        code=row.code,
                        name=row.name,
                        name_folded=fold(row.name),
                        unit_type=unit_type,
                        designation=row.designation,
                        parent_id=parent_id,
                        valid_from=valid_from,
                        valid_to=valid_to,
                        legal_act=legal_act(row),
                        source=source,
                    )
                )
            created = AdministrativeUnit.objects.bulk_create(new, batch_size=BATCH_SIZE)
            for unit in created:
                existing[(unit_type, unit.code)] = unit.pk
            report.created += len(created)
            report.by_type[unit_type] = len(level)
    return report


def link_province_merges() -> int:
    """Record the 23 province merges of 2025 whose both ends are loaded. Returns how many links."""
    plan = read_provinces_2025()
    day = dt.date.fromisoformat(plan["effective_date"])
    legacy = _by_code(UnitType.PROVINCE, LEGACY_LAST_DAY)
    current = _by_code(UnitType.PROVINCE, day)
    created = 0
    with transaction.atomic():
        for merge in plan["merges"]:
            successor = current.get(merge["current"])
            if successor is None:
                continue
            predecessors = [legacy[code] for code in merge["legacy"] if code in legacy]
            if not predecessors:
                continue
            change = _change_into(
                successor,
                ChangeKind.MERGE,
                day,
                plan["legal_basis"],
                note=plan["note"],
                source="; ".join(plan["sources"]),
            )
            created += _link(change, ((p, True) for p in predecessors), successor)
    return created


def _by_code(unit_type: str, on: dt.date) -> dict[str, AdministrativeUnit]:
    return {
        u.code: u for u in AdministrativeUnit.objects.filter(valid_on_q(on), unit_type=unit_type)
    }


def _change_into(successor, kind, day, legal_basis, note="", source="") -> UnitChange:
    """The change of ``kind`` on ``day`` under ``legal_basis`` that formed ``successor``."""
    change = UnitChange.objects.filter(
        kind=kind, effective_date=day, legal_basis=legal_basis, links__successor=successor
    ).first()
    if change is None:
        change = UnitChange.objects.create(
            kind=kind, effective_date=day, legal_basis=legal_basis, note=note, source=source
        )
    return change


def _link(
    change: UnitChange, predecessors: Iterable[tuple[AdministrativeUnit, bool]], successor
) -> int:
    created = 0
    for predecessor, whole in predecessors:
        _link_obj, made = UnitChangeLink.objects.update_or_create(
            change=change, predecessor=predecessor, successor=successor, defaults={"whole": whole}
        )
        created += int(made)
    return created


def iter_summary(reports: list[LoadReport]) -> Iterator[str]:
    """Vietnamese lines for the command's output."""
    names = {LEGACY: "Giai đoạn đến 30/06/2025", CURRENT: "Giai đoạn từ 01/07/2025"}
    labels = {UnitType.PROVINCE: "tỉnh", UnitType.DISTRICT: "huyện", UnitType.COMMUNE: "xã"}
    for report in reports:
        counts = ", ".join(f"{count} {labels[t]}" for t, count in report.by_type.items() if count)
        yield (
            f"{names[report.era]}: {counts}; tạo mới {report.created}, "
            f"đã có {report.existing}; liên kết sắp xếp mới {report.changes_created}."
        )
