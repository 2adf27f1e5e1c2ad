import re

import pytest
from django.urls import reverse

from motcua.units.models import AdministrativeUnit, UnitChange, UnitChangeLink, UnitType

from .conftest import count_queries

LIST = reverse("units:list")


def text(response) -> str:
    """The visible text of a page, whitespace squeezed, to assert on what a reader sees."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body))


def add_wards(district, n, start=0):
    for i in range(start, start + n):
        AdministrativeUnit.objects.create(
            code=f"9{i:04d}", name=f"Phường Thử {i}", unit_type=UnitType.COMMUNE, parent=district
        )


@pytest.mark.django_db
def test_tree_of_2018_shows_hanoi_then_dong_da_then_its_21_wards(client, dong_da):
    root = text(client.get(LIST, {"on": "2018-05-12"}))
    assert "Thành phố Hà Nội" in root and "12/05/2018" in root
    city = text(client.get(LIST, {"on": "2018-05-12", "parent": dong_da.province.pk}))
    assert "Quận Đống Đa" in city and "21 đơn vị trực thuộc" in city
    assert "Phường Đống Đa" not in city  # a ward of 2025
    district = client.get(LIST, {"on": "2018-05-12", "parent": dong_da.district.pk})
    page = text(district)
    assert "Đơn vị trực thuộc (21)" in page
    assert "Phường Trung Phụng" in page and "Phường Văn Miếu - Quốc Tử Giám" not in page


@pytest.mark.django_db
def test_tree_follows_the_chosen_date(client, dong_da):
    march_2025 = text(client.get(LIST, {"on": "2025-03-01", "parent": dong_da.district.pk}))
    assert "Đơn vị trực thuộc (17)" in march_2025 and "Phường Văn Miếu - Quốc Tử Giám" in march_2025
    august_2025 = text(client.get(LIST, {"on": "2025-08-01", "parent": dong_da.province.pk}))
    assert "Phường Đống Đa" in august_2025 and "Quận Đống Đa" not in august_2025


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "on", "expected"),
    [
        ("kim lien", "2018-05-12", "Phường Kim Liên"),
        ("KIM LIÊN", "2025-08-01", "Phường Kim Liên"),
        ("dong da", "2018-05-12", "Quận Đống Đa"),
        ("dong da", "2025-08-01", "Phường Đống Đa"),
        ("00229", "2018-05-12", "Phường Kim Liên"),
    ],
)
def test_search_without_diacritics_finds_units_valid_that_day(client, dong_da, query, on, expected):
    page = text(client.get(LIST, {"q": query, "on": on}))
    assert "Kết quả tìm" in page and expected in page


@pytest.mark.django_db
def test_search_result_names_the_parents(client, dong_da):
    page = text(client.get(LIST, {"q": "kham thien", "on": "2018-05-12"}))
    assert "Phường Khâm Thiên" in page and "Quận Đống Đa, Thành phố Hà Nội" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"on": "2018-13-45"}, "Ngày không hợp lệ"),
        ({"on": "hôm qua"}, "Ngày không hợp lệ"),
        ({"parent": "abc"}, "Đơn vị cấp trên không hợp lệ"),
        ({"parent": "99999999999999999999999"}, "Đơn vị cấp trên không hợp lệ"),
        ({"q": "x" * 300}, "dài quá 200 ký tự"),
        ({"q": "kim\x00lien"}, "ký tự không hợp lệ"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_still_a_page(client, dong_da, params, message):
    response = client.get(LIST, params)
    assert response.status_code == 400
    page = text(response)
    assert message in page and "Đơn vị hành chính" in page


@pytest.mark.django_db
def test_unknown_parent_or_unit_answers_404(client, dong_da):
    assert client.get(LIST, {"parent": 10**9}).status_code == 404
    assert client.get(reverse("units:detail", args=[10**9])).status_code == 404
    assert client.get("/units/99999999999999999999999/").status_code == 404


@pytest.mark.django_db
def test_ward_page_of_2018_shows_what_it_became_after_the_reform(client, dong_da):
    kim_lien = dong_da.ward_2018("kim lien")
    page = text(client.get(reverse("units:detail", args=[kim_lien.pk])))
    assert "Trước đây / Sau sắp xếp" in page
    sau = page.split("Sau sắp xếp", 2)[2]
    assert "Phường Kim Liên (mã 00226) — toàn bộ" in sau
    assert "Nhập, có hiệu lực từ 01/07/2025" in sau and "Nghị quyết 1656/NQ-UBTVQH15" in sau
    before = page.split("Trước đây", 2)[2].split("Sau sắp xếp")[0]
    assert "Phường Trung Tự" in before and "một phần" in before and "01/01/2025" in before
    assert "Đã kết thúc hiệu lực ngày 30/06/2025" in page
    assert "Quận Đống Đa" in page and "Bộ phận tiếp nhận và trả kết quả phường Kim Liên" in page


@pytest.mark.django_db
def test_new_ward_page_lists_the_old_wards_it_was_formed_from(client, dong_da):
    new_kim_lien = next(w for w in dong_da.wards_2025 if w.name == "Phường Kim Liên")
    page = text(client.get(reverse("units:detail", args=[new_kim_lien.pk])))
    assert "Đang có hiệu lực" in page
    for old in ("Phường Khương Thượng", "Phường Phương Mai", "Phường Phương Liên - Trung Tự"):
        assert old in page
    assert "Trung tâm Phục vụ hành chính công phường Kim Liên" in page


@pytest.mark.django_db
def test_long_lists_are_paginated(client, dong_da):
    add_wards(dong_da.district, 40)
    params = {"on": "2018-05-12", "parent": dong_da.district.pk}
    first = text(client.get(LIST, params))
    assert "Trang 1/2" in first and "Đơn vị trực thuộc (61)" in first
    second = text(client.get(LIST, {**params, "page": 2}))
    assert "Trang 2/2" in second
    assert client.get(LIST, {**params, "page": "abc"}).status_code == 200


@pytest.mark.django_db
def test_list_page_queries_do_not_grow_with_rows(client, dong_da, django_assert_max_num_queries):
    params = {"on": "2018-05-12", "parent": dong_da.district.pk}
    search = {"on": "2018-05-12", "q": "phuong"}
    add_wards(dong_da.district, 2)
    small = (
        count_queries(lambda: client.get(LIST, params)),
        count_queries(lambda: client.get(LIST, search)),
    )
    add_wards(dong_da.district, 25, start=100)
    large = (
        count_queries(lambda: client.get(LIST, params)),
        count_queries(lambda: client.get(LIST, search)),
    )
    assert small == large
    with django_assert_max_num_queries(6):
        client.get(LIST, params)


@pytest.mark.django_db
def test_detail_page_queries_do_not_grow_with_children_or_changes(
    client, dong_da, django_assert_max_num_queries
):
    url = reverse("units:detail", args=[dong_da.district.pk])
    small = count_queries(lambda: client.get(url))
    add_wards(dong_da.district, 20)
    change = UnitChange.objects.create(kind="merge", effective_date="2019-01-01", legal_basis="Thử")
    for ward in dong_da.wards_2018[:5]:
        UnitChangeLink.objects.create(change=change, predecessor=dong_da.district, successor=ward)
    assert count_queries(lambda: client.get(url)) == small
    with django_assert_max_num_queries(8):
        client.get(url)
