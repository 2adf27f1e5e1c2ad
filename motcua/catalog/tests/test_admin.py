"""The catalogue admin: procedure list, form schema check, import preview/confirm and export."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from motcua.catalog.io import dumps, export_json, import_json
from motcua.catalog.models import Field, Procedure

from .io_samples import create_reference_data, sample_document

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:catalog_procedure_import"


@pytest.fixture
def units():
    return create_reference_data()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser(
        "quantri", "quantri@example.vn", "mat-khau-dai-123"
    )
    client.force_login(user)
    return client


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def sample_bytes() -> bytes:
    return dumps(sample_document()).encode("utf-8")


def test_import_preview_lists_new_rows_and_writes_nothing(superuser_client, units, media):
    response = superuser_client.post(
        reverse(IMPORT_URL), {"file": upload("danh-muc.json", sample_bytes())}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "sẽ thêm mới 6 và cập nhật 0 bản ghi" in page
    assert "Thủ tục đăng ký khai sinh" in page
    assert "Xác nhận nhập danh mục" in page
    assert not Procedure.objects.exists() and not Field.objects.exists()


def test_confirming_the_preview_imports_the_catalogue(superuser_client, units, media):
    preview = superuser_client.post(
        reverse(IMPORT_URL), {"file": upload("danh-muc.json", sample_bytes())}
    )
    token = preview.context["token"]

    response = superuser_client.post(
        reverse(IMPORT_URL), {"token": token, "confirm": "1"}, follow=True
    )

    assert response.redirect_chain[-1][0] == reverse("admin:catalog_procedure_changelist")
    assert "Đã nhập danh mục: thêm mới 6 và cập nhật 0 bản ghi." in response.content.decode()
    assert export_json() == sample_document()
    assert list(media.joinpath("catalog-imports").iterdir()) == []


def test_a_forged_token_imports_nothing_and_a_token_works_only_once(superuser_client, units, media):
    preview = superuser_client.post(
        reverse(IMPORT_URL), {"file": upload("danh-muc.json", sample_bytes())}
    )

    forged = superuser_client.post(
        reverse(IMPORT_URL), {"token": "0" * 32, "confirm": "1"}, follow=True
    )
    assert "Tệp đã kiểm tra không còn" in forged.content.decode()
    assert not Procedure.objects.exists()

    superuser_client.post(reverse(IMPORT_URL), {"token": preview.context["token"], "confirm": "1"})
    assert Procedure.objects.count() == 3
    again = superuser_client.post(
        reverse(IMPORT_URL), {"token": preview.context["token"], "confirm": "1"}, follow=True
    )
    assert "Tệp đã kiểm tra không còn" in again.content.decode()
    assert Procedure.objects.count() == 3


def test_import_preview_of_a_bad_excel_shows_the_error_table_and_no_confirm_button(
    superuser_client, units, media
):
    import_json(sample_document())
    from motcua.catalog.io import export_excel

    workbook = load_workbook(io.BytesIO(export_excel()))
    workbook["Thủ tục"]["E2"] = "huyen"  # Cấp thực hiện
    buffer = io.BytesIO()
    workbook.save(buffer)

    response = superuser_client.post(
        reverse(IMPORT_URL), {"file": upload("danh-muc.xlsx", buffer.getvalue())}
    )

    page = response.content.decode()
    assert (
        "Trang &#x27;Thủ tục&#x27;, dòng 2, cột &#x27;Cấp thực hiện&#x27;: giá trị &#x27;huyen&#x27; không hợp lệ"
        in page
    )
    assert "Xác nhận nhập danh mục" not in page
    assert "token" not in response.context or not response.context.get("token")


def test_import_page_refuses_a_renamed_program_with_a_vietnamese_message(superuser_client, media):
    response = superuser_client.post(
        reverse(IMPORT_URL), {"file": upload("danh-muc.xlsx", b"MZ\x90\x00" + b"\x00" * 200)}
    )

    assert response.status_code == 200
    assert "là một chương trình máy tính" in response.content.decode()


def test_import_page_without_a_file_asks_for_one(superuser_client):
    response = superuser_client.post(reverse(IMPORT_URL), {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"]


def test_import_page_is_closed_to_staff_without_change_permission(client, media):
    staff = get_user_model().objects.create_user("xem", password="mat-khau-dai-123", is_staff=True)
    client.force_login(staff)

    response = client.post(reverse(IMPORT_URL), {"file": upload("danh-muc.json", sample_bytes())})

    assert response.status_code == 403
    assert not Field.objects.exists()


def test_export_page_downloads_the_whole_catalogue_as_json(superuser_client, units):
    import_json(sample_document())

    page = superuser_client.get(reverse("admin:catalog_procedure_export"))
    response = superuser_client.get(reverse("admin:catalog_procedure_export"), {"format": "json"})

    assert "Tải xuống" in page.content.decode()
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert json.loads(response.content) == sample_document()


def test_export_page_downloads_an_xlsx_workbook(superuser_client, units):
    import_json(sample_document())

    response = superuser_client.get(reverse("admin:catalog_procedure_export"), {"format": "xlsx"})

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Thủ tục"]["A2"].value == "1.001193"


def test_export_action_downloads_only_the_selected_procedures(superuser_client, units):
    import_json(sample_document())
    chung_thuc = Procedure.objects.get(code="2.000908")

    response = superuser_client.post(
        reverse("admin:catalog_procedure_changelist"),
        {
            "action": "export_selected_json",
            "_selected_action": [chung_thuc.pk],
        },
    )

    document = json.loads(response.content)
    assert [p["code"] for p in document["procedures"]] == ["2.000908"]
    assert document["fields"] == [{"code": "chung-thuc", "name": "Chứng thực"}]


def test_procedure_list_shows_time_limit_and_online_level_columns(superuser_client, units):
    import_json(sample_document())

    page = superuser_client.get(reverse("admin:catalog_procedure_changelist")).content.decode()

    assert "Trong ngày (nhận trước 15:00)" in page
    assert "1.5 ngày làm việc" in page
    assert "Dịch vụ công trực tuyến toàn trình · mức 4" in page
    assert "Nhập danh mục" in page and "Xuất danh mục" in page


def test_procedure_search_without_diacritics_finds_chung_thuc(superuser_client, units):
    import_json(sample_document())

    response = superuser_client.get(
        reverse("admin:catalog_procedure_changelist"), {"q": "chung thuc ban sao"}
    )

    assert [p.code for p in response.context["cl"].result_list] == ["2.000908"]


def test_procedure_list_query_count_does_not_grow_with_rows(
    superuser_client, units, django_assert_max_num_queries
):
    import_json(sample_document())
    url = reverse("admin:catalog_procedure_changelist")
    superuser_client.get(url)
    with django_assert_max_num_queries(12) as few:
        superuser_client.get(url)

    document = sample_document()
    for procedure in document["procedures"]:
        procedure["code"] += "9"
        procedure["replaces"] = None
    import_json(document)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = superuser_client.get(url)
    assert len(response.context["cl"].result_list) == 6


def test_admin_form_rejects_a_form_schema_that_is_not_an_object_schema(units):
    from motcua.catalog.forms import ProcedureAdminForm

    field = Field.objects.create(code="ho-tich", name="Hộ tịch")
    data = {
        "code": "1.001193",
        "name": "Đăng ký khai sinh",
        "field": field.pk,
        "level": "commune",
        "competent_authority": "UBND cấp xã",
        "time_limit_unit": "working_days",
        "version": 1,
        "status": "active",
        "form_schema": json.dumps({"type": "array"}),
    }

    form = ProcedureAdminForm(data=data)

    assert not form.is_valid()
    assert form.errors["form_schema"] == ['Biểu mẫu điện tử phải có "type": "object".']
    data["form_schema"] = json.dumps({"type": "object", "properties": {}})
    assert ProcedureAdminForm(data=data).is_valid()
    data["form_schema"] = ""
    form = ProcedureAdminForm(data=data)
    assert form.is_valid() and form.cleaned_data["form_schema"] == {}


def test_procedure_change_page_renders_with_all_five_inlines(superuser_client, units):
    import_json(sample_document())
    procedure = Procedure.objects.get(code="1.001193", version=1)

    response = superuser_client.get(reverse("admin:catalog_procedure_change", args=[procedure.pk]))

    assert response.status_code == 200
    page = response.content.decode()
    for heading in (
        "Trình tự thực hiện",
        "Thành phần hồ sơ",
        "Phí, lệ phí",
        "Căn cứ pháp lý",
        "Quy trình nội bộ",
    ):
        assert heading in page
    assert "Tờ khai đăng ký khai sinh" in page
