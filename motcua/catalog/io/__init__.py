"""Catalogue import and export: the "motcua-catalog" JSON format and its Excel twin.

    export_json(queryset=None) -> dict
    import_json(data_or_file, *, dry_run=False) -> ImportReport
    export_excel(queryset=None) -> bytes
    import_excel(file, *, dry_run=False) -> ImportReport
    import_catalog(file, *, dry_run=False) -> ImportReport   # JSON or xlsx, told by content

Imports check the whole file first and write nothing if anything is wrong; exporting, then
importing into an empty catalogue, then exporting again gives the same document.
"""

from __future__ import annotations

from typing import Any

from .excel_format import export_excel, import_excel
from .files import FileProblem, detect_format, read_bytes
from .json_format import dumps, export_json, import_json
from .report import ImportedRow, ImportReport, RowError

__all__ = [
    "ImportReport",
    "ImportedRow",
    "RowError",
    "dumps",
    "export_excel",
    "export_json",
    "import_catalog",
    "import_excel",
    "import_json",
]


def import_catalog(file: Any, *, dry_run: bool = False) -> ImportReport:
    """Import a JSON or xlsx catalogue, telling the format from the content, not the name."""
    try:
        data = read_bytes(file)
        kind = detect_format(data)
    except FileProblem as exc:
        return ImportReport(dry_run=dry_run).file_error(str(exc))
    if kind == "xlsx":
        return import_excel(data, dry_run=dry_run)
    return import_json(data, dry_run=dry_run)
