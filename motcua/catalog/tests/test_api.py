import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua.catalog.models import Level, OnlineClass, VersionStatus
from motcua.catalog.tests.factories import (
    get_field,
    make_agency,
    make_birth_registration,
    make_field,
    make_procedure,
)

pytestmark = pytest.mark.django_db

LIST = "/api/v1/procedures/"


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_list_returns_active_versions_with_the_row_fields(client):
    make_birth_registration()
    make_procedure(code="1.000001", status=VersionStatus.DRAFT)
    make_procedure(code="1.000002", version=1, status=VersionStatus.REPLACED)
    body = client.get(LIST).json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["code"] == "1.001193"
    assert row["name"] == "Đăng ký khai sinh"
    assert row["field"] == {"code": "ho-tich", "name": "Hộ tịch"}
    assert row["level"] == "commune" and row["level_display"] == "Cấp xã"
    assert row["time_limit"] == {"value": 1.0, "unit": "working_days", "text": "1 ngày làm việc"}
    assert row["online_level"] == 4 and row["online_class"] == "full"
    assert row["url"].endswith("/api/v1/procedures/1.001193/")


def test_list_filters(client):
    civil = get_field("ho-tich", "Hộ tịch")
    building = make_field("xay-dung", "Xây dựng")
    agency = make_agency()
    make_procedure(
        code="1.000010",
        field=civil,
        level=Level.COMMUNE,
        agencies=[agency],
        online_level_legacy=4,
        online_class=OnlineClass.FULL,
    )
    make_procedure(code="1.000011", field=building, level=Level.DISTRICT, online_level_legacy=2)
    make_procedure(
        code="1.000012",
        field=building,
        level=Level.PROVINCE,
        version=1,
        status=VersionStatus.REPLACED,
    )

    assert codes(client.get(LIST, {"field": "xay-dung"})) == ["1.000011"]
    assert codes(client.get(LIST, {"level": "commune"})) == ["1.000010"]
    assert codes(client.get(LIST, {"agency": agency.pk})) == ["1.000010"]
    assert codes(client.get(LIST, {"online_level": 2})) == ["1.000011"]
    assert codes(client.get(LIST, {"online_class": "full"})) == ["1.000010"]
    assert codes(client.get(LIST, {"status": "replaced"})) == ["1.000012"]


def test_list_search_uses_the_catalogue_ranking(client):
    make_procedure(code="1.000020", name="Đăng ký lại khai sinh")
    make_birth_registration()
    make_procedure(code="1.000021", name="Đăng ký khai sinh có yếu tố nước ngoài")
    assert codes(client.get(LIST, {"search": "dang ky khai sinh"})) == [
        "1.001193",
        "1.000021",
        "1.000020",
    ]
    assert codes(client.get(LIST, {"search": "1.001193"})) == ["1.001193"]


@pytest.mark.parametrize("search", ["x" * 10_000, "khai\x00sinh", "\x01\x02"])
def test_list_search_with_hostile_input_is_not_an_error(client, search):
    make_birth_registration()
    assert client.get(LIST, {"search": search}).status_code == 200


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"field": "khong-co"}, "field", "Không có lĩnh vực nào mang mã “khong-co”."),
        ({"level": "village"}, "level", "Cấp thực hiện “village” không hợp lệ."),
        ({"agency": "abc"}, "agency", "Không có cơ quan nào mang mã số “abc”."),
        (
            {"agency": "99999999999999999999999"},
            "agency",
            "Không có cơ quan nào mang mã số “99999999999999999999999”.",
        ),
        (
            {"online_level": "5"},
            "online_level",
            "Mức độ dịch vụ công trực tuyến phải là 1, 2, 3 hoặc 4.",
        ),
        (
            {"online_class": "toan-trinh"},
            "online_class",
            "Loại dịch vụ công trực tuyến “toan-trinh” không hợp lệ.",
        ),
        ({"status": "draft"}, "status", "Trạng thái “draft” không hợp lệ."),
        ({"field": "ho\x00tich"}, "field", "Không có lĩnh vực nào mang mã “ho tich”."),
    ],
)
def test_list_bad_filter_is_a_400_with_a_vietnamese_message(client, params, field, message):
    response = client.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert body["errors"][field] == [message]


@pytest.mark.parametrize("page", ["99", "abc", "0"])
def test_list_page_out_of_range_is_a_404_with_a_vietnamese_message(client, page):
    make_procedure()
    response = client.get(LIST, {"page": page})
    assert response.status_code == 404
    assert response.json()["detail"] == "Trang không hợp lệ hoặc vượt quá số trang hiện có."


def test_list_is_paginated(client):
    for _ in range(25):
        make_procedure()
    first = client.get(LIST).json()
    assert first["count"] == 25 and len(first["results"]) == 20 and first["next"]
    assert len(client.get(LIST, {"page": 2}).json()["results"]) == 5
    assert len(client.get(LIST, {"page_size": 5}).json()["results"]) == 5


def test_detail_by_code_returns_the_active_version_with_nested_parts(client):
    make_procedure(
        code="1.001193", name="Đăng ký khai sinh (cũ)", version=1, status=VersionStatus.REPLACED
    )
    make_birth_registration(agencies=[make_agency(name="UBND phường Kim Liên")])
    body = client.get(f"{LIST}1.001193/").json()
    assert body["name"] == "Đăng ký khai sinh" and body["version"] == 2
    assert [d["name"] for d in body["documents"]] == [
        "Tờ khai đăng ký khai sinh",
        "Giấy chứng sinh",
    ]
    assert body["documents"][0]["originals"] == 1
    assert [(f["kind"], f["amount"]) for f in body["fees"]] == [("charge", 0), ("fee", 8000)]
    assert body["legal_bases"][0]["number"] == "60/2014/QH13"
    assert [s["title"] for s in body["citizen_steps"]] == ["Nộp hồ sơ", "Nhận kết quả"]
    assert [s["role"] for s in body["workflow_steps"]] == ["desk_officer", "leader"]
    assert body["workflow_steps"][0]["budget_value"] == 2.0
    assert body["form_schema"] == {"type": "object", "title": "Tờ khai đăng ký khai sinh"}
    assert body["agencies"][0]["name"] == "UBND phường Kim Liên"
    assert [v["version"] for v in body["versions"]] == [2, 1]


def test_detail_ignores_list_filters(client):
    make_birth_registration()
    assert client.get(f"{LIST}1.001193/", {"status": "nonsense", "level": "x"}).status_code == 200


def test_detail_with_version_returns_that_version(client):
    make_procedure(code="1.000030", name="Cũ", version=1, status=VersionStatus.REPLACED)
    make_procedure(code="1.000030", name="Mới", version=2)
    assert client.get(f"{LIST}1.000030/", {"version": 1}).json()["name"] == "Cũ"


@pytest.mark.parametrize("version", ["abc", "0", "-1", "1.5", "99999999999999999999"])
def test_detail_with_bad_version_number_is_a_400(client, version):
    make_procedure(code="1.000031")
    response = client.get(f"{LIST}1.000031/", {"version": version})
    assert response.status_code == 400
    assert response.json()["errors"]["version"] == ["Phiên bản phải là một số nguyên dương."]


def test_detail_of_unknown_code_or_version_or_draft_is_a_vietnamese_404(client):
    make_procedure(code="1.000032")
    make_procedure(code="1.000033", status=VersionStatus.DRAFT)
    assert (
        client.get(f"{LIST}khong-co/").json()["detail"]
        == "Không tìm thấy thủ tục có mã “khong-co”."
    )
    assert client.get(f"{LIST}1.000033/").status_code == 404
    response = client.get(f"{LIST}1.000032/", {"version": 9})
    assert response.status_code == 404
    assert response.json()["detail"] == "Thủ tục “1.000032” không có phiên bản 9."


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params", [{}, {"search": "thu tuc"}, {"level": "commune", "online_level": 4}]
)
def test_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, params):
    for _ in range(2):
        make_procedure(online_level_legacy=4)
    few = count_queries(client, LIST, params)
    for _ in range(30):
        make_procedure(online_level_legacy=4, field=make_field())
    with django_assert_max_num_queries(few):
        assert len(client.get(LIST, params).json()["results"]) == 20


def test_detail_query_count_does_not_grow_with_nested_rows(client, django_assert_max_num_queries):
    procedure = make_birth_registration()
    url = f"{LIST}{procedure.code}/"
    few = count_queries(client, url)
    for order in range(3, 30):
        procedure.documents.create(order=order, name=f"Giấy tờ {order}")
        procedure.agencies.add(make_agency(name=f"Cơ quan {order}"))
    with django_assert_max_num_queries(few):
        client.get(url)


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["1.001193\x00", "\x00", "x" * 500, "1.0011\n93"])
def test_detail_with_an_impossible_code_answers_404_not_500(client, code):
    from urllib.parse import quote

    response = client.get(f"/api/v1/procedures/{quote(code, safe='')}/")
    assert response.status_code == 404
    page = client.get(f"/thu-tuc/{quote(code, safe='')}/")
    assert page.status_code == 404
