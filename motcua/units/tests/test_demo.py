import datetime as dt
import json

import pytest
from vietnam_provinces import Ward

from motcua.units import national
from motcua.units.demo import DATA_FILE, load_dong_da
from motcua.units.history import after, before
from motcua.units.models import AdministrativeUnit, Agency, UnitChange, UnitChangeLink

WARDS_2018 = {
    "00178": "Cát Linh",
    "00181": "Văn Miếu",
    "00184": "Quốc Tử Giám",
    "00187": "Láng Thượng",
    "00190": "Ô Chợ Dừa",
    "00193": "Văn Chương",
    "00196": "Hàng Bột",
    "00199": "Láng Hạ",
    "00202": "Khâm Thiên",
    "00205": "Thổ Quan",
    "00208": "Nam Đồng",
    "00211": "Trung Phụng",
    "00214": "Quang Trung",
    "00217": "Trung Liệt",
    "00220": "Phương Liên",
    "00223": "Thịnh Quang",
    "00226": "Trung Tự",
    "00229": "Kim Liên",
    "00232": "Phương Mai",
    "00235": "Ngã Tư Sở",
    "00238": "Khương Thượng",
}


def table_sizes():
    return tuple(
        m.objects.count() for m in (AdministrativeUnit, Agency, UnitChange, UnitChangeLink)
    )


@pytest.mark.django_db
def test_dong_da_has_its_21_wards_of_2018_with_gso_codes(dong_da):
    assert dong_da.province.code == "01" and dong_da.province.name == "Thành phố Hà Nội"
    assert dong_da.district.code == "006" and dong_da.district.valid_to == dt.date(2025, 6, 30)
    assert {w.code: w.name.removeprefix("Phường ") for w in dong_da.wards_2018} == WARDS_2018
    in_2018 = AdministrativeUnit.objects.valid_on(dt.date(2018, 5, 12)).filter(
        parent=dong_da.district
    )
    assert in_2018.count() == 21


@pytest.mark.django_db
def test_loading_the_demo_twice_changes_nothing(dong_da):
    sizes = table_sizes()
    again = load_dong_da()
    assert table_sizes() == sizes
    assert again.ward_pcs["00229"] == dong_da.ward_pcs["00229"]


@pytest.mark.django_db
def test_every_2018_ward_has_a_committee_and_a_desk_with_an_electronic_code(dong_da):
    assert set(dong_da.ward_pcs) == set(dong_da.ward_desks) == set(WARDS_2018)
    kim_lien_desk = dong_da.ward_desks["00229"]
    assert kim_lien_desk.name == "Bộ phận tiếp nhận và trả kết quả phường Kim Liên"
    assert kim_lien_desk.parent == dong_da.ward_pcs["00229"]
    assert kim_lien_desk.code.endswith(".H26")
    assert dong_da.city_pc.code == "000.00.00.H26"
    assert dong_da.district_desk.name == "Bộ phận tiếp nhận và trả kết quả quận Đống Đa"
    assert set(dong_da.departments) == {
        "office",
        "home_affairs",
        "justice",
        "urban_management",
        "culture_information",
    }
    assert dong_da.departments["justice"].name == "Phòng Tư pháp quận Đống Đa"


@pytest.mark.django_db
def test_kim_lien_2018_shows_what_it_became_in_2025(dong_da):
    kim_lien = dong_da.ward_2018("kim lien")
    (step,) = after(kim_lien)
    assert step.unit.name == "Phường Kim Liên" and step.unit.valid_from == dt.date(2025, 7, 1)
    assert step.whole is True
    assert step.change.effective_date == dt.date(2025, 7, 1)
    assert "1656/NQ-UBTVQH15" in step.change.legal_basis
    # …and the 2025 ward remembers everything it was formed from in Đống Đa.
    sources = {s.unit.name: s.whole for s in before(step.unit)}
    assert sources == {
        "Phường Kim Liên": True,
        "Phường Khương Thượng": True,
        "Phường Trung Liệt": False,
        "Phường Nam Đồng": False,
        "Phường Phương Liên - Trung Tự": False,
        "Phường Quang Trung": False,
        "Phường Phương Mai": False,
    }


@pytest.mark.django_db
def test_the_january_2025_mergers_are_recorded(dong_da):
    van_mieu = dong_da.ward_2018("van mieu")
    (step,) = after(van_mieu)
    assert step.unit.name == "Phường Văn Miếu - Quốc Tử Giám"
    assert step.change.effective_date == dt.date(2025, 1, 1)
    assert "1286/NQ-UBTVQH15" in step.change.legal_basis
    ngã_tư_sở = {s.unit.name: s.whole for s in after(dong_da.ward_2018("nga tu so"))}
    assert ngã_tư_sở == {"Phường Thịnh Quang": False, "Phường Khương Thượng": False}


@pytest.mark.django_db
def test_every_ward_of_2018_leads_to_a_ward_of_july_2025(dong_da):
    july = set(dong_da.wards_2025)

    def reaches_july(unit, depth=0):
        return unit in july or any(
            reaches_july(s.unit, depth + 1) for s in after(unit) if depth < 3
        )

    assert all(reaches_july(w) for w in dong_da.wards_2018)


@pytest.mark.django_db
def test_the_district_is_dissolved_into_the_city(dong_da):
    (step,) = after(dong_da.district)
    assert step.change.kind == "dissolve"
    assert step.unit == dong_da.province
    assert "203/2025/QH15" in step.change.legal_basis


def test_demo_data_matches_the_national_lists_it_was_checked_against():
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    legacy = national.read_legacy_file()
    (hanoi,) = [p for p in legacy["provinces"] if p[0] == "01"]
    (district,) = [d for d in hanoi[3] if d[0] == "006"]
    june_2025 = {w[0]: w[1] for w in district[3]}
    expected = {
        w["code"]: w["name"] for w in data["wards_2018"]["items"] if w["valid_to"] == "2025-06-30"
    }
    expected |= {w["code"]: w["name"] for w in data["wards_2025_01"]["items"]}
    assert june_2025 == expected
    current = {f"{int(w.code):05d}": w.name for w in Ward.iter_by_province(1)}
    assert all(current[w["code"]] == w["name"] for w in data["wards_2025"]["items"])
