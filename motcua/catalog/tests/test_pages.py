import datetime as dt
import html
import re
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from motcua.catalog import views
from motcua.catalog.models import Level, OnlineClass, VersionStatus
from motcua.catalog.tests.factories import (
    get_field,
    make_agency,
    make_birth_registration,
    make_field,
    make_procedure,
)

pytestmark = pytest.mark.django_db

LIST = reverse("catalog:list")


def text(response) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, spaces squeezed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def links(response) -> list[str]:
    return [
        html.unescape(href) for href in re.findall(r'href="([^"]+)"', response.content.decode())
    ]


def result_names(response) -> list[str]:
    return [procedure.name for procedure in response.context["page"].object_list]


# ---- home -----------------------------------------------------------------------------


def test_home_shows_fields_and_levels_with_procedure_counts(client):
    civil = get_field("ho-tich", "Hộ tịch")
    building = make_field("xay-dung", "Xây dựng")
    for _ in range(3):
        make_procedure(field=civil, level=Level.COMMUNE)
    make_procedure(field=building, level=Level.DISTRICT)
    make_procedure(field=building, level=Level.DISTRICT, status=VersionStatus.DRAFT)  # not public
    make_field("dat-dai", "Đất đai")  # no procedures: not listed

    page = text(client.get("/"))

    assert "Hộ tịch (3 thủ tục)" in page
    assert "Xây dựng (1 thủ tục)" in page
    assert "Đất đai" not in page
    assert "Cấp xã (3 thủ tục)" in page
    assert "Cấp huyện (1 thủ tục)" in page
    assert "Cấp tỉnh (0 thủ tục)" in page
    assert "Danh mục có 4 thủ tục hành chính đang áp dụng." in page


def test_home_has_a_search_box_that_leads_to_the_list(client):
    body = client.get("/").content.decode()
    assert f'action="{LIST}"' in body
    assert 'name="q"' in body
    assert '<label for="search-q">' in body


def test_every_procedure_is_three_clicks_from_home(client):
    civil = get_field("ho-tich", "Hộ tịch")
    wanted = {make_procedure(field=civil).code for _ in range(45)}  # three pages of results
    wanted |= {make_procedure(field=make_field("xay-dung", "Xây dựng")).code}

    reached, frontier = set(), ["/"]
    for _click in range(3):
        next_frontier = []
        for url in frontier:
            for href in links(client.get(url)):
                href = urljoin(url, href)
                path = urlsplit(href).path
                if path.startswith("/thu-tuc/") and path != LIST and not path.endswith("/in/"):
                    reached.add(path.strip("/").split("/")[-1])
                elif path == LIST or path == "/":
                    next_frontier.append(href)
        frontier = list(dict.fromkeys(next_frontier))
    assert wanted <= reached


# ---- list -----------------------------------------------------------------------------


def test_list_row_shows_name_code_field_level_time_limit_and_online_badge(client):
    make_birth_registration()
    page = text(client.get(LIST))
    assert "Đăng ký khai sinh" in page
    assert "Mã: 1.001193" in page
    assert "Lĩnh vực: Hộ tịch" in page
    assert "Cấp xã" in page
    assert "Thời hạn: 1 ngày làm việc" in page
    assert "Mức độ 4 · Dịch vụ công trực tuyến toàn trình" in page


def test_list_filters_by_field_level_agency_and_online_levels(client):
    civil = get_field("ho-tich", "Hộ tịch")
    building = make_field("xay-dung", "Xây dựng")
    ward = make_agency(name="UBND phường Kim Liên")
    make_procedure(
        name="Hộ tịch xã",
        field=civil,
        level=Level.COMMUNE,
        agencies=[ward],
        online_level_legacy=4,
        online_class=OnlineClass.FULL,
    )
    make_procedure(
        name="Hộ tịch huyện",
        field=civil,
        level=Level.DISTRICT,
        online_level_legacy=3,
        online_class=OnlineClass.PARTIAL,
    )
    make_procedure(
        name="Giấy phép xây dựng", field=building, level=Level.DISTRICT, online_level_legacy=2
    )

    assert result_names(client.get(LIST, {"field": "xay-dung"})) == ["Giấy phép xây dựng"]
    assert sorted(result_names(client.get(LIST, {"level": "district"}))) == [
        "Giấy phép xây dựng",
        "Hộ tịch huyện",
    ]
    assert result_names(client.get(LIST, {"agency": ward.pk})) == ["Hộ tịch xã"]
    assert result_names(client.get(LIST, {"online_level": "3"})) == ["Hộ tịch huyện"]
    assert result_names(client.get(LIST, {"online_class": "full"})) == ["Hộ tịch xã"]
    assert result_names(client.get(LIST, {"field": "ho-tich", "level": "commune"})) == [
        "Hộ tịch xã"
    ]


def test_list_agency_select_offers_only_agencies_with_procedures(client):
    ward = make_agency(name="UBND phường Kim Liên")
    make_agency(name="Trường Tiểu học Thử")
    make_procedure(agencies=[ward])
    body = client.get(LIST).content.decode()
    assert "UBND phường Kim Liên" in body
    assert "Trường Tiểu học Thử" not in body


def test_list_search_without_diacritics(client):
    make_birth_registration()
    make_procedure(name="Cấp giấy phép xây dựng")
    response = client.get(LIST, {"q": "dang ky khai sinh"})
    assert result_names(response) == ["Đăng ký khai sinh"]
    assert "Tìm thấy 1 thủ tục." in text(response)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"field": "khong-co"}, "Không có lĩnh vực nào mang mã “khong-co”."),
        ({"level": "village"}, "Cấp thực hiện “village” không hợp lệ."),
        ({"agency": "abc"}, "Không có cơ quan nào mang mã số “abc”."),
        ({"agency": "99999999999999999999999"}, "Không có cơ quan nào mang mã số"),
        ({"online_level": "7"}, "Mức độ dịch vụ công trực tuyến phải là 1, 2, 3 hoặc 4."),
        ({"field": "ho\x00tich"}, "Không có lĩnh vực nào mang mã “ho tich”."),
        ({"online_class": "\x00"}, ""),  # nothing left once cleaned: no filter, no error
    ],
)
def test_list_with_unknown_filter_value_explains_and_ignores_it(client, params, message):
    make_procedure(name="Thủ tục còn hiện")
    response = client.get(LIST, params)
    assert response.status_code == 200
    assert message in text(response)
    assert result_names(response) == ["Thủ tục còn hiện"]


def test_list_keeps_valid_filters_when_another_is_invalid(client):
    make_procedure(name="Cấp xã", level=Level.COMMUNE)
    make_procedure(name="Cấp huyện", level=Level.DISTRICT)
    response = client.get(LIST, {"level": "district", "online_level": "abc"})
    assert result_names(response) == ["Cấp huyện"]


def test_list_shows_twenty_per_page_and_the_count(client):
    for _ in range(45):
        make_procedure()
    response = client.get(LIST)
    assert len(result_names(response)) == 20
    assert "Tìm thấy 45 thủ tục. Trang 1/3." in text(response)
    assert len(result_names(client.get(LIST, {"page": "3"}))) == 5


@pytest.mark.parametrize("page", ["99", "0", "-1", "99999999999999999999999999"])
def test_list_page_past_the_end_shows_the_last_page_with_a_message(client, page):
    for _ in range(25):
        make_procedure()
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 2
    assert f"Không có trang “{page[:20]}”; đang hiển thị trang 2." in text(response)


@pytest.mark.parametrize("page", ["abc", "1.5", "\x00"])
def test_list_page_that_is_not_a_number_shows_the_first_page_with_a_message(client, page):
    make_procedure()
    response = client.get(LIST, {"page": page})
    assert response.status_code == 200
    assert response.context["page"].number == 1
    assert "đang hiển thị trang 1." in text(response)


def test_list_pager_keeps_the_filters(client):
    for _ in range(25):
        make_procedure(level=Level.COMMUNE)
    hrefs = links(client.get(LIST, {"level": "commune"}))
    assert f"{LIST}?level=commune&page=2" in hrefs


def test_list_never_shows_drafts_or_old_versions(client):
    make_procedure(code="1.000100", name="Bản cũ", version=1, status=VersionStatus.REPLACED)
    make_procedure(code="1.000100", name="Bản hiện hành", version=2)
    make_procedure(code="1.000101", name="Bản dự thảo", status=VersionStatus.DRAFT)
    assert result_names(client.get(LIST)) == ["Bản hiện hành"]


def test_list_with_huge_query_answers_normally(client):
    make_procedure()
    response = client.get(LIST, {"q": "khai sinh " * 1000 + "\x00\x1f"})
    assert response.status_code == 200
    assert "Tìm thấy 0 thủ tục." in text(response)


# ---- detail ---------------------------------------------------------------------------

RECORD_LABELS = [
    "Thông tin chi tiết thủ tục hành chính",
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Cấp thực hiện",
    "Loại thủ tục",
    "Cơ quan thực hiện",
    "Cơ quan có thẩm quyền",
    "Trình tự thực hiện",
    "Cách thức thực hiện",
    "Thành phần hồ sơ",
    "Thời hạn giải quyết",
    "Đối tượng thực hiện",
    "Kết quả thực hiện",
    "Phí, lệ phí",
    "Căn cứ pháp lý",
    "Yêu cầu, điều kiện thực hiện",
    "Mức độ dịch vụ công trực tuyến",
    "Quyết định công bố",
    "Hiệu lực, phiên bản",
]


def test_detail_shows_every_section_of_the_official_record(client):
    procedure = make_birth_registration(
        agencies=[make_agency(name="UBND phường Kim Liên", address="Số 1 Kim Liên")]
    )
    page = text(client.get(reverse("catalog:detail", args=[procedure.code])))
    for label in RECORD_LABELS:
        assert label in page, label
    assert "Tờ khai đăng ký khai sinh 1 0 Mẫu tờ khai theo Thông tư 04/2020/TT-BTP" in page
    assert "Trực tuyến 1 ngày làm việc" in page
    assert "Phí: 8.000 đồng" in page
    assert "Lệ phí — Lệ phí đăng ký khai sinh: Không thu (Miễn lệ phí)" in page
    assert "60/2014/QH13 Luật Hộ tịch 20/11/2014 Quốc hội" in page
    assert "UBND phường Kim Liên — Số 1 Kim Liên" in page
    assert "Mức độ 4 · Dịch vụ công trực tuyến toàn trình" in page
    assert "Quyết định số 1234/QĐ-UBND ngày 01/03/2023" in page
    assert "Phiên bản 2 — Đang áp dụng" in page
    assert "Thủ tục không liên thông" in page


def test_detail_links_to_the_print_view(client):
    procedure = make_birth_registration()
    response = client.get(reverse("catalog:detail", args=[procedure.code]))
    assert reverse("catalog:print", args=[procedure.code]) in links(response)
    assert "Bản in" in text(response)


def test_detail_shows_the_active_version_and_lists_the_others(client):
    make_procedure(code="1.000200", name="Tên cũ", version=1, status=VersionStatus.REPLACED)
    make_procedure(code="1.000200", name="Tên mới", version=2)
    response = client.get(reverse("catalog:detail", args=["1.000200"]))
    page = text(response)
    assert response.context["procedure"].name == "Tên mới"
    assert "không phải phiên bản đang áp dụng" not in page
    assert "/thu-tuc/1.000200/?version=1" in links(response)


def test_detail_older_version_has_a_clear_banner(client):
    make_procedure(code="1.000200", name="Tên cũ", version=1, status=VersionStatus.REPLACED)
    make_procedure(code="1.000200", name="Tên mới", version=2)
    response = client.get(reverse("catalog:detail", args=["1.000200"]), {"version": "1"})
    page = text(response)
    assert response.context["procedure"].name == "Tên cũ"
    assert "Đây là phiên bản 1 (Đã được thay thế), không phải phiên bản đang áp dụng." in page
    assert "Xem phiên bản đang áp dụng" in page


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("abc", "Phiên bản phải là một số nguyên dương"),
        ("-3", "Phiên bản phải là một số nguyên dương"),
        ("7", "Thủ tục này không có phiên bản 7"),
        ("99999999999999999999999", "Thủ tục này không có phiên bản"),
    ],
)
def test_detail_with_bad_version_explains_and_shows_the_active_one(client, version, message):
    make_procedure(code="1.000300", name="Hiện hành")
    response = client.get(reverse("catalog:detail", args=["1.000300"]), {"version": version})
    assert response.status_code == 200
    assert message in text(response)
    assert response.context["procedure"].name == "Hiện hành"


def test_detail_of_unknown_code_or_draft_is_a_vietnamese_404(client):
    make_procedure(code="1.000400", status=VersionStatus.DRAFT)
    for code in ["1.000400", "khong-co", "x" * 300]:
        response = client.get(reverse("catalog:detail", args=[code]))
        assert response.status_code == 404
        assert "Không tìm thấy trang" in text(response)


def test_detail_of_abolished_procedure_shows_it_with_a_banner(client):
    make_procedure(
        code="1.000500",
        name="Đã bãi bỏ",
        status=VersionStatus.ABOLISHED,
        valid_to=dt.date(2024, 1, 1),
    )
    page = text(client.get(reverse("catalog:detail", args=["1.000500"])))
    assert "Đây là phiên bản 1 (Đã bãi bỏ), không phải phiên bản đang áp dụng." in page


def test_detail_has_the_deadline_preview_hook(client, monkeypatch):
    procedure = make_birth_registration()
    url = reverse("catalog:detail", args=[procedure.code])
    monkeypatch.setattr(views, "deadline_preview_for", lambda procedure: None)
    assert "Nếu nộp hồ sơ bây giờ" not in text(client.get(url))

    due = dt.datetime(2026, 12, 1, 17, 0, tzinfo=dt.UTC)
    preview = SimpleNamespace(due=due, explanation="Tính từ ngày làm việc tiếp theo.")
    monkeypatch.setattr(views, "deadline_preview_for", lambda procedure: preview)
    page = text(client.get(url))
    assert "Nếu nộp hồ sơ bây giờ, kết quả dự kiến vào" in page
    assert "02/12/2026 00:00" in page  # shown in Asia/Ho_Chi_Minh
    assert "Tính từ ngày làm việc tiếp theo." in page


def test_detail_liaison_type_comes_from_parallel_workflow_steps(client):
    procedure = make_birth_registration()
    procedure.workflow_steps.filter(order=2).update(parallel_group=1)
    page = text(client.get(reverse("catalog:detail", args=[procedure.code])))
    assert "Thủ tục liên thông" in page


# ---- print ----------------------------------------------------------------------------


def test_print_view_has_the_record_and_a_print_button(client):
    procedure = make_birth_registration()
    response = client.get(reverse("catalog:print", args=[procedure.code]))
    body = response.content.decode()
    page = text(response)
    assert response.status_code == 200
    assert '<button type="button" onclick="window.print()">' in body
    assert "@page { size: A4" in body
    for label in RECORD_LABELS:
        assert label in page, label
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page
    assert re.search(r"In ngày \d\d/\d\d/\d{4} từ http://testserver/thu-tuc/1.001193/in/", page)


def test_print_view_of_an_older_version_keeps_the_banner(client):
    make_procedure(code="1.000600", name="Tên cũ", version=1, status=VersionStatus.REPLACED)
    make_procedure(code="1.000600", name="Tên mới", version=2)
    page = text(client.get(reverse("catalog:print", args=["1.000600"]), {"version": "1"}))
    assert "Tên cũ" in page
    assert "không phải phiên bản đang áp dụng" in page


# ---- query counts ---------------------------------------------------------------------


def count_queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "params", [{}, {"q": "thu tuc"}, {"field": "ho-tich", "level": "commune", "online_level": "4"}]
)
def test_list_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, params):
    agency = make_agency()
    for _ in range(2):
        make_procedure(agencies=[agency], online_level_legacy=4)
    few = count_queries(client, LIST, params)
    for _ in range(30):
        make_procedure(agencies=[agency], online_level_legacy=4, field=make_field())
    get_field("ho-tich", "Hộ tịch")
    with django_assert_max_num_queries(few):
        client.get(LIST, params)


def test_home_query_count_does_not_grow_with_fields(client, django_assert_max_num_queries):
    make_procedure()
    few = count_queries(client, "/")
    for _ in range(20):
        make_procedure(field=make_field())
    with django_assert_max_num_queries(few):
        client.get("/")


def test_detail_query_count_does_not_grow_with_documents(client, django_assert_max_num_queries):
    procedure = make_birth_registration()
    url = reverse("catalog:detail", args=[procedure.code])
    few = count_queries(client, url)
    for order in range(3, 30):
        procedure.documents.create(order=order, name=f"Giấy tờ {order}", originals=1)
        procedure.agencies.add(make_agency(name=f"Cơ quan {order}"))
    with django_assert_max_num_queries(few):
        client.get(url)


def test_detail_lists_the_receiving_agencies_in_vietnamese_alphabetical_order(client):
    names = ["UBND phường Ô Chợ Dừa", "UBND phường Ngã Tư Sở", "UBND phường Đống Đa", "UBND phường Dịch Vọng"]
    agencies = [make_agency(name=name, code=f"000.{n}.35.H26") for n, name in enumerate(names, start=40)]
    procedure = make_procedure(agencies=agencies)

    page = text(client.get(reverse("catalog:detail", args=[procedure.code])))

    positions = [page.index(name) for name in names]
    # Dịch Vọng < Đống Đa (d before đ) < Ngã Tư Sở < Ô Chợ Dừa (o before ô, both after n).
    assert [names[i] for i in sorted(range(4), key=positions.__getitem__)] == [
        "UBND phường Dịch Vọng", "UBND phường Đống Đa", "UBND phường Ngã Tư Sở", "UBND phường Ô Chợ Dừa",
    ]
