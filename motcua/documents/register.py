"""The dossier register (sổ theo dõi hồ sơ) of one desk for a period: rows, and its Excel file.

A dossier belongs to the period by its local receipt day; the Excel file has the filters written
on top, a bold header and naive local datetimes (openpyxl refuses aware ones).
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from motcua.dossiers.models import Dossier, Status

HEADERS = (
    gettext_lazy("STT"), gettext_lazy("Mã hồ sơ"), gettext_lazy("Người nộp"),
    gettext_lazy("Thủ tục"), gettext_lazy("Ngày tiếp nhận"), gettext_lazy("Hẹn trả kết quả"),
    gettext_lazy("Ngày trả kết quả"), gettext_lazy("Trạng thái"),
)


@dataclass(frozen=True)
class RegisterRow:
    number: int
    code: str
    applicant: str
    procedure: str
    received_at: dt.datetime | None
    due_at: dt.datetime | None
    returned_at: dt.datetime | None
    status: str


def period_bounds(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware local midnight of ``date_from`` and of the day after ``date_to`` (half-open)."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start, end


def register_dossiers(agency, date_from: dt.date, date_to: dt.date):
    start, end = period_bounds(date_from, date_to)
    return (
        Dossier.objects.filter(
            receiving_agency=agency, received_at__gte=start, received_at__lt=end
        )
        .select_related("procedure")
        .order_by("received_at", "id")
    )


def register_rows(agency, date_from: dt.date, date_to: dt.date) -> list[RegisterRow]:
    return [
        RegisterRow(
            number=number, code=dossier.code or "", applicant=dossier.applicant_name,
            procedure=dossier.procedure.name, received_at=dossier.received_at,
            due_at=dossier.due_at, returned_at=dossier.returned_at,
            status=str(Status(dossier.status).label),
        )
        for number, dossier in enumerate(register_dossiers(agency, date_from, date_to), start=1)
    ]


def _naive_local(moment: dt.datetime | None) -> dt.datetime | None:
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def register_xlsx(agency, date_from: dt.date, date_to: dt.date, *, title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "So theo doi"  # sheet names are safest in ASCII across spreadsheet programs
    bold = Font(bold=True)
    sheet.append([title])
    sheet["A1"].font = bold
    sheet.append([_("Cơ quan"), agency.name])
    sheet.append([_("Từ ngày"), date_from.strftime("%d/%m/%Y")])
    sheet.append([_("Đến ngày"), date_to.strftime("%d/%m/%Y")])
    sheet.append([])
    sheet.append([str(header) for header in HEADERS])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
    for row in register_rows(agency, date_from, date_to):
        sheet.append([
            row.number, row.code, row.applicant, row.procedure, _naive_local(row.received_at),
            _naive_local(row.due_at), _naive_local(row.returned_at), row.status,
        ])
        for cell in sheet[sheet.max_row][4:7]:
            cell.number_format = "dd/mm/yyyy hh:mm"
    for letter, width in zip("ABCDEFGH", (6, 28, 28, 48, 18, 18, 18, 22), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
