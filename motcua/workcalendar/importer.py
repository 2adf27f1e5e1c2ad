"""Import calendar entries from a CSV or JSON file: every row valid, or nothing is written.

CSV: a header row with the columns ``day,kind,name`` and optionally ``legal_basis,source,origin``
(comma or semicolon separated, UTF-8). JSON: a list of objects with the same keys, or
``{"entries": [...]}`` (the format of ``data/announcements_2018_2026.json``). ``day`` is
``YYYY-MM-DD`` or ``DD/MM/YYYY``; ``kind`` is a code (``holiday``…) or its Vietnamese name.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils.translation import gettext as _

from motcua.core.text import fold

from .models import CalendarEntry, EntryKind, Origin, entry_kind_error

MAX_ROWS = 2000
MAX_BYTES = 2 * 1024 * 1024
# The statute's rules are known from 1995; a year beyond 2200 is a typo.
YEARS = range(1995, 2201)

_KIND_ALIASES = {
    **{fold(kind.value): kind for kind in EntryKind},
    **{fold(str(kind.label)): kind for kind in EntryKind},
    "nghi le": EntryKind.HOLIDAY,
    "ngay le": EntryKind.HOLIDAY,
    "nghi tet": EntryKind.HOLIDAY,
    "nghi bu": EntryKind.DAY_OFF_IN_LIEU,
    "hoan doi": EntryKind.SWAP_DAY_OFF,
    "nghi hoan doi": EntryKind.SWAP_DAY_OFF,
    "lam bu": EntryKind.MAKEUP_WORKING_DAY,
    "ngay lam bu": EntryKind.MAKEUP_WORKING_DAY,
}
_ORIGIN_ALIASES = {
    **{fold(origin.value): origin for origin in Origin},
    **{fold(str(origin.label)): origin for origin in Origin},
}


class ImportFailed(Exception):
    """The file was refused; ``errors`` are Vietnamese sentences, one per problem."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass(frozen=True)
class ImportRow:
    day: date
    kind: str
    name: str
    legal_basis: str
    source: str
    origin: str


def _parse_day(value: str) -> date | None:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def _records(content: bytes, filename: str) -> list[tuple[str, dict]]:
    """(label of the row, its fields) for each row of the file."""
    if len(content) > MAX_BYTES:
        raise ImportFailed([_("Tệp quá lớn: tối đa 2 MB.")])
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(
            [_("Tệp không phải văn bản UTF-8; hãy lưu lại với bảng mã UTF-8.")]
        ) from None
    name = filename.lower()
    if name.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ImportFailed(
                [
                    _("Tệp JSON không đọc được (dòng {line}, cột {column}).").format(
                        line=error.lineno, column=error.colno
                    )
                ]
            ) from None
        if isinstance(data, dict):
            data = data.get("entries")
        if not isinstance(data, list):
            raise ImportFailed(
                [_("Tệp JSON phải là một danh sách các ngày, hoặc có khóa «entries».")]
            )
        return [(_("Mục {n}").format(n=n), row) for n, row in enumerate(data, start=1)]
    if name.endswith(".csv"):
        first_line = text.split("\n", 1)[0]
        # Excel in Vietnamese locales saves CSV with semicolons.
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
        missing = {"day", "kind", "name"} - {
            (column or "").strip() for column in reader.fieldnames or []
        }
        if missing:
            raise ImportFailed(
                [
                    _("Dòng tiêu đề thiếu cột: {columns}. Cần có day, kind, name.").format(
                        columns=", ".join(sorted(missing))
                    )
                ]
            )
        return [
            (
                _("Dòng {n}").format(n=reader.line_num),
                {(k or "").strip(): v for k, v in row.items()},
            )
            for row in reader
        ]
    raise ImportFailed([_("Chỉ nhận tệp .csv hoặc .json.")])


def _row(label: str, record: object, errors: list[str]) -> ImportRow | None:
    if not isinstance(record, dict):
        errors.append(_("{row}: phải là một đối tượng có day, kind, name.").format(row=label))
        return None

    def text(key: str) -> str:
        value = record.get(key)
        return "" if value is None else str(value).strip()

    problems = []
    day = _parse_day(text("day"))
    if day is None:
        problems.append(
            _("ngày «{value}» không hợp lệ (viết YYYY-MM-DD hoặc DD/MM/YYYY)").format(
                value=text("day")
            )
        )
    elif day.year not in YEARS:
        problems.append(_("năm {year} nằm ngoài khoảng 1995–2200").format(year=day.year))
    kind = _KIND_ALIASES.get(fold(text("kind")))
    if kind is None:
        problems.append(
            _(
                "loại ngày «{value}» không hợp lệ (holiday, day_off_in_lieu, swap_day_off, makeup_working_day)"
            ).format(value=text("kind"))
        )
    name = text("name")
    if not name:
        problems.append(_("thiếu tên ngày"))
    elif len(name) > 200:
        problems.append(_("tên dài quá 200 ký tự"))
    origin = _ORIGIN_ALIASES.get(fold(text("origin") or Origin.ANNOUNCEMENT))
    if origin is None:
        problems.append(
            _("nguồn gốc «{value}» không hợp lệ (statute, announcement, manual)").format(
                value=text("origin")
            )
        )
    if len(text("legal_basis")) > 300 or len(text("source")) > 500:
        problems.append(_("căn cứ (tối đa 300 ký tự) hoặc nguồn (tối đa 500 ký tự) quá dài"))
    if day is not None and kind is not None:
        mismatch = entry_kind_error(day, kind)
        if mismatch:
            problems.append(mismatch[:1].lower() + mismatch[1:].rstrip("."))
    if problems:
        errors.append(f"{label}: " + "; ".join(problems) + ".")
        return None
    return ImportRow(day, kind, name, text("legal_basis"), text("source"), origin)


def read_entries(content: bytes, filename: str) -> list[ImportRow]:
    """Parse and check the whole file; ImportFailed lists every bad row."""
    records = _records(content, filename)
    if not records:
        raise ImportFailed([_("Tệp không có ngày nào để nhập.")])
    if len(records) > MAX_ROWS:
        raise ImportFailed(
            [_("Tệp có quá nhiều dòng: tối đa {max} ngày mỗi lần nhập.").format(max=MAX_ROWS)]
        )
    errors: list[str] = []
    rows: list[ImportRow] = []
    seen: dict[date, str] = {}
    for label, record in records:
        row = _row(label, record, errors)
        if row is None:
            continue
        if row.day in seen:
            errors.append(
                _("{row}: ngày {day} đã có ở {other}.").format(
                    row=label, day=f"{row.day:%d/%m/%Y}", other=seen[row.day]
                )
            )
            continue
        seen[row.day] = label
        rows.append(row)
    if errors:
        raise ImportFailed(errors)
    return rows


def import_entries(rows: list[ImportRow], *, by=None, source_name: str = "") -> int:
    """Write the rows in one transaction, with one revision; returns how many were written."""
    from .services import ensure_statutory_year, record_change

    with transaction.atomic():
        # A year first appears with its statutory days; the imported rows then override them.
        for year in sorted({row.day.year for row in rows}):
            ensure_statutory_year(year, by=by)
        for row in rows:
            entry = CalendarEntry.objects.filter(day=row.day).first() or CalendarEntry(
                day=row.day, created_by=by
            )
            entry.kind, entry.name, entry.origin = row.kind, row.name, row.origin
            entry.legal_basis, entry.source, entry.updated_by = row.legal_basis, row.source, by
            entry.save()
        record_change(
            _("Nhập {count} ngày từ tệp {name}").format(count=len(rows), name=source_name or "?"),
            by=by,
        )
    return len(rows)
