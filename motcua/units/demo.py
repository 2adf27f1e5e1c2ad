"""The Đống Đa demo units: Hà Nội, Quận Đống Đa, its 21 wards of 2018, and what they became.

``load_dong_da()`` reads ``data/dong_da.json`` (names, codes, legal acts and sources live
there, not here) and needs no national list. It is idempotent, and it fits with
``motcua load_units`` in either order: a row is the same unit when code and (folded) name
match and the validity periods overlap, so a unit the national list already holds is reused
and given the demo's more precise dates (the national list does not know that Phường Thịnh
Quang took code 00235 on 1 January 2025; the demo does).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from motcua.core.text import fold

from .models import (
    AdministrativeUnit,
    Agency,
    AgencyKind,
    UnitChange,
    UnitChangeLink,
    UnitType,
)

DATA_FILE = Path(__file__).resolve().parent / "data" / "dong_da.json"

# Which group of dong_da.json a unit reference ("2018:00229") points into.
_GROUPS = {"2018": "wards_2018", "2025-01": "wards_2025_01", "2025-07": "wards_2025"}


@dataclass
class DongDaDemo:
    """What ``load_dong_da`` made. Ward dicts are keyed by the ward's GSO code."""

    province: AdministrativeUnit
    district: AdministrativeUnit
    wards_2018: list[AdministrativeUnit]
    wards_2025_01: list[AdministrativeUnit]  # formed on 1 January 2025 (Resolution 1286)
    wards_2025: list[AdministrativeUnit]  # the July 2025 wards that took Đống Đa's territory
    city_pc: Agency
    district_pc: Agency
    district_desk: Agency
    departments: dict[
        str, Agency
    ]  # office, home_affairs, justice, urban_management, culture_information
    ward_pcs: dict[str, Agency]  # the 21 wards of 2018
    ward_desks: dict[str, Agency]
    ward_pcs_2025: dict[str, Agency] = field(default_factory=dict)
    ward_desks_2025: dict[str, Agency] = field(default_factory=dict)
    changes: list[UnitChange] = field(default_factory=list)

    def ward_2018(self, name: str) -> AdministrativeUnit:
        """A 2018 ward by its name without diacritics or prefix, e.g. ``ward_2018("kim lien")``."""
        return next(w for w in self.wards_2018 if fold(w.name) == f"phuong {fold(name)}")


def load_dong_da(path: Path = DATA_FILE) -> DongDaDemo:
    data = json.loads(path.read_text(encoding="utf-8"))
    with transaction.atomic():
        return _Loader(data).run()


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _ward_phrase(name: str) -> str:
    """ "Phường Kim Liên" → "phường Kim Liên", as it reads inside an agency's name."""
    designation, _, rest = name.partition(" ")
    return f"{designation.lower()} {rest}"


class _Loader:
    def __init__(self, data: dict):
        self.data = data
        self.legal = data["legal_acts"]
        self.units: dict[str, AdministrativeUnit] = {}

    def run(self) -> DongDaDemo:
        data = self.data
        province = self._unit("province", UnitType.PROVINCE, data["province"], parent=None)
        district = self._unit("district", UnitType.DISTRICT, data["district"], parent=province)
        groups = {}
        for prefix, key in _GROUPS.items():
            group = data[key]
            parent = province if prefix == "2025-07" else district
            groups[key] = [
                self._unit(
                    f"{prefix}:{item['code']}",
                    UnitType.COMMUNE,
                    {**group, **item},
                    parent=parent,
                    designation="Phường",
                )
                for item in group["items"]
            ]
        changes = [self._change(spec) for spec in data["changes"]]

        agencies: dict[str, Agency] = {}
        for spec in data["agencies"]:  # parents come before their children in the file
            agencies[spec["key"]] = self._agency(
                spec, unit=self.units[spec["unit"]], parent=agencies.get(spec.get("parent", ""))
            )
        names = data["ward_agencies"]
        ward_pcs, ward_desks = self._ward_agencies(
            "2018", groups["wards_2018"], names["desk_name_until_2025_06"], AgencyKind.ONE_STOP_DESK
        )
        self._ward_agencies(
            "2025-01",
            groups["wards_2025_01"],
            names["desk_name_until_2025_06"],
            AgencyKind.ONE_STOP_DESK,
        )
        pcs_2025, desks_2025 = self._ward_agencies(
            "2025-07",
            groups["wards_2025"],
            names["desk_name_from_2025_07"],
            AgencyKind.SERVICE_CENTRE,
        )
        return DongDaDemo(
            province=province,
            district=district,
            wards_2018=groups["wards_2018"],
            wards_2025_01=groups["wards_2025_01"],
            wards_2025=groups["wards_2025"],
            city_pc=agencies["city_pc"],
            district_pc=agencies["district_pc"],
            district_desk=agencies["district_desk"],
            departments={
                spec["key"]: agencies[spec["key"]]
                for spec in data["agencies"]
                if spec.get("department")
            },
            ward_pcs=ward_pcs,
            ward_desks=ward_desks,
            ward_pcs_2025=pcs_2025,
            ward_desks_2025=desks_2025,
            changes=changes,
        )

    # -- units -----------------------------------------------------------------------------

    def _unit(self, ref, unit_type, spec, parent, designation=None) -> AdministrativeUnit:
        values = {
            "name": spec["name"],
            "unit_type": unit_type,
            "designation": spec.get("designation") or designation or "",
            "parent": parent,
            "valid_from": _date(spec.get("valid_from")),
            "valid_to": _date(spec.get("valid_to")),
            "legal_act": self.legal.get(spec.get("legal_act", ""), ""),
            "source": spec.get("source", "")[:300],
        }
        unit = self._find_unit(spec["code"], values)
        if unit is None:
            unit = AdministrativeUnit(code=spec["code"])
        changed = unit.pk is None or any(getattr(unit, k) != v for k, v in values.items())
        if changed:
            for key, value in values.items():
                setattr(unit, key, value)
            unit.save()
        self.units[ref] = unit
        return unit

    @staticmethod
    def _find_unit(code: str, values: dict) -> AdministrativeUnit | None:
        """The row that is this unit: same code and name, overlapping validity."""
        start = values["valid_from"] or dt.date.min
        end = values["valid_to"] or dt.date.max
        for candidate in AdministrativeUnit.objects.filter(
            code=code, unit_type=values["unit_type"]
        ):
            if fold(candidate.name) != fold(values["name"]):
                continue
            if (candidate.valid_from or dt.date.min) <= end and start <= (
                candidate.valid_to or dt.date.max
            ):
                return candidate
        return None

    def _change(self, spec) -> UnitChange:
        successor = self.units[spec["into"]]
        legal_basis = self.legal[spec["legal"]]
        day = _date(spec["date"])
        change = UnitChange.objects.filter(
            kind=spec["kind"],
            effective_date=day,
            legal_basis=legal_basis,
            links__successor=successor,
        ).first()
        if change is None:
            change = UnitChange(kind=spec["kind"], effective_date=day, legal_basis=legal_basis)
        change.note = spec.get("note", "")
        change.source = spec.get("source", "")[:300]
        change.save()
        for ref, whole in spec["from"]:
            UnitChangeLink.objects.update_or_create(
                change=change,
                predecessor=self.units[ref],
                successor=successor,
                defaults={"whole": whole},
            )
        return change

    # -- agencies --------------------------------------------------------------------------

    @staticmethod
    def _agency(spec, unit: AdministrativeUnit, parent: Agency | None = None) -> Agency:
        values = {
            "kind": spec["kind"],
            "code": spec["code"],
            "parent": parent,
            "valid_from": _date(spec.get("valid_from"))
            if "valid_from" in spec
            else unit.valid_from,
            "valid_to": _date(spec.get("valid_to")) if "valid_to" in spec else unit.valid_to,
        }
        agency = Agency.objects.filter(unit=unit, name=spec["name"]).first() or Agency(
            unit=unit, name=spec["name"]
        )
        if agency.pk is None or any(getattr(agency, k) != v for k, v in values.items()):
            for key, value in values.items():
                setattr(agency, key, value)
            agency.save()
        return agency

    def _ward_agencies(self, prefix, wards, desk_name, desk_kind):
        names = self.data["ward_agencies"]
        items = self.data[_GROUPS[prefix]]["items"]
        pcs, desks = {}, {}
        for ward, item in zip(wards, items, strict=True):
            phrase = _ward_phrase(ward.name)
            pc = self._agency(
                {
                    "name": names["pc_name"].format(ward=phrase),
                    "kind": AgencyKind.PEOPLES_COMMITTEE,
                    "code": item["pc_code"],
                },
                unit=ward,
            )
            desk = self._agency(
                {
                    "name": desk_name.format(ward=phrase),
                    "kind": desk_kind,
                    "code": item["desk_code"],
                },
                unit=ward,
                parent=pc,
            )
            pcs[ward.code] = pc
            desks[ward.code] = desk
        return pcs, desks
