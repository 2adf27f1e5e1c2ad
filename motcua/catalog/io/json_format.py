"""The "motcua-catalog" JSON format, version 1 (see docs/catalog-format.md)."""

from __future__ import annotations

import json
import os
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua.catalog.models import Procedure

from .columns import CHILD_TABLES, FIELD_COLUMNS, NULLABLE_OBJECTS, PROCEDURE_COLUMNS, Column
from .files import FileProblem, read_bytes
from .records import read_catalog
from .report import ImportReport
from .validation import JsonWhere, RawCatalog, RawRecord, build_plan
from .writer import write_plan

FORMAT_NAME = "motcua-catalog"
FORMAT_VERSION = 1
# Limits that keep a hostile file from costing more than a real catalogue would.
MAX_PROCEDURES = 20_000
MAX_CHILD_ROWS = 1_000
_CHILD_KEYS = {table.key for table in CHILD_TABLES}


def export_json(queryset: QuerySet[Procedure] | None = None) -> dict:
    """The catalogue (or only ``queryset``'s procedures) as a "motcua-catalog" v1 document."""
    fields, procedures = read_catalog(queryset)
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "fields": fields,
        "procedures": [
            {**_nest(record.values, PROCEDURE_COLUMNS), **record.children} for record in procedures
        ],
    }


def dumps(document: dict) -> str:
    """The text of a document as motcua writes it: UTF-8 friendly, indented, stable."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def import_json(data_or_file: Any, *, dry_run: bool = False) -> ImportReport:
    """Check, then write (unless ``dry_run``) a JSON catalogue, all or nothing.

    ``data_or_file`` is the parsed document (dict), JSON text (str), bytes, a path
    (``pathlib.Path``) or a file object. Problems never raise: they are in the report.
    """
    report = ImportReport(dry_run=dry_run)
    try:
        document = data_or_file if isinstance(data_or_file, dict) else _load(data_or_file)
    except FileProblem as exc:
        return report.file_error(str(exc))
    raw = _read_document(document, report)
    if raw is None:
        return report
    plan = build_plan(raw, report)
    if plan is not None:
        write_plan(plan, report, dry_run=dry_run)
    return report


def _load(source: Any) -> Any:
    if isinstance(source, str) and not isinstance(source, os.PathLike):
        source = source.encode("utf-8")
    data = read_bytes(source)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(
            _("Tệp không phải là văn bản UTF-8; hãy lưu tệp JSON với bảng mã UTF-8.")
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            _("Tệp không phải là JSON hợp lệ: lỗi cú pháp ở dòng %(line)d, cột %(column)d.")
            % {
                "line": exc.lineno,
                "column": exc.colno,
            }
        ) from None
    except (RecursionError, ValueError):
        raise FileProblem(
            _("Tệp JSON có cấu trúc lồng quá sâu hoặc số quá lớn; không đọc được.")
        ) from None


def _nest(values: dict[str, Any], columns: tuple[Column, ...]) -> dict[str, Any]:
    """Flat column keys back into the nested JSON objects, in the columns' order."""
    nested: dict[str, Any] = {}
    for column in columns:
        if "." in column.key:
            outer, inner = column.key.split(".", 1)
            nested.setdefault(outer, {})[inner] = values[column.key]
        else:
            nested[column.key] = values[column.key]
    for outer in NULLABLE_OBJECTS:
        if nested[outer]["code"] is None:
            nested[outer] = None
    return nested


def _read_document(document: Any, report: ImportReport) -> RawCatalog | None:
    if not isinstance(document, dict):
        report.file_error(
            _(
                'Tệp JSON phải là một đối tượng {…} có các mục "format", "version", "fields" và "procedures".'
            )
        )
        return None
    if document.get("format") != FORMAT_NAME or document.get("version") != FORMAT_VERSION:
        report.file_error(
            _(
                'Tệp JSON không phải danh mục motcua: cần "format": "%(name)s" và "version": %(version)d.'
            )
            % {"name": FORMAT_NAME, "version": FORMAT_VERSION}
        )
        return None
    unknown = set(document) - {"format", "version", "fields", "procedures"}
    for key in sorted(unknown):
        report.file_error(
            _("Mục '%(key)s' ở gốc tệp JSON không thuộc định dạng danh mục.") % {"key": key}
        )
    fields = _list(document, "fields", report) or []
    procedures = _list(document, "procedures", report) or []
    if len(procedures) > MAX_PROCEDURES:
        report.file_error(
            _("Tệp có %(count)d thủ tục, nhiều hơn giới hạn %(limit)d; hãy chia nhỏ tệp.")
            % {
                "count": len(procedures),
                "limit": MAX_PROCEDURES,
            }
        )
        return None
    raw = RawCatalog()
    for index, item in enumerate(fields):
        where = JsonWhere(f"fields[{index}]", index + 1, _("Lĩnh vực thứ %(n)d") % {"n": index + 1})
        values = _flatten(item, [c.key for c in FIELD_COLUMNS], where, report)
        raw.fields.append(RawRecord(values, where) if values is not None else _broken(item, where))
    for index, item in enumerate(procedures):
        raw.procedures.append(_read_procedure(index, item, report))
    return raw


def _broken(item: Any, where: JsonWhere) -> RawRecord:
    keys = {k: item[k] for k in ("code", "version") if k in item} if isinstance(item, dict) else {}
    return RawRecord(keys, where, broken=True)


def _read_procedure(index: int, item: Any, report: ImportReport) -> RawRecord:
    code = item.get("code") if isinstance(item, dict) else None
    describe = _("Thủ tục thứ %(n)d") % {"n": index + 1}
    if isinstance(code, str) and code.strip():
        describe = f"{describe} ({code.strip()[:40]})"
    path = f"procedures[{index}]"
    where = JsonWhere(path, index + 1, describe)
    keys = [c.key for c in PROCEDURE_COLUMNS] + [t.key for t in CHILD_TABLES]
    values = _flatten(item, keys, where, report)
    if values is None:
        return _broken(item, where)
    record = RawRecord({k: v for k, v in values.items() if k not in _CHILD_KEYS}, where)
    broken_children = False
    for table in CHILD_TABLES:
        rows = _list(item, table.key, report, where)
        if rows is None:
            broken_children = True
            continue
        if len(rows) > MAX_CHILD_ROWS:
            report.add_error(
                where.error(table.key, _("có quá %(limit)d dòng") % {"limit": MAX_CHILD_ROWS})
            )
            broken_children = True
            continue
        children = []
        for position, child in enumerate(rows):
            child_where = JsonWhere(
                f"{path}.{table.key}[{position}]",
                position + 1,
                _("%(procedure)s, %(item)s thứ %(n)d")
                % {
                    "procedure": describe,
                    "item": _(table.label),
                    "n": position + 1,
                },
            )
            child_values = _flatten(child, [c.key for c in table.columns], child_where, report)
            if child_values is None:
                broken_children = True
            else:
                children.append(RawRecord(child_values, child_where))
        record.children[table.key] = children
    # A procedure with an unreadable child must not be written without it.
    return _broken(item, where) if broken_children else record


def _list(
    container: dict, key: str, report: ImportReport, where: JsonWhere | None = None
) -> list | None:
    """``container[key]`` as a list; None (error reported) if a procedure's child list is not one."""
    value = container.get(key, [])
    if value is None:
        value = []
    if isinstance(value, list):
        return value
    problem = _("phải là một danh sách […]")
    if where is not None:
        report.add_error(where.error(key, problem))
        return None
    report.file_error(
        _("Mục '%(key)s' của tệp JSON %(problem)s.") % {"key": key, "problem": problem}
    )
    return []


def _flatten(
    item: Any, keys: list[str], where: JsonWhere, report: ImportReport
) -> dict[str, Any] | None:
    """A JSON object as {flat key: value} for the given keys; unknown keys are errors."""
    if not isinstance(item, dict):
        report.add_error(where.error(None, _("phải là một đối tượng JSON {…}")))
        return None
    groups: dict[str, list[str]] = {}  # outer key -> its inner keys ([] for a plain key)
    for key in keys:
        outer, _dot, inner = key.partition(".")
        groups.setdefault(outer, [])
        if inner:
            groups[outer].append(inner)
    flat: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    unknown = _("trường này không thuộc định dạng danh mục")
    for name, value in item.items():
        inners = groups.get(name)
        if inners is None:
            problems.append((name, unknown))
        elif not inners:
            flat[name] = value
        elif value is None and name in NULLABLE_OBJECTS:
            flat.update({f"{name}.{inner}": None for inner in inners})
        elif not isinstance(value, dict):
            nullable = name in NULLABLE_OBJECTS
            problems.append(
                (
                    name,
                    _("phải là một đối tượng JSON {…} hoặc null")
                    if nullable
                    else _("phải là một đối tượng JSON {…}"),
                )
            )
        else:
            for inner, inner_value in value.items():
                if inner in inners:
                    flat[f"{name}.{inner}"] = inner_value
                else:
                    problems.append((f"{name}.{inner}", unknown))
    for key, problem in problems:
        report.add_error(where.error(key, problem))
    return None if problems else flat
