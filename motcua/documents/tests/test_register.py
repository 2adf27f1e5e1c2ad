"""The dossier register of a desk for a period, as a landscape PDF and as an Excel file."""

import datetime as dt

import pytest

from motcua.documents.render import render_register_pdf, render_register_xlsx
from motcua.dossiers.tests.conftest import TO_RECEIVED, TO_RETURNED, local

from .conftest import pdf_text, read_xlsx

MARCH_FROM, MARCH_TO = dt.date(2026, 3, 1), dt.date(2026, 3, 31)


@pytest.fixture
def march(make_dossier, walk, clock):
    clock.set(local(2026, 3, 10, 9, 0))
    first = walk(make_dossier(applicant_name="Nguyễn Thị Ánh"), *TO_RETURNED)
    clock.set(local(2026, 3, 31, 16, 0))
    second = walk(make_dossier(applicant_name="Trần Văn Đức"), *TO_RECEIVED)
    clock.set(local(2026, 4, 1, 8, 0))  # next month: not in March's register
    walk(make_dossier(applicant_name="Hoàng Thị Yến"), *TO_RECEIVED)
    return first, second


@pytest.mark.django_db
def test_excel_register_reads_back_with_the_period_on_top_and_one_row_per_dossier(march, agency):
    first, second = march
    sheet = read_xlsx(render_register_xlsx(agency, MARCH_FROM, MARCH_TO))
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "SỔ THEO DÕI HỒ SƠ"
    assert rows[1][:2] == ("Cơ quan", agency.name)
    assert rows[2][:2] == ("Từ ngày", "01/03/2026")
    assert rows[3][:2] == ("Đến ngày", "31/03/2026")
    header = rows[5]
    assert header[:4] == ("STT", "Mã hồ sơ", "Người nộp", "Thủ tục")
    assert sheet.cell(row=6, column=1).font.bold
    body = rows[6:]
    assert [row[1] for row in body] == [first.code, second.code]
    assert [row[2] for row in body] == ["Nguyễn Thị Ánh", "Trần Văn Đức"]


@pytest.mark.django_db
def test_excel_register_holds_local_times_not_utc(march, agency):
    sheet = read_xlsx(render_register_xlsx(agency, MARCH_FROM, MARCH_TO))
    received, returned = sheet.cell(row=7, column=5).value, sheet.cell(row=7, column=7).value
    assert received == dt.datetime(2026, 3, 10, 9, 0)
    assert returned == dt.datetime(2026, 3, 10, 9, 0)
    assert sheet.cell(row=8, column=5).value == dt.datetime(2026, 3, 31, 16, 0)
    assert sheet.cell(row=8, column=7).value is None


@pytest.mark.django_db
def test_register_of_another_agency_is_empty(march, other_agency):
    sheet = read_xlsx(render_register_xlsx(other_agency, MARCH_FROM, MARCH_TO))
    assert sheet.max_row == 6  # filters and header only


@pytest.mark.django_db
def test_register_pdf_lists_the_dossiers_of_the_period(march, agency):
    first, second = march
    text = " ".join(pdf_text(render_register_pdf(agency, MARCH_FROM, MARCH_TO)).split())
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Từ ngày 01/03/2026 đến ngày 31/03/2026" in text
    assert first.code in text and second.code in text
    assert "Hoàng Thị Yến" not in text
    assert "Đã trả kết quả" in text



def _page_size(content: bytes) -> tuple[float, float, bool]:
    """Width and height in points of the first page, and whether poppler calls it A4."""
    import subprocess

    info = subprocess.run(["pdfinfo", "-"], input=content, capture_output=True, check=True).stdout.decode()
    line = next(line for line in info.splitlines() if line.startswith("Page size:"))
    width, _, height = line.split()[2:5]
    return float(width), float(height), "(A4)" in line


@pytest.mark.django_db
def test_register_pdf_is_a4_landscape_while_slips_are_a4_portrait(march, agency):
    from motcua.documents.render import render_pdf

    width, height, a4 = _page_size(render_register_pdf(agency, MARCH_FROM, MARCH_TO))
    assert a4 and width > height
    width, height, a4 = _page_size(render_pdf("receipt", march[0]))
    assert a4 and width < height
