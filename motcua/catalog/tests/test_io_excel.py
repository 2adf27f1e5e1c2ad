"""Excel import and export of the catalogue: exact round trips, layout, and bad workbooks."""

from __future__ import annotations

import datetime as dt
import io
import tracemalloc
import zipfile

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from motcua.catalog.io import export_excel, export_json, import_catalog, import_excel, import_json
from motcua.catalog.io.json_format import dumps
from motcua.catalog.models import Field, Procedure

from .io_samples import create_reference_data, sample_document

pytestmark = pytest.mark.django_db

SHEETS = [
    "Lĩnh vực",
    "Thủ tục",
    "Trình tự",
    "Thành phần hồ sơ",
    "Phí lệ phí",
    "Căn cứ pháp lý",
    "Quy trình nội bộ",
]


@pytest.fixture
def units():
    return create_reference_data()


@pytest.fixture
def workbook_bytes(units) -> bytes:
    import_json(sample_document())
    data = export_excel()
    empty_catalogue()
    return data


def empty_catalogue():
    Procedure.objects.update(replaces=None)
    Procedure.objects.all().delete()
    Field.objects.all().delete()


def catalogue_is_empty() -> bool:
    return not Procedure.objects.exists() and not Field.objects.exists()


def edited(data: bytes, change) -> bytes:
    """The workbook after ``change(workbook)``, saved again as xlsx bytes."""
    workbook = load_workbook(io.BytesIO(data))
    change(workbook)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def column_of(sheet, title: str) -> int:
    return next(cell.column for cell in sheet[1] if cell.value == title)


def set_cell(sheet_name: str, row: int, title: str, value):
    def change(workbook):
        sheet = workbook[sheet_name]
        sheet.cell(row=row, column=column_of(sheet, title), value=value)

    return change


def messages(report) -> list[str]:
    return [error.message for error in report.errors]


def sheet_values(data: bytes) -> dict[str, list[tuple]]:
    workbook = load_workbook(io.BytesIO(data))
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in workbook}


# --- round trips ---------------------------------------------------------------------------------


def test_json_to_excel_to_json_gives_the_same_document(workbook_bytes):
    report = import_excel(workbook_bytes)

    assert report.ok, messages(report)
    assert dumps(export_json()) == dumps(sample_document())


def test_excel_export_import_export_gives_the_same_cells(workbook_bytes):
    import_excel(workbook_bytes)
    again = export_excel()

    assert sheet_values(again) == sheet_values(workbook_bytes)


def test_excel_import_into_a_filled_catalogue_updates_in_place(workbook_bytes):
    import_json(sample_document())
    ids = set(Procedure.objects.values_list("pk", flat=True))

    report = import_excel(workbook_bytes)

    assert report.ok and report.created == [] and len(report.updated) == 6
    assert set(Procedure.objects.values_list("pk", flat=True)) == ids


# --- layout ---------------------------------------------------------------------------------------


def test_workbook_has_one_sheet_per_table_with_bold_frozen_headers(workbook_bytes):
    workbook = load_workbook(io.BytesIO(workbook_bytes))

    assert workbook.sheetnames == [*SHEETS, "Hướng dẫn"]
    procedures = workbook["Thủ tục"]
    assert [c.value for c in procedures[1]][:5] == [
        "Mã thủ tục",
        "Phiên bản",
        "Tên thủ tục",
        "Mã lĩnh vực",
        "Cấp thực hiện",
    ]
    assert all(cell.font.b for cell in procedures[1])
    assert procedures.freeze_panes == "A2"
    assert procedures.column_dimensions["C"].width == 50
    assert [c.value for c in workbook["Thành phần hồ sơ"][1]][:4] == [
        "Mã thủ tục",
        "Mã địa phương công bố",
        "Phiên bản",
        "Thứ tự",
    ]


def test_cells_have_excel_types_and_formula_like_text_stays_text(workbook_bytes):
    procedures = load_workbook(io.BytesIO(workbook_bytes))["Thủ tục"]
    row = {
        procedures.cell(1, c).value: procedures.cell(3, c)
        for c in range(1, procedures.max_column + 1)
    }

    assert row["Ngày công bố"].value == dt.datetime(2025, 7, 1)
    assert row["Thời hạn giải quyết"].value == 1.5
    assert row["Nộp qua bưu chính"].value is False
    assert row["Mã địa phương công bố"].value == "01"
    assert row["Mã cơ quan tiếp nhận, giải quyết"].value == "000.31.35.H26\n000.31.35.H26.01"
    assert row["Yêu cầu, điều kiện"].data_type == "s"
    assert row["Yêu cầu, điều kiện"].value.startswith("=Không có yêu cầu riêng")


# --- friendly input ----------------------------------------------------------------------------


def test_labels_words_and_vietnamese_number_formats_are_understood(workbook_bytes):
    data = workbook_bytes
    for title, value in (
        ("Cấp thực hiện", "Cấp huyện"),
        ("Nộp trực tuyến", "có"),
        ("Thời hạn giải quyết", "2,5"),
        ("Ngày công bố", "20/03/2019"),
    ):
        data = edited(data, set_cell("Thủ tục", 4, title, value))

    assert import_excel(data).ok
    chung_thuc = Procedure.objects.get(code="2.000908")
    assert chung_thuc.level == "district" and chung_thuc.channel_online is True
    assert str(chung_thuc.time_limit_value) == "2.5" and chung_thuc.published_on == dt.date(
        2019, 3, 20
    )


def test_columns_are_found_by_title_in_any_order_and_without_diacritics(workbook_bytes):
    def shuffle(workbook):
        sheet = workbook["Lĩnh vực"]
        sheet["A1"], sheet["B1"] = "ten linh vuc", "MA LINH VUC"
        for row in sheet.iter_rows(min_row=2):
            row[0].value, row[1].value = row[1].value, row[0].value

    assert import_excel(edited(workbook_bytes, shuffle)).ok
    assert Field.objects.get(code="ho-tich").name == "Hộ tịch"


# --- bad workbooks: a Vietnamese message, nothing written ---------------------------------------


def test_invalid_level_names_sheet_row_and_column(workbook_bytes):
    report = import_excel(edited(workbook_bytes, set_cell("Thủ tục", 3, "Cấp thực hiện", "huyen")))

    error = report.errors[0]
    assert (error.sheet, error.row, error.column) == ("Thủ tục", 3, "Cấp thực hiện")
    assert error.message == (
        "Trang 'Thủ tục', dòng 3, cột 'Cấp thực hiện': giá trị 'huyen' không hợp lệ; chọn một trong: "
        "central (Cấp trung ương), province (Cấp tỉnh), district (Cấp huyện), commune (Cấp xã)"
    )
    assert catalogue_is_empty()


def test_wrong_types_in_child_sheets_are_reported_per_cell(workbook_bytes):
    data = edited(workbook_bytes, set_cell("Thành phần hồ sơ", 3, "Số bản sao", "hai"))
    data = edited(data, set_cell("Căn cứ pháp lý", 2, "Ngày ban hành", "hôm qua"))

    assert messages(import_excel(data)) == [
        "Trang 'Thành phần hồ sơ', dòng 3, cột 'Số bản sao': giá trị 'hai' không hợp lệ; cần một số "
        "nguyên từ 0 đến 32767",
        "Trang 'Căn cứ pháp lý', dòng 2, cột 'Ngày ban hành': ngày 'hôm qua' không hợp lệ; viết theo "
        "dạng năm-tháng-ngày (2017-03-20) hoặc ngày/tháng/năm (20/03/2017)",
    ]
    assert catalogue_is_empty()


def test_unknown_field_and_agency_codes_are_reported(workbook_bytes):
    data = edited(workbook_bytes, set_cell("Thủ tục", 4, "Mã lĩnh vực", "dat-dai"))
    data = edited(data, set_cell("Thủ tục", 2, "Mã cơ quan tiếp nhận, giải quyết", "000.99.99.H99"))

    assert messages(import_excel(data)) == [
        "Trang 'Thủ tục', dòng 4, cột 'Mã lĩnh vực': không có lĩnh vực mã 'dat-dai' trong tệp hay trong cơ sở dữ liệu",
        "Trang 'Thủ tục', dòng 2, cột 'Mã cơ quan tiếp nhận, giải quyết': không có cơ quan nào mang mã '000.99.99.H99'",
    ]
    assert catalogue_is_empty()


def test_duplicate_procedure_rows_and_child_orders_are_reported(workbook_bytes):
    def duplicate(workbook):
        procedures = workbook["Thủ tục"]
        procedures.append([cell.value for cell in procedures[4]])
        steps = workbook["Quy trình nội bộ"]
        steps.cell(row=3, column=column_of(steps, "Thứ tự"), value=1)

    report = import_excel(edited(workbook_bytes, duplicate))

    assert messages(report) == [
        "Trang 'Quy trình nội bộ', dòng 3, cột 'Thứ tự': thứ tự 1 đã dùng ở dòng 2 cho cùng thủ tục",
        "Trang 'Thủ tục', dòng 5, cột 'Phiên bản': thủ tục mã '2.000908', phiên bản 1 của cùng địa "
        "phương xuất hiện nhiều lần trong tệp",
    ]
    assert catalogue_is_empty()


def test_a_child_row_of_a_missing_procedure_is_reported(workbook_bytes):
    report = import_excel(edited(workbook_bytes, set_cell("Phí lệ phí", 2, "Phiên bản", 9)))

    assert messages(report) == [
        "Trang 'Phí lệ phí', dòng 2, cột 'Mã thủ tục': không có thủ tục mã '1.001193', phiên bản 9 "
        "của địa phương mã 01 trong trang 'Thủ tục'",
    ]


def test_a_ten_thousand_character_cell_is_refused(workbook_bytes):
    report = import_excel(edited(workbook_bytes, set_cell("Trình tự", 2, "Nội dung", "ư" * 10_000)))

    assert messages(report) == [
        "Trang 'Trình tự', dòng 2, cột 'Nội dung': dài 10000 ký tự, vượt quá giới hạn 8000 ký tự",
    ]
    assert catalogue_is_empty()


def test_a_missing_sheet_is_named(workbook_bytes):
    report = import_excel(edited(workbook_bytes, lambda wb: wb.remove(wb["Phí lệ phí"])))

    assert messages(report) == [
        "Thiếu trang tính 'Phí lệ phí'. Tệp cần đủ các trang: " + ", ".join(SHEETS) + ".",
    ]


def test_unknown_and_missing_columns_are_reported(workbook_bytes):
    def rename(workbook):
        workbook["Thủ tục"].cell(row=1, column=3, value="Tên gọi")

    assert messages(import_excel(edited(workbook_bytes, rename))) == [
        "Trang 'Thủ tục', dòng 1: cột 'Tên gọi' không thuộc định dạng danh mục; hãy xóa hoặc đổi tên "
        "cột (xem trang Hướng dẫn)",
        "Trang 'Thủ tục', dòng 1: thiếu cột bắt buộc 'Tên thủ tục'",
    ]


def test_more_than_twenty_thousand_rows_are_refused(workbook_bytes):
    def grow(workbook):
        sheet = workbook["Lĩnh vực"]
        for number in range(20_001):
            sheet.append([f"lv-{number}", "Lĩnh vực"])

    report = import_excel(edited(workbook_bytes, grow))

    assert messages(report) == [
        "Trang 'Lĩnh vực' có hơn 20000 dòng; hãy chia danh mục thành nhiều tệp."
    ]
    assert catalogue_is_empty()


def test_zip_bomb_is_refused_before_it_is_inflated(units):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (60 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000

    report = import_excel(buffer.getvalue())

    assert messages(report) == [
        "Tệp Excel khi giải nén lớn hơn 50 MB; hãy chia danh mục thành nhiều tệp nhỏ hơn."
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "Tệp rỗng, không có dữ liệu nào để nhập."),
        (
            b"MZ\x90\x00" + bytes(300),
            "Tệp này là một chương trình máy tính, không phải tệp danh mục JSON hay Excel (.xlsx).",
        ),
        (b"PK\x03\x04" + bytes(300), "Tệp bị hỏng hoặc không phải là tệp Excel (.xlsx) hợp lệ."),
        (
            b'{"format": "motcua-catalog"}',
            "Tệp này là JSON, không phải Excel (.xlsx); hãy chọn nhập tệp JSON.",
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(300),
            "Đây là tệp Excel 97-2003 (.xls) hoặc tệp có mật khẩu; "
            "hãy mở bằng Excel và lưu lại dưới dạng Sổ làm việc Excel (.xlsx), không đặt mật khẩu.",
        ),
        (
            b"%PDF-1.7\n",
            "Không nhận ra định dạng tệp; chỉ nhận tệp JSON hoặc Excel (.xlsx) do motcua xuất ra.",
        ),
    ],
)
def test_files_that_are_not_xlsx_get_a_vietnamese_message(units, content, message):
    assert messages(import_excel(content)) == [message]


def test_a_zip_that_is_not_a_workbook_is_refused(units):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")

    assert messages(import_excel(buffer.getvalue())) == [
        "Tệp nén này không phải là tệp Excel (.xlsx)."
    ]


def test_a_workbook_with_broken_xml_inside_is_refused(units):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types")
        archive.writestr("xl/workbook.xml", "<workbook")

    assert messages(import_excel(buffer.getvalue())) == [
        "Tệp bị hỏng hoặc không phải là tệp Excel (.xlsx) hợp lệ."
    ]


def test_import_catalog_tells_xlsx_from_json_by_content(workbook_bytes):
    report = import_catalog(io.BytesIO(workbook_bytes))

    assert report.ok and Procedure.objects.count() == 3


# --- commands ----------------------------------------------------------------------------------


def test_commands_round_trip_an_xlsx_file(workbook_bytes, tmp_path):
    source = tmp_path / "danh-muc.xlsx"
    source.write_bytes(workbook_bytes)
    target = tmp_path / "xuat.xlsx"

    call_command("import_catalog", str(source), stdout=io.StringIO())
    call_command("export_catalog", "--format", "xlsx", "-o", str(target), stdout=io.StringIO())

    assert sheet_values(target.read_bytes()) == sheet_values(workbook_bytes)


def test_import_command_exits_with_code_2_on_a_bad_workbook(workbook_bytes, tmp_path):
    source = tmp_path / "loi.xlsx"
    source.write_bytes(edited(workbook_bytes, set_cell("Thủ tục", 2, "Cấp thực hiện", "huyen")))
    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_catalog", str(source), stdout=io.StringIO(), stderr=err)

    assert failure.value.returncode == 2
    assert "Trang 'Thủ tục', dòng 2, cột 'Cấp thực hiện'" in err.getvalue()
    assert catalogue_is_empty()


def test_export_command_needs_a_file_name_for_xlsx(units):
    with pytest.raises(CommandError, match="hãy ghi tên tệp đích bằng -o"):
        call_command("export_catalog", "--format", "xlsx", stdout=io.StringIO())


def test_a_zip_that_lies_about_its_sizes_is_refused_without_inflating_it(units):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "xl/workbook.xml", b"<workbook>" + b" " * (60 * 1024 * 1024) + b"</workbook>"
        )
    data = bytearray(buffer.getvalue())
    # Declare 1,000 bytes for the 60 MB member, in its local header and in the central directory.
    local = data.find(b"xl/workbook.xml") - 30
    data[local + 22 : local + 26] = (1000).to_bytes(4, "little")
    central = data.rfind(b"PK\x01\x02")
    data[central + 24 : central + 28] = (1000).to_bytes(4, "little")

    tracemalloc.start()
    try:
        report = import_excel(bytes(data))
        _size, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert messages(report) == ["Tệp bị hỏng hoặc không phải là tệp Excel (.xlsx) hợp lệ."]
    assert peak < 20 * 1024 * 1024
