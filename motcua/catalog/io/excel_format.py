"""The catalogue as an Excel workbook (openpyxl): one sheet per table, one row per record.

Row 1 of every sheet holds the Vietnamese column titles (the header map is ``columns.py`` and
docs/catalog-format.md); the importer finds columns by title, in any order, with or without
diacritics. Child sheets name their procedure by code, publishing unit code and version, and
give the row's position with "Thứ tự". A last sheet, "Hướng dẫn", explains every column and is
ignored on import.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from decimal import Decimal
from io import BytesIO
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from motcua.catalog.models import Procedure
from motcua.core.text import fold

from .columns import (
    CHILD_KEY_COLUMNS,
    CHILD_TABLES,
    FIELD_COLUMNS,
    FIELDS_SHEET,
    PROCEDURE_COLUMNS,
    PROCEDURES_SHEET,
    Column,
)
from .files import FileProblem, detect_format, open_xlsx_zip, read_bytes
from .records import read_catalog
from .report import ImportReport
from .validation import ExcelWhere, RawCatalog, RawRecord, build_plan
from .values import Invalid, parse, shown
from .writer import write_plan

logger = logging.getLogger(__name__)

GUIDE_SHEET = N_("Hướng dẫn")
MAX_ROWS = 20_000  # per sheet: far above a province's catalogue, far below a hostile file
MAX_COLUMNS = 100
_HEADER_FONT = Font(bold=True)
_HEADER_FILL = PatternFill("solid", fgColor="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")


def _sheets() -> list[tuple[str, tuple[Column, ...]]]:
    return [
        (FIELDS_SHEET, FIELD_COLUMNS),
        (PROCEDURES_SHEET, PROCEDURE_COLUMNS),
        *((table.sheet, CHILD_KEY_COLUMNS + table.columns) for table in CHILD_TABLES),
    ]


# --- export ---------------------------------------------------------------------------------


def export_excel(queryset: QuerySet[Procedure] | None = None) -> bytes:
    """The catalogue (or only ``queryset``'s procedures) as xlsx bytes."""
    fields, procedures = read_catalog(queryset)
    rows_by_sheet: dict[str, list[dict]] = {
        FIELDS_SHEET: fields,
        PROCEDURES_SHEET: [record.values for record in procedures],
    }
    for table in CHILD_TABLES:
        rows = rows_by_sheet[table.sheet] = []
        for record in procedures:
            key = {
                "procedure.code": record.values["code"],
                "procedure.publishing_unit": record.values["publishing_unit.code"],
                "procedure.version": record.values["version"],
            }
            for position, child in enumerate(record.children[table.key], start=1):
                rows.append({**key, "order": position, **child})
    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet, columns in _sheets():
        _write_sheet(workbook.create_sheet(gettext(sheet)), columns, rows_by_sheet[sheet])
    _write_guide(workbook.create_sheet(gettext(GUIDE_SHEET)))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _write_sheet(sheet, columns: tuple[Column, ...], rows: list[dict]) -> None:
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.title)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _WRAP
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    for row_number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            value = _cell_value(column, row[column.key])
            cell = sheet.cell(row=row_number, column=index, value=value)
            if isinstance(value, str):
                # A text starting with "=" is text, not a formula (and not a formula injection).
                cell.data_type = "s"
                cell.number_format = "@"
                cell.alignment = _WRAP if len(value) > 60 or "\n" in value else _TOP
            elif isinstance(value, dt.date):
                cell.number_format = "DD/MM/YYYY"
    last_row = max(len(rows) + 1, 2)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_row}"
    _add_choice_lists(sheet, columns)


def _cell_value(column: Column, value: Any) -> Any:
    """A canonical value (as in the JSON document) as the cell Excel users expect."""
    if value in (None, "", [], {}):
        return None
    if column.kind == "decimal":
        number = Decimal(value)
        return int(number) if number == number.to_integral_value() else float(number)
    if column.kind == "date":
        return dt.date.fromisoformat(value)
    if column.kind == "json":
        return json.dumps(value, ensure_ascii=False)
    if column.kind == "codes":
        return "\n".join(value)
    return value


def _add_choice_lists(sheet, columns: tuple[Column, ...]) -> None:
    """Drop-down lists for coded columns; a warning, not a block, since labels are accepted too."""
    for index, column in enumerate(columns, start=1):
        if column.kind != "choice":
            continue
        values = ",".join(value for value, _label in column.choices.choices)
        validation = DataValidation(
            type="list",
            formula1=f'"{values}"',
            allow_blank=column.blank_choice or not column.required,
            errorStyle="warning",
            showErrorMessage=True,
            errorTitle=gettext("Giá trị không có trong danh sách"),
            error=gettext("Hãy chọn một giá trị trong danh sách; xem trang Hướng dẫn."),
        )
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
        sheet.add_data_validation(validation)


def _write_guide(sheet) -> None:
    headers = (_("Trang"), _("Cột"), _("Giá trị"))
    for index, (title, width) in enumerate(zip(headers, (20, 34, 90), strict=True), start=1):
        cell = sheet.cell(row=1, column=index, value=title)
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    for sheet_name, columns in _sheets():
        for column in columns:
            sheet.append([gettext(sheet_name), column.title, _describe(column)])
            sheet.cell(row=sheet.max_row, column=3).alignment = _WRAP


def _describe(column: Column) -> str:
    kind = column.kind
    if kind == "choice":
        text = "; ".join(f"{value} = {label}" for value, label in column.choices.choices)
        if column.blank_choice:
            text += _("; hoặc để trống")
    elif kind == "bool":
        text = _("TRUE hoặc FALSE (cũng nhận: có / không)")
    elif kind == "date":
        text = _("Ngày, dạng ngày/tháng/năm")
    elif kind == "time":
        text = _("Giờ:phút, ví dụ 15:00")
    elif kind == "decimal":
        text = _("Số không âm, tối đa một chữ số thập phân")
    elif kind == "int":
        text = _("Số nguyên từ %(min)d đến %(max)d") % {
            "min": column.minimum,
            "max": column.maximum,
        }
    elif kind == "codes":
        text = _("Các mã định danh cơ quan, mỗi mã một dòng (hoặc cách nhau bởi dấu chấm phẩy)")
    elif kind == "json":
        text = _(
            'Biểu mẫu điện tử dạng JSON Schema, ví dụ {"type": "object", "properties": {…}}; để trống nếu không có'
        )
    else:
        text = _("Văn bản, tối đa %(limit)d ký tự") % {"limit": column.max_length}
    if column.required:
        text = _("Bắt buộc. %(text)s") % {"text": text}
    return text


# --- import ---------------------------------------------------------------------------------


def import_excel(file: Any, *, dry_run: bool = False) -> ImportReport:
    """Check, then write (unless ``dry_run``) an xlsx catalogue, all or nothing.

    ``file`` is bytes, a path or a binary file object. Problems never raise: they are in the
    report, each with its sheet, row and column.
    """
    report = ImportReport(dry_run=dry_run)
    try:
        data = read_bytes(file)
        if detect_format(data) != "xlsx":
            raise FileProblem(
                _("Tệp này là JSON, không phải Excel (.xlsx); hãy chọn nhập tệp JSON.")
            )
        stream = open_xlsx_zip(data)
    except FileProblem as exc:
        return report.file_error(str(exc))
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
        try:
            raw = _read_workbook(workbook, report)
        finally:
            workbook.close()
    except FileProblem as exc:
        return report.file_error(str(exc))
    except Exception:  # a hostile or broken file can fail anywhere inside openpyxl or zipfile
        logger.info("unreadable xlsx upload", exc_info=True)
        return report.file_error(_("Tệp bị hỏng hoặc không phải là tệp Excel (.xlsx) hợp lệ."))
    if raw is None:
        return report
    plan = build_plan(raw, report)
    if plan is not None:
        write_plan(plan, report, dry_run=dry_run)
    return report


def _read_workbook(workbook, report: ImportReport) -> RawCatalog | None:
    by_name = {fold(name): workbook[name] for name in workbook.sheetnames}
    found, missing = {}, []
    for sheet, columns in _sheets():
        worksheet = by_name.get(fold(sheet)) or by_name.get(fold(gettext(sheet)))
        if worksheet is None:
            missing.append(gettext(sheet))
        else:
            found[sheet] = (worksheet, columns)
    for name in missing:
        report.file_error(
            _("Thiếu trang tính '%(sheet)s'. Tệp cần đủ các trang: %(all)s.")
            % {
                "sheet": name,
                "all": ", ".join(gettext(s) for s, _columns in _sheets()),
            }
        )
    if missing:
        return None
    tables = {sheet: _read_sheet(ws, columns, report) for sheet, (ws, columns) in found.items()}
    if any(rows is None for rows in tables.values()):
        return None
    raw = RawCatalog(fields=tables[FIELDS_SHEET], procedures=tables[PROCEDURES_SHEET])
    _attach_children(raw, tables, report)
    return raw


def _read_sheet(
    worksheet, columns: tuple[Column, ...], report: ImportReport
) -> list[RawRecord] | None:
    name = worksheet.title
    if hasattr(worksheet, "reset_dimensions"):
        # A file may lie about its size in <dimension>; read what is really there.
        worksheet.reset_dimensions()
    rows = worksheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header = next(rows, None)
    if header is None:
        report.file_error(_("Trang '%(sheet)s' không có dòng tiêu đề.") % {"sheet": name})
        return None
    positions, titles = _map_header(name, header, columns, report)
    if positions is None:
        return None
    records = []
    for row_number, row in enumerate(rows, start=2):
        if row_number > MAX_ROWS + 1:
            report.file_error(
                _("Trang '%(sheet)s' có hơn %(limit)d dòng; hãy chia danh mục thành nhiều tệp.")
                % {
                    "sheet": name,
                    "limit": MAX_ROWS,
                }
            )
            return None
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in row):
            continue
        values = {key: row[index] for key, index in positions.items() if index < len(row)}
        records.append(RawRecord(values, ExcelWhere(name, row_number, titles)))
    return records


def _map_header(name: str, header: tuple, columns: tuple[Column, ...], report: ImportReport):
    """Column key -> position in the row, found by title (or key), in any order."""
    wanted = {}
    for column in columns:
        for alias in (column.header, column.title, column.key):
            wanted.setdefault(fold(alias), column)
    positions: dict[str, int] = {}
    titles: dict[str, str] = {}
    ok = True
    where = ExcelWhere(name, 1, {})
    for index, cell in enumerate(header):
        if cell is None or not str(cell).strip():
            continue
        column = wanted.get(fold(str(cell)))
        if column is None:
            report.add_error(
                where.error(
                    None,
                    _(
                        "cột %(title)s không thuộc định dạng danh mục; hãy xóa hoặc đổi tên cột (xem trang Hướng dẫn)"
                    )
                    % {"title": shown(str(cell))},
                )
            )
            ok = False
        elif column.key in positions:
            report.add_error(
                where.error(
                    None, _("cột %(title)s xuất hiện hai lần") % {"title": shown(str(cell))}
                )
            )
            ok = False
        else:
            positions[column.key] = index
            titles[column.key] = str(cell)
    for column in columns:
        if column.key not in positions and column.required and column.default is None:
            report.add_error(
                where.error(None, _("thiếu cột bắt buộc '%(title)s'") % {"title": column.title})
            )
            ok = False
    return (positions, titles) if ok else (None, None)


def _procedure_key(values: dict[str, Any], columns: tuple[Column, Column, Column]) -> tuple | None:
    """(code, publishing unit code, version) as written in a row, or None if unreadable."""
    key = []
    for column in columns:
        try:
            key.append(parse(column, values.get(column.key)) if column.key in values else None)
        except Invalid:
            return None
    code, unit, version = key
    return (code, unit or "", version) if code and version else None


def _attach_children(
    raw: RawCatalog, tables: dict[str, list[RawRecord]], report: ImportReport
) -> None:
    by_key: dict[tuple, RawRecord] = {}
    by_column_key = {column.key: column for column in PROCEDURE_COLUMNS}
    procedure_key_columns = tuple(
        by_column_key[k] for k in ("code", "publishing_unit.code", "version")
    )
    for record in raw.procedures:
        key = _procedure_key(record.values, procedure_key_columns)
        if key is not None:
            by_key.setdefault(key, record)
    code_column, unit_column, version_column, order_column = CHILD_KEY_COLUMNS
    for table in CHILD_TABLES:
        placed: dict[tuple, dict[int, RawRecord]] = {}
        for row in tables[table.sheet]:
            key = _procedure_key(row.values, (code_column, unit_column, version_column))
            if key is None:
                report.add_error(
                    row.where.error(
                        code_column.key,
                        _(
                            "cần ghi đủ mã thủ tục và phiên bản (số nguyên) của thủ tục chứa dòng này"
                        ),
                    )
                )
                continue
            if key not in by_key:
                report.add_error(
                    row.where.error(
                        code_column.key,
                        _(
                            "không có thủ tục mã %(code)s, phiên bản %(version)s%(unit)s trong trang '%(sheet)s'"
                        )
                        % {
                            "code": shown(key[0]),
                            "version": key[2],
                            "sheet": gettext(PROCEDURES_SHEET),
                            "unit": _(" của địa phương mã %(unit)s") % {"unit": key[1]}
                            if key[1]
                            else "",
                        },
                    )
                )
                continue
            try:
                order = parse(order_column, row.values.get("order"))
            except Invalid as exc:
                report.add_error(row.where.error("order", str(exc)))
                continue
            if order is None:
                report.add_error(row.where.error("order", _("không được để trống")))
                continue
            siblings = placed.setdefault(key, {})
            if order in siblings:
                report.add_error(
                    row.where.error(
                        "order",
                        _("thứ tự %(order)d đã dùng ở dòng %(row)d cho cùng thủ tục")
                        % {"order": order, "row": siblings[order].where.row},
                    )
                )
                continue
            keep = {c.key for c in table.columns}
            siblings[order] = RawRecord(
                {k: v for k, v in row.values.items() if k in keep}, row.where
            )
        for key, siblings in placed.items():
            by_key[key].children[table.key] = [siblings[order] for order in sorted(siblings)]
