"""Check a whole catalogue file before anything is written, and resolve its references.

The JSON and Excel readers turn a file into ``RawRecord``s (raw values keyed by column key,
plus where each came from); this module parses every value, checks the file as a whole
(duplicate keys, unknown field, unit and agency codes, the version a procedure replaces) and
returns a ``Plan`` only when there is nothing to complain about. Errors go to the report with
the reader's location, so a message says "Trang 'Thủ tục', dòng 7, cột 'Cấp thực hiện': …" for
Excel and "Thủ tục thứ 3 (1.001193), trường 'level': …" for JSON.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.exceptions import MultipleObjectsReturned
from django.utils.translation import gettext as _

from motcua.catalog.models import Field, Procedure
from motcua.units.models import AdministrativeUnit, Agency

from .columns import CHILD_TABLES, FIELD_COLUMNS, PROCEDURE_COLUMNS, Column
from .report import ImportReport, RowError
from .values import Invalid, form_schema_problem, parse, shown

__all__ = ["RawRecord", "RawCatalog", "Plan", "build_plan", "form_schema_problem"]


class Where(Protocol):
    def error(self, key: str | None, problem: str) -> RowError: ...


@dataclass(frozen=True)
class JsonWhere:
    path: str  # "procedures[2].documents[0]"
    position: int  # 1-based position in its list
    describe: str  # "Thủ tục thứ 3 (1.001193), thành phần hồ sơ thứ 1"

    def error(self, key: str | None, problem: str) -> RowError:
        if key:
            message = _("%(where)s, trường '%(key)s': %(problem)s") % {
                "where": self.describe,
                "key": key,
                "problem": problem,
            }
        else:
            message = _("%(where)s: %(problem)s") % {"where": self.describe, "problem": problem}
        return RowError(sheet=self.path, row=self.position, column=key or "", message=message)


@dataclass(frozen=True)
class ExcelWhere:
    sheet: str
    row: int
    titles: dict[str, str]  # column key -> the header as written in the file

    def error(self, key: str | None, problem: str) -> RowError:
        if key:
            column = self.titles.get(key, key)
            message = _("Trang '%(sheet)s', dòng %(row)d, cột '%(column)s': %(problem)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "column": column,
                "problem": problem,
            }
        else:
            column = ""
            message = _("Trang '%(sheet)s', dòng %(row)d: %(problem)s") % {
                "sheet": self.sheet,
                "row": self.row,
                "problem": problem,
            }
        return RowError(sheet=self.sheet, row=self.row, column=column, message=message)


@dataclass
class RawRecord:
    values: dict[str, Any]  # column key -> raw value; a missing key means "not given"
    where: Where
    children: dict[str, list[RawRecord]] = field(default_factory=dict)
    # The reader already reported why this record is unreadable; it is kept only so that
    # references to it (its code, its version) are not reported as unknown.
    broken: bool = False


@dataclass
class RawCatalog:
    fields: list[RawRecord] = field(default_factory=list)
    procedures: list[RawRecord] = field(default_factory=list)


Identity = tuple[str, int | None, int]  # (code, publishing unit id, version)


@dataclass
class PlannedProcedure:
    values: dict[str, Any]
    where: Where
    children: dict[str, list[dict[str, Any]]]
    unit: AdministrativeUnit | None = None
    agencies: list[Agency] = field(default_factory=list)
    replaces: Identity | None = None

    @property
    def identity(self) -> Identity:
        return (self.values["code"], self.unit.pk if self.unit else None, self.values["version"])


@dataclass
class Plan:
    fields: list[dict[str, Any]]
    procedures: list[PlannedProcedure]


def parse_record(
    record: RawRecord, columns: tuple[Column, ...], report: ImportReport
) -> dict | None:
    """The record's values parsed column by column; None (and errors reported) if any is bad."""
    clean: dict[str, Any] = {}
    ok = True
    for column in columns:
        if column.key not in record.values:
            if column.required and column.default is None:
                report.add_error(record.where.error(column.key, _("thiếu giá trị bắt buộc")))
                ok = False
            else:
                clean[column.key] = column.absent_value()
            continue
        try:
            value = parse(column, record.values[column.key])
        except Invalid as exc:
            report.add_error(record.where.error(column.key, str(exc)))
            ok = False
            continue
        if column.required and value in (None, ""):
            report.add_error(record.where.error(column.key, _("không được để trống")))
            ok = False
            continue
        clean[column.key] = value
    return clean if ok else None


def build_plan(raw: RawCatalog, report: ImportReport) -> Plan | None:
    fields = _parse_fields(raw.fields, report)
    procedures = _parse_procedures(raw.procedures, report)
    # A reference to a record rejected above is not reported again: it would only repeat
    # that record's errors in other words.
    rejected_fields = {_raw_code(r.values.get("code")) for r in raw.fields} - {
        f["code"] for f in fields
    }
    rejected_versions = {
        (_raw_code(r.values.get("code")), r.values.get("version")) for r in raw.procedures
    } - {(p.values["code"], p.values["version"]) for p in procedures}
    _resolve_units(procedures, report)
    _resolve_fields(procedures, {f["code"] for f in fields} | rejected_fields, report)
    _resolve_agencies(procedures, report)
    _reject_duplicate_versions(procedures, report)
    _resolve_replaces(procedures, rejected_versions, report)
    if report.errors or report.omitted_errors:
        return None
    return Plan(fields=fields, procedures=procedures)


def _raw_code(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _parse_fields(records: list[RawRecord], report: ImportReport) -> list[dict]:
    fields, seen = [], set()
    for record in records:
        if record.broken:
            continue
        values = parse_record(record, FIELD_COLUMNS, report)
        if values is None:
            continue
        if values["code"] in seen:
            report.add_error(
                record.where.error(
                    "code",
                    _("mã lĩnh vực %(code)s xuất hiện nhiều lần trong tệp")
                    % {"code": shown(values["code"])},
                )
            )
            continue
        seen.add(values["code"])
        fields.append(values)
    return fields


def _parse_procedures(records: list[RawRecord], report: ImportReport) -> list[PlannedProcedure]:
    planned = []
    for record in records:
        if record.broken:
            continue
        values = parse_record(record, PROCEDURE_COLUMNS, report)
        children: dict[str, list[dict]] = {}
        for table in CHILD_TABLES:
            rows = []
            for child in record.children.get(table.key, []):
                child_values = parse_record(child, table.columns, report)
                if child_values is None:
                    values = None
                else:
                    rows.append(child_values)
            children[table.key] = rows
        if values is None or not _consistent(values, record, report):
            continue
        planned.append(PlannedProcedure(values=values, where=record.where, children=children))
    return planned


def _consistent(values: dict, record: RawRecord, report: ImportReport) -> bool:
    """Checks between columns of one procedure."""
    problems = []
    if values["publishing_unit.on"] and not values["publishing_unit.code"]:
        problems.append(("publishing_unit.on", _("chỉ ghi ngày khi có mã địa phương công bố")))
    if values["replaces.code"] and values["replaces.version"] is None:
        problems.append(("replaces.version", _("cần ghi phiên bản của thủ tục được thay thế")))
    if values["replaces.version"] is not None and not values["replaces.code"]:
        problems.append(("replaces.code", _("cần ghi mã của thủ tục được thay thế")))
    if values["valid_from"] and values["valid_to"] and values["valid_to"] < values["valid_from"]:
        problems.append(
            (
                "valid_to",
                _("ngày hết hiệu lực %(to)s trước ngày bắt đầu hiệu lực %(from)s")
                % {
                    "to": f"{values['valid_to']:%d/%m/%Y}",
                    "from": f"{values['valid_from']:%d/%m/%Y}",
                },
            )
        )
    for key, problem in problems:
        report.add_error(record.where.error(key, problem))
    return not problems


def _resolve_units(procedures: list[PlannedProcedure], report: ImportReport) -> None:
    """Unit codes are reused after merges, so a code is looked up on a date (see units.models)."""
    cache: dict[tuple[str, dt.date], AdministrativeUnit | str] = {}
    for proc in procedures:
        code = proc.values["publishing_unit.code"]
        if not code:
            continue
        v = proc.values
        on = v["publishing_unit.on"] or v["published_on"] or v["valid_from"] or dt.date.today()
        if (code, on) not in cache:
            try:
                cache[code, on] = AdministrativeUnit.objects.by_code_on(code, on)
            except AdministrativeUnit.DoesNotExist:
                cache[code, on] = _(
                    "không có đơn vị hành chính nào mang mã %(code)s vào ngày %(on)s"
                ) % {
                    "code": shown(code),
                    "on": f"{on:%d/%m/%Y}",
                }
            except MultipleObjectsReturned:
                cache[code, on] = _(
                    "có nhiều đơn vị hành chính mang mã %(code)s vào ngày %(on)s; dữ liệu đơn vị cần được sửa"
                ) % {
                    "code": shown(code),
                    "on": f"{on:%d/%m/%Y}",
                }
        found = cache[code, on]
        if isinstance(found, str):
            report.add_error(proc.where.error("publishing_unit.code", found))
        else:
            proc.unit = found


def _resolve_fields(
    procedures: list[PlannedProcedure], in_file: set[str], report: ImportReport
) -> None:
    wanted = {p.values["field"] for p in procedures} - in_file
    known = in_file | set(Field.objects.filter(code__in=wanted).values_list("code", flat=True))
    for proc in procedures:
        if proc.values["field"] not in known:
            report.add_error(
                proc.where.error(
                    "field",
                    _("không có lĩnh vực mã %(code)s trong tệp hay trong cơ sở dữ liệu")
                    % {"code": shown(proc.values["field"])},
                )
            )


def _resolve_agencies(procedures: list[PlannedProcedure], report: ImportReport) -> None:
    wanted = {code for p in procedures for code in p.values["agencies"]}
    by_code: dict[str, list[Agency]] = {}
    for agency in Agency.objects.filter(code__in=wanted):
        by_code.setdefault(agency.code, []).append(agency)
    today = dt.date.today()
    for proc in procedures:
        for code in proc.values["agencies"]:
            candidates = by_code.get(code, [])
            if len(candidates) > 1:
                # The same code on an old and a new agency: the one in office today wins.
                candidates = [a for a in candidates if _valid_on(a, today)]
            if len(candidates) == 1:
                proc.agencies.append(candidates[0])
            elif not candidates and code not in by_code:
                report.add_error(
                    proc.where.error(
                        "agencies",
                        _("không có cơ quan nào mang mã %(code)s") % {"code": shown(code)},
                    )
                )
            else:
                report.add_error(
                    proc.where.error(
                        "agencies",
                        _("mã cơ quan %(code)s ứng với nhiều cơ quan; dữ liệu cơ quan cần được sửa")
                        % {"code": shown(code)},
                    )
                )


def _valid_on(row: Any, on: dt.date) -> bool:
    return (row.valid_from is None or row.valid_from <= on) and (
        row.valid_to is None or on <= row.valid_to
    )


def _reject_duplicate_versions(procedures: list[PlannedProcedure], report: ImportReport) -> None:
    seen: set[Identity] = set()
    for proc in procedures:
        if proc.identity in seen:
            report.add_error(
                proc.where.error(
                    "version",
                    _(
                        "thủ tục mã %(code)s, phiên bản %(version)d của cùng địa phương xuất hiện nhiều lần trong tệp"
                    )
                    % {"code": shown(proc.values["code"]), "version": proc.values["version"]},
                )
            )
        seen.add(proc.identity)


def _resolve_replaces(
    procedures: list[PlannedProcedure], rejected: set[tuple], report: ImportReport
) -> None:
    """Find the version each procedure replaces: the same locality's first, else the only one."""
    wanted = {p.values["replaces.code"] for p in procedures if p.values["replaces.code"]}
    if not wanted:
        return
    known: set[Identity] = {p.identity for p in procedures}
    known |= set(
        Procedure.objects.filter(code__in=wanted).values_list(
            "code", "publishing_unit_id", "version"
        )
    )
    for proc in procedures:
        code, version = proc.values["replaces.code"], proc.values["replaces.version"]
        if not code:
            continue
        own_unit = proc.unit.pk if proc.unit else None
        matches = [k for k in known if k[0] == code and k[2] == version]
        same_unit = [k for k in matches if k[1] == own_unit]
        target = same_unit[0] if same_unit else (matches[0] if len(matches) == 1 else None)
        if target is None and (code, version) in rejected:
            continue
        if target == proc.identity:
            report.add_error(
                proc.where.error("replaces.code", _("một phiên bản không thể thay thế chính nó"))
            )
        elif target is None:
            if matches:
                problem = _(
                    "có nhiều thủ tục mã %(code)s, phiên bản %(version)d của các địa phương khác nhau; "
                    "không rõ thay thế thủ tục nào"
                )
            else:
                problem = _("không tìm thấy thủ tục mã %(code)s, phiên bản %(version)d để thay thế")
            problem = problem % {"code": shown(code), "version": version}
            report.add_error(proc.where.error("replaces.code", problem))
        else:
            proc.replaces = target
