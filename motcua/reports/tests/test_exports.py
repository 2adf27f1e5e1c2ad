"""Exports: Excel read back with openpyxl, PDF text with pdftotext, CSV/JSON through the API."""

from __future__ import annotations

import csv
import io
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from motcua.dossiers.tests.conftest import make_user

pytestmark = pytest.mark.django_db
API = "/api/v1/reports/{table}/"


def test_excel_has_a_sheet_per_table_with_filters_on_top_and_the_figures(
    client, year_2017, district_leader
):
    client.force_login(district_leader)
    response = client.get(reverse("reports:export_xlsx"), {"ky": "2017", "kenh": "online"})
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["summary", "index", "offer", "months", "units"]
    sheet = book["summary"]
    top = [sheet.cell(row=r, column=1).value for r in range(1, 7)]
    assert "Kỳ báo cáo: 2017" in top and "Hình thức nộp: Trực tuyến" in top
    values = {
        row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row[0] and len(row) > 1
    }
    assert values["Hồ sơ tiếp nhận trong kỳ"] == 4  # the online dossiers only
    assert values["Giải quyết quá hạn"] == 1
    header = next(r for r in range(1, 12) if sheet.cell(row=r, column=1).value == "Chỉ số")
    assert sheet.cell(row=header, column=1).font.bold
    assert sheet.column_dimensions["A"].width > 20
    received_cell = next(c for c in sheet["B"] if c.value == 4)
    assert received_cell.number_format == "#,##0"
    months = book["months"]
    march = [r for r in months.iter_rows(values_only=True) if r[0] == "03/2017"][0]
    assert march[1:] == (2, 2, 2, 1)


def test_pdf_is_a4_with_the_national_heading_and_figures(client, year_2017, district_leader):
    client.force_login(district_leader)
    response = client.get(reverse("reports:export_pdf"), {"ky": "2017"})
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Kỳ báo cáo: 2017" in text
    assert "Ủy ban nhân dân quận Thử".upper() in text
    assert "Hồ sơ tiếp nhận" in text
    info = subprocess.run(
        ["pdfinfo", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert "595.276 x 841.89" in info or "595.28 x 841.89" in info  # A4 in points


def test_api_gives_json_and_csv_of_a_table(client, year_2017, district_leader):
    client.force_login(district_leader)
    data = client.get(API.format(table="summary"), {"ky": "2017"}).json()
    figures = {row["key"]: row["value"] for row in data["rows"]}
    assert figures["received"] == 6 and figures["late"] == 1
    assert data["period"] == {"start": "2017-01-01", "end": "2017-12-31", "label": "2017"}
    response = client.get(API.format(table="units"), {"ky": "2017", "format": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["unit"]: int(r["received"]) for r in rows} == {
        "Phường Một": 3,
        "Phường Hai": 2,
        "Quận Thử": 1,
    }


def test_api_scopes_to_the_ward_of_a_ward_leader(client, year_2017, ward_leader):
    client.force_login(ward_leader)
    data = client.get(API.format(table="units"), {"ky": "2017"}).json()
    assert [r["unit"] for r in data["rows"]] == ["Phường Một"]


def test_api_refuses_anonymous_and_citizens(client, year_2017):
    assert client.get(API.format(table="summary")).status_code in (401, 403)
    client.force_login(make_user("congdan"))
    response = client.get(API.format(table="summary"))
    assert response.status_code == 403
    assert "cán bộ" in response.json()["detail"]


def test_api_bad_parameters_are_a_400_with_the_reason(client, district_leader):
    client.force_login(district_leader)
    response = client.get(API.format(table="summary"), {"ky": "2017-13"})
    assert response.status_code == 400
    assert "ky" in response.json()["errors"]
    assert client.get(API.format(table="nothing")).status_code == 404
