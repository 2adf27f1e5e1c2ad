"""A report as tables, and the tables as Excel, PDF and CSV.

``report_tables`` is the one description of what a report contains; the dashboard's export
buttons, the PDF and the API all read it, so the figures are the same everywhere.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .report import Report

# Cell formats: "int" whole numbers, "pct" a percentage already ×100, "dec" one decimal.
INT, PCT, DEC, TEXT = "int", "pct", "dec", "text"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list[tuple[str, str, str]]  # (key, heading, format)
    rows: list[dict]
    note: str = ""  # one line under the table, how to read it

    @property
    def grid(self) -> list[list[tuple]]:
        """Rows as ``[(value, format)]`` cells, for templates (which cannot index dicts)."""
        return [
            [
                (row.get(key), row.get("format", TEXT) if fmt == "mixed" else fmt)
                for key, _h, fmt in self.columns
            ]
            for row in self.rows
        ]


def _value(value):
    return None if value is None else value


# The cohort (received in the period, followed until today) and the stock (in hand on the
# period's last day, whenever received) answer different questions; without these words a
# reader adds them up and finds they do not balance.
def stock_label(period) -> str:
    return _("Đang giải quyết tại ngày {day} (tồn cuối kỳ)").format(day=f"{period.end:%d/%m/%Y}")


def stock_overdue_label(period) -> str:
    return _("Trong đó đã quá hạn tại ngày {day}").format(day=f"{period.end:%d/%m/%Y}")


def cohort_note(period) -> str:
    return _(
        "Hồ sơ tiếp nhận trong kỳ = đã giải quyết + trả lại, rút + còn đang giải quyết (tính đến "
        "nay); số đang giải quyết tại ngày {day} là tồn cuối kỳ, gồm cả hồ sơ tiếp nhận trước "
        "kỳ, nên không cộng vào các số trên."
    ).format(day=f"{period.end:%d/%m/%Y}")


def indicator_rows(report: Report) -> list[dict]:
    c, h = report.counts, report.handling
    late = report.late_apology or {}
    rows = [
        ("received", _("Hồ sơ tiếp nhận trong kỳ"), c.received, INT),
        ("online", _("Hồ sơ nộp trực tuyến"), c.online, INT),
        ("online_percent", _("Tỷ lệ nộp trực tuyến (%)"), c.online_percent, PCT),
        ("resolved", _("Đã giải quyết (tính đến nay)"), c.resolved, INT),
        ("early", _("Giải quyết trước hạn"), c.early, INT),
        ("on_time", _("Giải quyết đúng hạn"), c.on_time, INT),
        ("late", _("Giải quyết quá hạn"), c.late, INT),
        ("on_time_percent", _("Tỷ lệ trước hạn và đúng hạn (%)"), c.on_time_percent, PCT),
        ("late_with_apology", _("Quá hạn có văn bản xin lỗi"), late.get("with_apology"), INT),
        (
            "late_without_apology",
            _("Quá hạn không có văn bản xin lỗi"),
            late.get("without_apology"),
            INT,
        ),
        ("returned", _("Trả lại, rút hồ sơ (tính đến nay)"), c.returned, INT),
        ("open_today", _("Còn đang giải quyết (tính đến nay)"), c.open_today, INT),
        ("waiting", stock_label(report.period), c.waiting, INT),
        ("waiting_overdue", stock_overdue_label(report.period), c.waiting_overdue, INT),
        (
            "paid_online_percent",
            _("Tỷ lệ thanh toán trực tuyến (%)"),
            report.paid_online_percent,
            PCT,
        ),
        ("electronic_results", _("Hồ sơ có kết quả điện tử"), report.electronic_results, INT),
        ("digitised", _("Hồ sơ được số hóa"), report.digitised, INT),
        ("digitised_percent", _("Tỷ lệ số hóa hồ sơ (%)"), report.digitised_percent, PCT),
        ("handling_mean", _("Thời gian giải quyết trung bình (ngày làm việc)"), h.mean, DEC),
        ("handling_p50", _("Thời gian giải quyết, trung vị (ngày làm việc)"), h.p50, DEC),
        ("handling_p90", _("Thời gian giải quyết, 90% hồ sơ trong (ngày làm việc)"), h.p90, DEC),
        ("satisfaction_percent", _("Mức độ hài lòng (%)"), report.satisfaction_percent, PCT),
        (
            "feedback_on_time_percent",
            _("Phản ánh, kiến nghị được trả lời đúng hạn (%)"),
            report.feedback_on_time_percent,
            PCT,
        ),
    ]
    return [{"key": k, "indicator": str(label), "value": v, "format": f} for k, label, v, f in rows]


def report_tables(report: Report) -> list[Table]:
    indicators = indicator_rows(report)
    return [
        Table(
            "summary",
            _("Chỉ số tổng hợp"),
            [("indicator", _("Chỉ số"), TEXT), ("value", _("Giá trị"), "mixed")],
            indicators,
            cohort_note(report.period),
        ),
        Table(
            "index",
            _("Chỉ số phục vụ người dân, doanh nghiệp (Quyết định 766/QĐ-TTg)"),
            [
                ("label", _("Nhóm tiêu chí"), TEXT),
                ("weight", _("Điểm tối đa"), INT),
                ("score", _("Điểm đạt"), DEC),
            ],
            [
                {"key": c.key, "label": c.label, "weight": c.weight, "score": c.score}
                for c in report.index
            ],
        ),
        Table(
            "offer",
            _("Thủ tục cung cấp trực tuyến theo cấp"),
            [
                ("label", _("Cấp"), TEXT),
                ("total", _("Số thủ tục"), INT),
                ("level3", _("Mức độ 3"), INT),
                ("level4", _("Mức độ 4"), INT),
                ("partial", _("Một phần"), INT),
                ("full", _("Toàn trình"), INT),
            ],
            report.offer,
        ),
        Table(
            "months",
            _("Hồ sơ theo tháng"),
            [
                ("label", _("Tháng"), TEXT),
                ("received", _("Tiếp nhận"), INT),
                ("online", _("Trực tuyến"), INT),
                ("resolved", _("Đã giải quyết (tính đến nay)"), INT),
                ("late", _("Giải quyết quá hạn"), INT),
            ],
            [
                {**m, "label": f"{m['month']:%m/%Y}", "month": m["month"].isoformat()}
                for m in report.months
            ],
        ),
        Table(
            "units",
            _("Hồ sơ theo đơn vị"),
            [
                ("unit", _("Đơn vị"), TEXT),
                ("received", _("Tiếp nhận"), INT),
                ("online", _("Trực tuyến"), INT),
                ("resolved", _("Đã giải quyết (tính đến nay)"), INT),
                ("late", _("Giải quyết quá hạn"), INT),
                ("on_time_percent", _("Đúng hạn (%)"), PCT),
                ("overdue", _("Đang quá hạn hôm nay"), INT),
            ],
            report.units,
        ),
    ]


def filter_lines(report: Report, labels: dict) -> list[str]:
    """The filters in words, written on top of every export."""
    lines = [_("Kỳ báo cáo: {period}").format(period=report.period.label)]
    lines += [f"{name}: {value}" for name, value in labels.items() if value]
    lines.append(
        _("Lập lúc: {moment}").format(moment=timezone.localtime().strftime("%H:%M %d/%m/%Y"))
    )
    return lines


def to_xlsx(report: Report, title: str, labels: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    formats = {INT: "#,##0", PCT: '0.0"%"', DEC: "0.0"}
    book = Workbook()
    book.remove(book.active)
    for table in report_tables(report):
        sheet = book.create_sheet(table.key)
        sheet["A1"] = title
        sheet["A1"].font = Font(bold=True, size=13)
        sheet["A2"] = table.title
        sheet["A2"].font = Font(bold=True)
        row = 3
        for line in filter_lines(report, labels):
            sheet.cell(row=row, column=1, value=line).font = Font(italic=True)
            row += 1
        row += 1
        for col, (_key, heading, _fmt) in enumerate(table.columns, start=1):
            cell = sheet.cell(row=row, column=col, value=str(heading))
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        header_row = row
        for data in table.rows:
            row += 1
            for col, (key, _heading, fmt) in enumerate(table.columns, start=1):
                value = data.get(key)
                cell = sheet.cell(row=row, column=col, value="—" if value is None else value)
                fmt = data.get("format", fmt) if fmt == "mixed" else fmt
                if value is not None and fmt in formats:
                    cell.number_format = formats[fmt]
        if table.note:
            sheet.cell(row=row + 2, column=1, value=table.note).font = Font(italic=True)
        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        for col, (key, heading, _fmt) in enumerate(table.columns, start=1):
            longest = max([len(str(heading))] + [len(str(r.get(key) or "")) for r in table.rows])
            sheet.column_dimensions[get_column_letter(col)].width = min(max(12, longest + 2), 60)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(report: Report, title: str, labels: dict, *, agency_name: str = "") -> bytes:
    from motcua.documents.render import html_to_pdf

    html = render_to_string(
        "reports/pdf.html",
        {
            "title": title,
            "agency_name": agency_name,
            "tables": report_tables(report),
            "lines": filter_lines(report, labels),
            "report": report,
        },
    )
    return html_to_pdf(html)


def table_csv(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    keys = [key for key, _h, _f in table.columns]
    writer.writerow(keys if table.key != "summary" else ["key", "indicator", "value"])
    for row in table.rows:
        if table.key == "summary":
            writer.writerow(
                [row["key"], row["indicator"], "" if row["value"] is None else row["value"]]
            )
        else:
            writer.writerow(["" if row.get(k) is None else row.get(k) for k in keys])
    return out.getvalue()


def _rounded(value, fmt):
    """A cell as Excel should show it: whole numbers as they are, shares and days to 0.1."""
    if value is None:
        return ""
    if fmt in (PCT, DEC) and isinstance(value, (int, float)):
        return f"{value:.1f}"
    return value


def to_csv(report: Report, title: str, labels: dict) -> bytes:
    """Every table of the report in one CSV, for people: Vietnamese headings, rounded values,
    and a UTF-8 BOM, without which Excel on Windows reads the file as ANSI and garbles the
    Vietnamese."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([title])
    for line in filter_lines(report, labels):
        writer.writerow([line])
    for table in report_tables(report):
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow([str(heading) for _key, heading, _fmt in table.columns])
        for row in table.grid:
            writer.writerow([_rounded(value, fmt) for value, fmt in row])
        if table.note:
            writer.writerow([table.note])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
