"""Read the catalogue out of the database as canonical values, ready for JSON or Excel.

One reader for both formats guarantees they carry the same document. Everything is sorted
in Python, not by the database, because SQLite and PostgreSQL order NULLs differently and
the export must be byte-for-byte the same on both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from motcua.catalog.models import Field, Procedure
from motcua.units.models import AdministrativeUnit

from .columns import CHILD_TABLES, FIELD_COLUMNS, PROCEDURE_COLUMNS
from .values import dump


@dataclass
class ProcedureRecord:
    values: dict[str, Any]  # column key -> canonical value
    children: dict[str, list[dict[str, Any]]]  # table key -> rows in order


def read_catalog(
    queryset: QuerySet[Procedure] | None = None,
) -> tuple[list[dict], list[ProcedureRecord]]:
    """The fields and procedures to export: every field, or only those the selection uses."""
    procedures = _with_related(queryset if queryset is not None else Procedure.objects.all())
    records = sorted((_procedure_record(p) for p in procedures), key=_sort_key)
    if queryset is None:
        fields = list(Field.objects.all())
    else:
        fields = list({p.field_id: p.field for p in procedures}.values())
    field_rows = [{c.key: dump(c, getattr(f, c.attr)) for c in FIELD_COLUMNS} for f in fields]
    return sorted(field_rows, key=lambda row: row["code"]), records


def _with_related(queryset: QuerySet[Procedure]) -> list[Procedure]:
    prefetches = [
        Prefetch(
            t.key,
            queryset=Procedure._meta.get_field(t.key).related_model.objects.order_by(
                "order" if t.ordered else "id"
            ),
        )
        for t in CHILD_TABLES
    ]
    return list(
        queryset.select_related("field", "publishing_unit", "replaces")
        .prefetch_related("agencies", *prefetches)
        .order_by()
    )


def _procedure_record(procedure: Procedure) -> ProcedureRecord:
    values = {}
    for column in PROCEDURE_COLUMNS:
        if column.attr:
            values[column.key] = dump(column, getattr(procedure, column.attr))
    unit = procedure.publishing_unit
    values["field"] = procedure.field.code
    values["publishing_unit.code"] = unit.code if unit else None
    values["publishing_unit.on"] = _unit_lookup_date(procedure, unit)
    # Agencies without an electronic code cannot be named in a file; they are left out.
    values["agencies"] = sorted(a.code for a in procedure.agencies.all() if a.code)
    replaced = procedure.replaces
    values["replaces.code"] = replaced.code if replaced else None
    values["replaces.version"] = replaced.version if replaced else None
    children = {
        table.key: [
            {c.key: dump(c, getattr(child, c.attr)) for c in table.columns}
            for child in getattr(procedure, table.key).all()
        ]
        for table in CHILD_TABLES
    }
    return ProcedureRecord(values=values, children=children)


def _unit_lookup_date(procedure: Procedure, unit: AdministrativeUnit | None) -> str | None:
    """A date on which ``unit`` bore its code: the publication date when it fits, else its bounds.

    The choice is deterministic, so exporting again after an import gives the same date.
    """
    if unit is None:
        return None
    for on in (procedure.published_on, procedure.valid_from, unit.valid_from, unit.valid_to):
        if on is not None and unit.is_valid_on(on):
            return on.isoformat()
    return None  # a unit valid forever: any date finds it, the importer uses today


def _sort_key(record: ProcedureRecord) -> tuple:
    v = record.values
    return (v["code"], v["publishing_unit.code"] or "", v["publishing_unit.on"] or "", v["version"])
