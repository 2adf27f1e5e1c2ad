"""JSON import and export of the catalogue: exact round trips, versions, and bad files."""

from __future__ import annotations

import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from motcua.catalog.io import export_json, import_catalog, import_json
from motcua.catalog.io.json_format import dumps
from motcua.catalog.models import Field, Procedure

from .io_samples import create_reference_data, sample_document

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return create_reference_data()


def empty_catalogue():
    Procedure.objects.update(replaces=None)
    Procedure.objects.all().delete()
    Field.objects.all().delete()


def catalogue_is_empty() -> bool:
    return not Procedure.objects.exists() and not Field.objects.exists()


def test_import_then_export_gives_the_sample_back_unchanged(units):
    report = import_json(sample_document())

    assert report.ok, report.errors
    assert export_json() == sample_document()
    assert dumps(export_json()) == dumps(sample_document())


def test_export_import_into_empty_database_export_is_identical(units):
    import_json(sample_document())
    first = dumps(export_json())

    empty_catalogue()
    report = import_json(first)

    assert report.ok, report.errors
    assert dumps(export_json()) == first


def test_exported_json_follows_the_documented_shape(units):
    import_json(sample_document())

    document = export_json()

    khai_sinh = document["procedures"][0]
    assert list(khai_sinh)[:6] == ["code", "version", "name", "field", "level", "publishing_unit"]
    assert khai_sinh["time_limit"] == {
        "value": "1",
        "unit": "same_day",
        "same_day_cutoff": "15:00",
        "note": "Nhận hồ sơ sau 15 giờ thì trả kết quả trong ngày làm việc tiếp theo.",
        "suspension_allowed": False,
    }
    assert document["procedures"][1]["replaces"] == {"code": "1.001193", "version": 1}
    assert document["procedures"][2]["publishing_unit"] is None


def test_import_keeps_decimals_nulls_empty_strings_and_child_order(units):
    import_json(sample_document())

    v1 = Procedure.objects.get(code="1.001193", version=1)
    v2 = Procedure.objects.get(code="1.001193", version=2)
    chung_thuc = Procedure.objects.get(code="2.000908")
    assert v2.time_limit_value == Decimal("1.5")
    assert v2.replaces == v1
    assert v1.publishing_unit == units["ha_noi"]
    assert chung_thuc.time_limit_value is None and chung_thuc.online_class == ""
    assert chung_thuc.published_on is None and chung_thuc.publishing_unit is None
    assert [s.name for s in v1.workflow_steps.all()] == [
        "Tiếp nhận hồ sơ",
        "Xác minh",
        "Ký giấy khai sinh",
    ]
    assert [s.order for s in v1.workflow_steps.all()] == [1, 2, 3]
    assert [f.amount for f in v1.fees.order_by("id")] == [8000, None]
    assert set(v2.agencies.all()) == {units["ubnd"], units["desk"]}


def test_reimporting_a_version_updates_it_in_place_keeping_its_id(units):
    import_json(sample_document())
    v1 = Procedure.objects.get(code="1.001193", version=1)
    first_step = v1.citizen_steps.get(order=1)
    document = sample_document()
    document["procedures"][0]["name"] = "Đăng ký khai sinh (sửa tên)"
    document["procedures"][0]["citizen_steps"] = [{"title": "Nộp hồ sơ (sửa)", "description": ""}]
    document["procedures"][0]["fees"] = []

    report = import_json(document)

    assert report.ok
    assert {row.key for row in report.updated} >= {"1.001193, phiên bản 1, Thành phố Hà Nội"}
    assert report.created == []
    v1.refresh_from_db()
    assert v1.name == "Đăng ký khai sinh (sửa tên)"
    assert Procedure.objects.count() == 3
    assert list(v1.citizen_steps.values_list("pk", "title")) == [(first_step.pk, "Nộp hồ sơ (sửa)")]
    assert not v1.fees.exists()


def test_importing_a_new_version_adds_it_beside_the_old_one(units):
    document = sample_document()
    import_json(document)
    v3 = copy_procedure(
        document["procedures"][1], version=3, replaces={"code": "1.001193", "version": 2}
    )
    addition = {"format": "motcua-catalog", "version": 1, "fields": [], "procedures": [v3]}

    report = import_json(addition)

    assert report.ok, report.errors
    assert [row.key for row in report.created] == ["1.001193, phiên bản 3, Thành phố Hà Nội"]
    assert list(
        Procedure.objects.filter(code="1.001193")
        .order_by("version")
        .values_list("version", flat=True)
    ) == [1, 2, 3]
    assert Procedure.objects.get(code="1.001193", version=3).replaces.version == 2


def copy_procedure(procedure: dict, **changes) -> dict:
    return {**json.loads(json.dumps(procedure)), **changes}


def test_dry_run_reports_what_would_change_and_writes_nothing(units):
    report = import_json(sample_document(), dry_run=True)

    assert report.ok
    assert len(report.created) == 6  # 3 fields, 3 procedure versions
    assert report.summary() == "Kiểm tra xong, chưa ghi gì: sẽ thêm mới 6 và cập nhật 0 bản ghi."
    assert catalogue_is_empty()


def test_same_unit_code_resolves_to_the_unit_in_force_on_the_given_date(units):
    document = sample_document()
    document["procedures"][2]["publishing_unit"] = {"code": "00229", "on": "2019-05-01"}
    document["procedures"][2]["published_on"] = "2019-05-01"

    assert import_json(document).ok

    assert Procedure.objects.get(code="2.000908").publishing_unit == units["kim_lien_old"]
    assert export_json()["procedures"][2]["publishing_unit"] == {
        "code": "00229",
        "on": "2019-05-01",
    }


def test_vietnamese_labels_are_accepted_for_coded_values(units):
    document = sample_document()
    document["procedures"][2]["level"] = "Cap huyen"
    document["procedures"][2]["status"] = "Đã sửa đổi, bổ sung"

    assert import_json(document).ok
    assert Procedure.objects.get(code="2.000908").level == "district"


# --- bad input: a Vietnamese message, nothing written -----------------------------------------


def only_messages(report) -> list[str]:
    return [error.message for error in report.errors]


def test_not_json_is_refused_with_the_line_of_the_mistake(units):
    report = import_json('{"format": "motcua-catalog",\n "version": 1,,}')

    assert only_messages(report) == ["Tệp không phải là JSON hợp lệ: lỗi cú pháp ở dòng 2, cột 15."]
    assert catalogue_is_empty()


def test_empty_file_is_refused(units):
    assert only_messages(import_json(b"")) == ["Tệp rỗng, không có dữ liệu nào để nhập."]
    assert only_messages(import_catalog(b"  \n")) == ["Tệp rỗng, không có dữ liệu nào để nhập."]


def test_renamed_exe_is_recognised_as_a_program(units):
    report = import_catalog(b"MZ\x90\x00\x03\x00\x00\x00" + bytes(500))

    assert only_messages(report) == [
        "Tệp này là một chương trình máy tính, không phải tệp danh mục JSON hay Excel (.xlsx)."
    ]


def test_text_that_is_not_utf8_is_refused(units):
    report = import_json('{"format": "Hộ tịch"}'.encode("utf-16"))

    assert only_messages(report) == [
        "Tệp không phải là văn bản UTF-8; hãy lưu tệp JSON với bảng mã UTF-8."
    ]


def test_json_of_another_kind_is_refused(units):
    report = import_json({"format": "something-else", "version": 1})

    assert "Tệp JSON không phải danh mục motcua" in only_messages(report)[0]


def test_deeply_nested_json_is_refused_without_crashing(units):
    report = import_json("[" * 100_000 + "]" * 100_000)

    assert report.errors and catalogue_is_empty()
    assert "lồng quá sâu" in report.errors[0].message


def test_wrong_types_are_reported_with_their_path_and_nothing_is_written(units):
    document = sample_document()
    document["procedures"][0]["documents"][1]["copies"] = "hai"
    document["procedures"][0]["channels"] = "có"
    document["procedures"][1]["citizen_steps"] = {"title": "Nộp"}
    document["procedures"][2]["time_limit"]["value"] = "1.25"

    report = import_json(document)

    assert only_messages(report) == [
        "Thủ tục thứ 1 (1.001193), trường 'channels': phải là một đối tượng JSON {…}",
        "Thủ tục thứ 2 (1.001193), trường 'citizen_steps': phải là một danh sách […]",
        "Thủ tục thứ 3 (2.000908), trường 'time_limit.value': giá trị '1.25' không hợp lệ; cần một số "
        "không âm, nhỏ hơn 100000, tối đa một chữ số thập phân (ví dụ 1, 0.5 hoặc 4,5)",
    ]
    assert catalogue_is_empty()


def test_a_bad_child_value_names_the_procedure_the_child_and_the_field(units):
    document = sample_document()
    document["procedures"][0]["documents"][1]["copies"] = "hai"

    report = import_json(document)

    assert report.errors[0] == report.errors[0].__class__(
        sheet="procedures[0].documents[1]",
        row=2,
        column="copies",
        message="Thủ tục thứ 1 (1.001193), thành phần hồ sơ thứ 2, trường 'copies': giá trị 'hai' "
        "không hợp lệ; cần một số nguyên từ 0 đến 32767",
    )
    assert catalogue_is_empty()


def test_invalid_level_lists_the_allowed_values(units):
    document = sample_document()
    document["procedures"][0]["level"] = "huyen"

    report = import_json(document)

    assert only_messages(report) == [
        "Thủ tục thứ 1 (1.001193), trường 'level': giá trị 'huyen' không hợp lệ; chọn một trong: "
        "central (Cấp trung ương), province (Cấp tỉnh), district (Cấp huyện), commune (Cấp xã)"
    ]


def test_unknown_field_and_agency_codes_are_reported(units):
    document = sample_document()
    document["procedures"][2]["field"] = "dat-dai"
    document["procedures"][1]["agencies"] = ["000.31.35.H26", "000.99.99.H99"]

    report = import_json(document)

    assert only_messages(report) == [
        "Thủ tục thứ 3 (2.000908), trường 'field': không có lĩnh vực mã 'dat-dai' trong tệp hay trong cơ sở dữ liệu",
        "Thủ tục thứ 2 (1.001193), trường 'agencies': không có cơ quan nào mang mã '000.99.99.H99'",
    ]
    assert catalogue_is_empty()


def test_unknown_publishing_unit_on_that_date_is_reported(units):
    document = sample_document()
    document["procedures"][0]["publishing_unit"] = {"code": "00229", "on": "2025-06-30"}
    document["procedures"][1]["publishing_unit"] = {"code": "79", "on": "2025-07-01"}

    report = import_json(document)

    assert only_messages(report) == [
        "Thủ tục thứ 2 (1.001193), trường 'publishing_unit.code': không có đơn vị hành chính nào "
        "mang mã '79' vào ngày 01/07/2025",
    ]
    assert catalogue_is_empty()


def test_duplicate_keys_are_reported(units):
    document = sample_document()
    document["fields"].append({"code": "ho-tich", "name": "Hộ tịch (trùng)"})
    document["procedures"].append(copy_procedure(document["procedures"][2]))

    report = import_json(document)

    assert only_messages(report) == [
        "Lĩnh vực thứ 4, trường 'code': mã lĩnh vực 'ho-tich' xuất hiện nhiều lần trong tệp",
        "Thủ tục thứ 4 (2.000908), trường 'version': thủ tục mã '2.000908', phiên bản 1 của cùng "
        "địa phương xuất hiện nhiều lần trong tệp",
    ]
    assert catalogue_is_empty()


def test_unknown_keys_are_reported_so_typos_do_not_lose_data(units):
    document = sample_document()
    document["procedures"][0]["documets"] = []
    document["procedures"][0]["time_limit"]["cutoff"] = "15:00"

    report = import_json(document)

    assert only_messages(report) == [
        "Thủ tục thứ 1 (1.001193), trường 'time_limit.cutoff': trường này không thuộc định dạng danh mục",
        "Thủ tục thứ 1 (1.001193), trường 'documets': trường này không thuộc định dạng danh mục",
    ]


def test_a_ten_thousand_character_value_is_refused(units):
    document = sample_document()
    document["procedures"][0]["name"] = "Đ" * 10_000
    document["procedures"][1]["conditions"] = "x" * 10_000

    report = import_json(document)

    assert only_messages(report) == [
        "Thủ tục thứ 1 (1.001193), trường 'name': dài 10000 ký tự, vượt quá giới hạn 500 ký tự",
        "Thủ tục thứ 2 (1.001193), trường 'conditions': dài 10000 ký tự, vượt quá giới hạn 8000 ký tự",
    ]
    assert catalogue_is_empty()


def test_control_characters_are_refused_before_the_database_sees_them(units):
    document = sample_document()
    document["procedures"][0]["subjects"] = "Công dân\x00"

    report = import_json(document)

    assert only_messages(report) == [
        "Thủ tục thứ 1 (1.001193), trường 'subjects': có ký tự điều khiển không hợp lệ (U+0000); hãy xóa ký tự này"
    ]


def test_a_form_schema_that_is_not_an_object_schema_is_refused(units):
    document = sample_document()
    document["procedures"][0]["form_schema"] = {"type": "array"}

    report = import_json(document)

    assert only_messages(report) == [
        'Thủ tục thứ 1 (1.001193), trường \'form_schema\': biểu mẫu điện tử phải có "type": "object"'
    ]


def test_a_version_cannot_replace_an_unknown_version(units):
    document = sample_document()
    document["procedures"][1]["replaces"] = {"code": "1.001193", "version": 7}

    report = import_json(document)

    assert only_messages(report) == [
        "Thủ tục thứ 2 (1.001193), trường 'replaces.code': không tìm thấy thủ tục mã '1.001193', "
        "phiên bản 7 để thay thế"
    ]


def test_one_bad_procedure_keeps_the_good_ones_out_too(units):
    document = sample_document()
    document["procedures"][2]["valid_to"] = "2018-01-01"  # before valid_from

    report = import_json(document)

    assert only_messages(report) == [
        "Thủ tục thứ 3 (2.000908), trường 'valid_to': ngày hết hiệu lực 01/01/2018 trước ngày bắt "
        "đầu hiệu lực 01/01/2019"
    ]
    assert catalogue_is_empty()


def test_import_reads_a_path_and_a_file_object(units, tmp_path):
    path = tmp_path / "danh-muc.json"
    path.write_text(dumps(sample_document()), encoding="utf-8")

    assert import_json(path, dry_run=True).ok
    with path.open("rb") as handle:
        assert import_json(handle).ok
    assert Procedure.objects.count() == 3


def test_export_query_count_does_not_grow_with_procedures(units, django_assert_max_num_queries):
    import_json(sample_document())
    with django_assert_max_num_queries(20) as few:
        export_json()
    document = sample_document()
    for procedure in document["procedures"]:
        procedure["code"] += "9"
        procedure["replaces"] = None
    import_json(document)

    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(export_json()["procedures"]) == 6


# --- commands ----------------------------------------------------------------------------------


def test_import_command_loads_a_file_and_export_command_writes_it_back(units, tmp_path):
    source = tmp_path / "danh-muc.json"
    source.write_text(dumps(sample_document()), encoding="utf-8")
    target = tmp_path / "xuat.json"
    out = io.StringIO()

    call_command("import_catalog", str(source), stdout=out)
    call_command("export_catalog", "-o", str(target), stdout=io.StringIO())

    assert "Đã nhập danh mục: thêm mới 6 và cập nhật 0 bản ghi." in out.getvalue()
    assert target.read_text(encoding="utf-8") == source.read_text(encoding="utf-8")


def test_import_command_dry_run_writes_nothing(units, tmp_path):
    source = tmp_path / "danh-muc.json"
    source.write_text(dumps(sample_document()), encoding="utf-8")
    out = io.StringIO()

    call_command("import_catalog", str(source), "--dry-run", stdout=out)

    assert "Kiểm tra xong, chưa ghi gì" in out.getvalue()
    assert catalogue_is_empty()


def test_import_command_exits_with_code_2_and_prints_row_errors(units, tmp_path):
    document = sample_document()
    document["procedures"][0]["level"] = "huyen"
    source = tmp_path / "loi.json"
    source.write_text(json.dumps(document), encoding="utf-8")
    err = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_catalog", str(source), stdout=io.StringIO(), stderr=err)

    assert failure.value.returncode == 2
    assert "trường 'level': giá trị 'huyen' không hợp lệ" in err.getvalue()
    assert catalogue_is_empty()


def test_import_command_on_a_missing_file_exits_with_code_2(tmp_path):
    with pytest.raises(CommandError) as failure:
        call_command(
            "import_catalog",
            str(tmp_path / "khong-co.json"),
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )

    assert failure.value.returncode == 2


def test_export_command_prints_json_to_standard_output(units):
    import_json(sample_document())
    out = io.StringIO()

    call_command("export_catalog", stdout=out)

    assert json.loads(out.getvalue()) == sample_document()


def test_an_agency_code_shared_by_two_agencies_in_office_is_reported(units):
    from motcua.units.models import Agency, AgencyKind

    Agency.objects.create(
        name="Cơ quan trùng mã", kind=AgencyKind.OTHER, code="000.31.35.H26", unit=units["ha_noi"]
    )

    report = import_json(sample_document())

    assert only_messages(report)[0] == (
        "Thủ tục thứ 1 (1.001193), trường 'agencies': mã cơ quan '000.31.35.H26' ứng với nhiều cơ "
        "quan; dữ liệu cơ quan cần được sửa"
    )
    assert catalogue_is_empty()


def test_procedures_that_are_not_a_list_are_refused(units):
    report = import_json(
        {"format": "motcua-catalog", "version": 1, "procedures": {"code": "1.001193"}}
    )

    assert only_messages(report) == ["Mục 'procedures' của tệp JSON phải là một danh sách […]."]


def test_reimporting_reports_fields_as_updated(units):
    import_json(sample_document())

    report = import_json(sample_document())

    assert report.created == []
    assert [row.key for row in report.updated if row.kind == "field"] == [
        "chung-thuc",
        "ho-tich",
        "xay-dung",
    ]
    assert report.summary() == "Đã nhập danh mục: thêm mới 0 và cập nhật 6 bản ghi."
