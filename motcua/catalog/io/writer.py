"""Write a checked ``Plan`` in one transaction: everything or nothing.

A version that already exists (same code, publishing unit and version) is updated in place so
that its primary key, which dossiers point at, never changes; its child rows are updated
position by position for the same reason, and only surplus rows are deleted.
"""

from __future__ import annotations

import logging

from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

from motcua.catalog.models import Field, Procedure

from .columns import CHILD_TABLES, PROCEDURE_COLUMNS, ChildTable
from .report import ImportedRow, ImportReport
from .validation import Identity, Plan, PlannedProcedure

logger = logging.getLogger(__name__)


def write_plan(plan: Plan, report: ImportReport, *, dry_run: bool) -> None:
    try:
        with transaction.atomic():
            _write_fields(plan, report)
            written = _write_procedures(plan, report)
            _link_replaced_versions(plan, written)
            if dry_run:
                # The preview ran every write the real import would run; now undo them.
                transaction.set_rollback(True)
    except DatabaseError as exc:
        logger.warning("catalogue import rolled back: %s", exc)
        report.created.clear()
        report.updated.clear()
        report.file_error(
            _(
                "Không ghi được danh mục vào cơ sở dữ liệu (%(reason)s). Chưa có dữ liệu nào được ghi."
            )
            % {"reason": str(exc)[:200]}
        )


def _write_fields(plan: Plan, report: ImportReport) -> None:
    existing = {f.code: f for f in Field.objects.filter(code__in=[v["code"] for v in plan.fields])}
    for values in plan.fields:
        row = ImportedRow("field", values["code"], values["name"])
        field = existing.get(values["code"])
        if field is None:
            Field.objects.create(code=values["code"], name=values["name"])
            report.created.append(row)
        else:
            field.name = values["name"]
            field.save()
            report.updated.append(row)


def _write_procedures(plan: Plan, report: ImportReport) -> dict[Identity, Procedure]:
    codes = {p.values["code"] for p in plan.procedures}
    existing = {
        (p.code, p.publishing_unit_id, p.version): p
        for p in Procedure.objects.filter(code__in=codes)
    }
    fields = {
        f.code: f
        for f in Field.objects.filter(code__in={p.values["field"] for p in plan.procedures})
    }
    written = {}
    for planned in plan.procedures:
        procedure = existing.get(planned.identity)
        created = procedure is None
        procedure = procedure or Procedure()
        for column in PROCEDURE_COLUMNS:
            if column.attr:
                setattr(procedure, column.attr, planned.values[column.key])
        procedure.field = fields[planned.values["field"]]
        procedure.publishing_unit = planned.unit
        procedure.replaces = None  # set once every version of the file exists
        procedure.save()
        procedure.agencies.set(planned.agencies)
        for table in CHILD_TABLES:
            _sync_children(procedure, table, planned.children[table.key])
        written[planned.identity] = procedure
        (report.created if created else report.updated).append(_imported_row(planned))
    return written


def _sync_children(procedure: Procedure, table: ChildTable, rows: list[dict]) -> None:
    manager = getattr(procedure, table.key)
    current = list(manager.order_by("order" if table.ordered else "id")) if procedure.pk else []
    for position, values in enumerate(rows, start=1):
        child = (
            current[position - 1]
            if position <= len(current)
            else manager.model(procedure=procedure)
        )
        for column in table.columns:
            setattr(child, column.attr, values[column.key])
        if table.ordered:
            child.order = position
        child.save()
    surplus = [child.pk for child in current[len(rows) :]]
    if surplus:
        manager.model.objects.filter(pk__in=surplus).delete()


def _link_replaced_versions(plan: Plan, written: dict[Identity, Procedure]) -> None:
    for planned in plan.procedures:
        if planned.replaces is None:
            continue
        code, unit_id, version = planned.replaces
        target = written.get(planned.replaces) or Procedure.objects.get(
            code=code, publishing_unit_id=unit_id, version=version
        )
        procedure = written[planned.identity]
        procedure.replaces = target
        procedure.save(update_fields=["replaces"])


def _imported_row(planned: PlannedProcedure) -> ImportedRow:
    values = planned.values
    key = _("%(code)s, phiên bản %(version)d") % {
        "code": values["code"],
        "version": values["version"],
    }
    if planned.unit is not None:
        key = f"{key}, {planned.unit.name}"
    return ImportedRow("procedure", key, values["name"])
