import pytest

from motcua.units.models import AdministrativeUnit, UnitType

from .conftest import count_queries

UNITS = "/api/v1/units/"
AGENCIES = "/api/v1/agencies/"


@pytest.mark.django_db
def test_units_valid_on_a_day_with_their_parent(client, dong_da):
    data = client.get(
        UNITS, {"on": "2018-05-12", "parent": dong_da.district.pk, "page_size": 100}
    ).json()
    assert data["count"] == 21
    kim_lien = next(u for u in data["results"] if u["code"] == "00229")
    assert kim_lien["name"] == "Phường Kim Liên"
    assert (kim_lien["parent_code"], kim_lien["parent_name"]) == ("006", "Quận Đống Đa")
    assert kim_lien["valid_to"] == "2025-06-30" and kim_lien["unit_type"] == UnitType.COMMUNE


@pytest.mark.django_db
def test_a_reused_code_needs_the_day_to_name_one_unit(client, dong_da):
    every_era = client.get(UNITS, {"code": "00235"}).json()
    assert {u["name"] for u in every_era["results"]} == {
        "Phường Ngã Tư Sở",
        "Phường Thịnh Quang",
        "Phường Đống Đa",
    }
    one = client.get(UNITS, {"code": "00235", "on": "2025-03-01"}).json()
    assert [u["name"] for u in one["results"]] == ["Phường Thịnh Quang"]


@pytest.mark.django_db
def test_search_and_type_filters(client, dong_da):
    found = client.get(UNITS, {"search": "KIM LIEN", "on": "2025-08-01"}).json()["results"]
    assert [(u["name"], u["valid_from"]) for u in found] == [("Phường Kim Liên", "2025-07-01")]
    districts = client.get(UNITS, {"type": "district"}).json()["results"]
    assert [u["name"] for u in districts] == ["Quận Đống Đa"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"on": "2018-02-30"}, "on", "Ngày “on” không hợp lệ"),
        ({"on": "12/05/2018"}, "on", "Ngày “on” không hợp lệ"),
        ({"type": "ward"}, "type", "Cấp “ward” không hợp lệ"),
        ({"parent": "abc"}, "parent", "Mã số (id) phải là số nguyên dương"),
        ({"parent": "99999999999999999999"}, "parent", "Mã số (id) phải là số nguyên dương"),
    ],
)
def test_bad_filters_answer_400_in_vietnamese(client, dong_da, params, field, message):
    response = client.get(UNITS, params)
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert message in body["errors"][field][0]


@pytest.mark.django_db
def test_unit_detail_has_predecessors_and_successors(client, dong_da):
    kim_lien = dong_da.ward_2018("kim lien")
    data = client.get(f"{UNITS}{kim_lien.pk}/").json()
    (successor,) = data["successors"]
    assert (
        successor["unit"]["name"] == "Phường Kim Liên"
        and successor["unit"]["valid_from"] == "2025-07-01"
    )
    assert (successor["kind"], successor["effective_date"], successor["whole"]) == (
        "merge",
        "2025-07-01",
        True,
    )
    assert "1656/NQ-UBTVQH15" in successor["legal_basis"]
    (predecessor,) = data["predecessors"]
    assert predecessor["unit"]["name"] == "Phường Trung Tự" and predecessor["whole"] is False
    new_kim_lien = client.get(f"{UNITS}{successor['unit']['id']}/").json()
    assert len(new_kim_lien["predecessors"]) == 7 and new_kim_lien["successors"] == []


@pytest.mark.django_db
def test_unknown_or_absurd_ids_answer_404(client, dong_da):
    assert client.get(f"{UNITS}{10**9}/").status_code == 404
    assert client.get(f"{UNITS}99999999999999999999999/").status_code == 404


@pytest.mark.django_db
def test_unit_list_and_detail_queries_do_not_grow_with_rows(
    client, dong_da, django_assert_max_num_queries
):
    detail = f"{UNITS}{dong_da.district.pk}/"
    small = count_queries(lambda: client.get(UNITS)), count_queries(lambda: client.get(detail))
    for i in range(30):
        AdministrativeUnit.objects.create(
            code=f"9{i:04d}",
            name=f"Phường Thử {i}",
            unit_type=UnitType.COMMUNE,
            parent=dong_da.district,
        )
    large = count_queries(lambda: client.get(UNITS)), count_queries(lambda: client.get(detail))
    assert small == large
    with django_assert_max_num_queries(4):
        client.get(UNITS, {"page_size": 100})


@pytest.mark.django_db
def test_agencies_of_a_ward_and_by_folded_name(client, dong_da):
    kim_lien = dong_da.ward_2018("kim lien")
    data = client.get(AGENCIES, {"unit": kim_lien.pk}).json()
    assert {a["name"] for a in data["results"]} == {
        "Ủy ban nhân dân phường Kim Liên",
        "Bộ phận tiếp nhận và trả kết quả phường Kim Liên",
    }
    desk = client.get(AGENCIES, {"search": "bo phan tiep nhan quan dong da"}).json()["results"]
    assert [(a["code"], a["unit_code"], a["parent_name"]) for a in desk] == [
        ("000.10.06.H26", "006", "Ủy ban nhân dân quận Đống Đa"),
    ]
    open_2026 = client.get(AGENCIES, {"on": "2026-01-01", "kind": "service_centre"}).json()
    assert open_2026["count"] == 7


@pytest.mark.django_db
def test_agency_api_rejects_bad_filters_and_keeps_queries_flat(
    client, dong_da, django_assert_max_num_queries
):
    response = client.get(AGENCIES, {"kind": "bank"})
    assert (
        response.status_code == 400
        and "Loại cơ quan “bank” không hợp lệ" in response.json()["errors"]["kind"][0]
    )
    assert client.get(AGENCIES, {"on": "2018-99-01"}).status_code == 400
    with django_assert_max_num_queries(3):
        assert client.get(AGENCIES, {"page_size": 100}).json()["count"] == 70


@pytest.mark.django_db
def test_openapi_schema_documents_the_unit_filters(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/units/"]["get"]["parameters"]}
    assert {"on", "type", "parent", "code", "search", "page"} <= parameters
    detail = schema["paths"]["/api/v1/units/{id}/"]["get"]["responses"]
    assert "predecessors" in str(schema["components"]["schemas"]) and "404" in detail
