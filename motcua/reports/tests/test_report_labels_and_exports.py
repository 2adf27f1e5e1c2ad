"""What a reader of the dashboard and its files sees: figures labelled so they add up, bad
filters refused with a message, and a CSV that opens in Excel (review findings 6, 7, 8)."""

from __future__ import annotations

import csv
import io
import re
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers.models import Status
from motcua.dossiers.tests.conftest import local

from .conftest import history

pytestmark = pytest.mark.django_db
DASHBOARD = reverse("reports:dashboard")
EXPORTS = [reverse("reports:export_xlsx"), reverse("reports:export_pdf"), "/bao-cao/xuat/csv/"]
NOTE = (
    "Hồ sơ tiếp nhận trong kỳ = đã giải quyết + trả lại, rút + còn đang giải quyết (tính đến "
    "nay); số đang giải quyết tại ngày 31/12/2017 là tồn cuối kỳ"
)


@pytest.fixture
def cohort_and_stock(year_2017):
    """The 2017 fixture plus a dossier withdrawn in 2017 and one of 2016 still open: the
    cohort (7 received = 4 resolved + 1 withdrawn + 2 open) and the stock at 31/12/2017 (3,
    the 2016 one included) then differ, as in the review."""
    d = year_2017
    withdrawn = history(
        d.ward_procedure, d.ward_1_pc, local(2017, 4, 3, 9), due=local(2017, 4, 6, 17)
    )
    withdrawn.status = Status.WITHDRAWN
    withdrawn.save(update_fields=["status"])
    history(d.ward_procedure, d.ward_2_pc, local(2016, 11, 1, 9), due=local(2016, 11, 4, 17))
    return d


def _figures(page: str) -> dict[str, str]:
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>(?:<a [^>]*>)?([\d.,]+)", page))


def test_dashboard_labels_the_cohort_until_today_and_the_stock_at_period_end(
    client, cohort_and_stock, district_leader
):
    client.force_login(district_leader)
    page = client.get(DASHBOARD, {"ky": "2017"}).content.decode()
    figures = _figures(page)
    assert figures["Tiếp nhận trong kỳ"] == "7"
    assert figures["Đã giải quyết (tính đến nay)"] == "4"
    assert figures["Trả lại, rút (tính đến nay)"] == "1"
    assert figures["Còn đang giải quyết (tính đến nay)"] == "2"
    assert figures["Đang giải quyết tại ngày 31/12/2017 (tồn cuối kỳ)"] == "3"
    assert figures["Trong đó đã quá hạn tại ngày 31/12/2017"] == "2"  # June and 2016
    assert NOTE in page


def test_still_open_figure_lists_the_dossiers_it_counts(client, cohort_and_stock, district_leader):
    client.force_login(district_leader)
    page = client.get(reverse("reports:dossiers"), {"ky": "2017", "chi-so": "open_today"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hồ sơ tiếp nhận trong kỳ còn đang giải quyết (tính đến nay)" in text
    assert "(2 hồ sơ)" in text


def test_excel_and_pdf_carry_the_same_labels_and_note_as_the_page(
    client, cohort_and_stock, district_leader
):
    client.force_login(district_leader)
    book = load_workbook(io.BytesIO(client.get(EXPORTS[0], {"ky": "2017"}).content))
    cells = list(book["summary"].iter_rows(values_only=True))
    values = {row[0]: row[1] for row in cells if row[0] and len(row) > 1}
    received = values["Hồ sơ tiếp nhận trong kỳ"]
    resolved = values["Đã giải quyết (tính đến nay)"]
    returned = values["Trả lại, rút hồ sơ (tính đến nay)"]
    still_open = values["Còn đang giải quyết (tính đến nay)"]
    assert (received, resolved, returned, still_open) == (7, 4, 1, 2)
    assert received == resolved + returned + still_open
    assert values["Đang giải quyết tại ngày 31/12/2017 (tồn cuối kỳ)"] == 3
    assert any(row[0] and str(row[0]).startswith(NOTE) for row in cells)

    pdf = client.get(EXPORTS[1], {"ky": "2017"}).content
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "Còn đang giải quyết (tính đến nay)" in flat
    assert "Đang giải quyết tại ngày 31/12/2017 (tồn cuối kỳ)" in flat
    assert NOTE in flat


def test_unknown_procedure_code_is_reported_on_the_dashboard(client, year_2017, district_leader):
    client.force_login(district_leader)
    page = client.get(DASHBOARD, {"ky": "2017", "thu-tuc": "zzz"}).content.decode()
    assert "Không có thủ tục mã «zzz»." in page
    assert "Mã thủ tục: zzz" not in page  # the report is not presented as that procedure's


def test_known_procedure_code_still_filters_the_dashboard(client, year_2017, district_leader):
    client.force_login(district_leader)
    page = client.get(DASHBOARD, {"ky": "2017", "thu-tuc": "DD17-XD-01"}).content.decode()
    assert "Không có thủ tục mã" not in page
    assert _figures(page)["Tiếp nhận trong kỳ"] == "1"


@pytest.mark.parametrize("url", EXPORTS)
@pytest.mark.parametrize(
    "params, message",
    [
        ({"ky": "abc"}, "Kỳ báo cáo không hợp lệ"),
        ({"ky": "2017", "thu-tuc": "zzz"}, "Không có thủ tục mã «zzz»."),
    ],
)
def test_exports_refuse_invalid_filters_with_the_reason(
    client, year_2017, district_leader, url, params, message
):
    client.force_login(district_leader)
    response = client.get(url, params)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "attachment" not in response.get("Content-Disposition", "")


def test_dashboard_csv_opens_in_excel_with_vietnamese_name_headings_and_rounded_values(
    client, year_2017, district_leader
):
    client.force_login(district_leader)
    page = client.get(DASHBOARD, {"ky": "2017"}).content.decode()
    link = re.search(r'<a href="([^"]+)">Tải CSV</a>', page)[1].replace("&amp;", "&")
    assert "/api/" not in link
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-2017.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel on Windows
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    flat = {cell for row in rows for cell in row}
    assert "Chỉ số tổng hợp" in flat and "Hồ sơ theo tháng" in flat and "Hồ sơ theo đơn vị" in flat
    assert ["Chỉ số", "Giá trị"] in rows
    values = {row[0]: row[1] for row in rows if len(row) == 2}
    assert values["Hồ sơ tiếp nhận trong kỳ"] == "6"
    assert values["Tỷ lệ nộp trực tuyến (%)"] == "66.7"  # 4 of 6, not 66.66666666666667


@pytest.mark.parametrize(
    "ky, name", [("2017-q2", "bao-cao-2017-q2"), ("2017-03", "bao-cao-2017-03")]
)
def test_export_file_names_repeat_the_period_as_typed(client, year_2017, district_leader, ky, name):
    client.force_login(district_leader)
    for url, ext in zip(EXPORTS, ("xlsx", "pdf", "csv"), strict=True):
        disposition = client.get(url, {"ky": ky})["Content-Disposition"]
        assert disposition == f'attachment; filename="{name}.{ext}"'
