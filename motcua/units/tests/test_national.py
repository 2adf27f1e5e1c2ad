import datetime as dt
import gzip
import io
import json

import pytest
from django.core.management import CommandError, call_command

from motcua.units import national
from motcua.units.data import build_legacy
from motcua.units.history import after, before
from motcua.units.models import AdministrativeUnit, DataProvenance, UnitType

JUNE_30, JULY_1 = dt.date(2025, 6, 30), dt.date(2025, 7, 1)


def load(*args):
    out = io.StringIO()
    call_command("load_units", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_load_units_for_hanoi_loads_both_eras_with_provenance():
    output = load("--province", "01")
    units = AdministrativeUnit.objects
    hanoi = units.by_code_on("01", JUNE_30)
    assert hanoi == units.by_code_on("01", JULY_1)  # not rearranged in 2025: one unit in both eras
    assert hanoi.valid_from is None and hanoi.valid_to is None
    dong_da = units.by_code_on("006", JUNE_30)
    assert dong_da.valid_to == JUNE_30 and dong_da.parent == hanoi
    assert units.valid_on(JUNE_30).filter(parent=dong_da).count() == 17
    assert units.valid_on(JULY_1).filter(parent=hanoi, unit_type=UnitType.COMMUNE).count() == 126
    assert not units.valid_on(JULY_1).filter(unit_type=UnitType.DISTRICT).exists()
    assert units.by_code_on("00229", JUNE_30).name == "Phường Kim Liên"
    assert units.by_code_on("00229", JUNE_30).valid_to == JUNE_30
    assert units.by_code_on("00235", JULY_1).name == "Phường Đống Đa"

    legacy, current = DataProvenance.objects.order_by("pk")
    assert legacy.version.startswith("0.6.0") and legacy.licence == "GPL-3.0-or-later"
    assert "Tổng cục Thống kê" in legacy.note
    assert legacy.rows == 1 + 30 + 526  # Hà Nội, its 30 districts and 526 communes of June 2025
    assert current.version.startswith("2025.") and current.rows == 126
    assert "tạo mới 557" in output and "tạo mới 126" in output


@pytest.mark.django_db
def test_loading_twice_creates_nothing_new():
    load("--province", "01")
    before_count = AdministrativeUnit.objects.count()
    output = load("--province", "01")
    assert AdministrativeUnit.objects.count() == before_count
    assert "tạo mới 0" in output
    assert DataProvenance.objects.count() == 4  # one row per era per run


@pytest.mark.django_db
def test_legacy_units_end_on_30_june_and_current_ones_start_on_1_july():
    load("--province", "46")  # Huế: not rearranged; its communes were
    units = AdministrativeUnit.objects.exclude(unit_type=UnitType.PROVINCE)
    assert set(units.filter(valid_from__isnull=True).values_list("valid_to", flat=True)) == {
        JUNE_30
    }
    assert set(units.filter(valid_to__isnull=True).values_list("valid_from", flat=True)) == {JULY_1}
    current_hue = AdministrativeUnit.objects.by_code_on("46", JULY_1)
    assert "202/2025/QH15" in current_hue.legal_act


@pytest.mark.django_db
def test_a_merged_province_is_linked_to_its_predecessors():
    load("--province", "24")  # legacy 24 is Bắc Giang; since 2025, 24 is the new Bắc Ninh
    bac_giang = AdministrativeUnit.objects.by_code_on("24", JUNE_30)
    bac_ninh = AdministrativeUnit.objects.by_code_on("24", JULY_1)
    assert (bac_giang.name, bac_ninh.name) == ("Tỉnh Bắc Giang", "Tỉnh Bắc Ninh")
    (step,) = after(bac_giang)
    assert step.unit == bac_ninh and step.whole and "202/2025/QH15" in step.change.legal_basis
    assert bac_ninh.legal_act == "Nghị quyết 202/2025/QH15"
    assert [s.unit for s in before(bac_ninh)] == [bac_giang]


@pytest.mark.django_db
def test_only_one_era_can_be_loaded():
    load("--era", "current", "--province", "1")
    assert not AdministrativeUnit.objects.filter(unit_type=UnitType.DISTRICT).exists()
    assert AdministrativeUnit.objects.count() == 1 + 126


@pytest.mark.django_db
@pytest.mark.parametrize("code", ["99", "abc", "123"])
def test_unknown_province_is_refused_in_vietnamese(code):
    with pytest.raises(CommandError, match="Không có tỉnh, thành phố mã"):
        load("--province", code)
    assert not AdministrativeUnit.objects.exists()


@pytest.mark.django_db
def test_national_list_reuses_the_demo_units_in_either_order(dong_da):
    demo_units = AdministrativeUnit.objects.count()
    load("--province", "01")
    # the demo's Hà Nội, district and 17 wards of June 2025, and 7 wards of July 2025 are reused
    assert (
        AdministrativeUnit.objects.filter(code="00229").count() == 1
    )  # only Kim Liên of 2018 bears 00229
    assert (
        AdministrativeUnit.objects.valid_on(JUNE_30).filter(parent=dong_da.district).count() == 17
    )
    hanoi_legacy = 1 + 30 + 526
    assert AdministrativeUnit.objects.count() == demo_units + hanoi_legacy + 126 - 1 - 1 - 17 - 7


@pytest.mark.django_db
def test_the_whole_country_loads_in_both_eras():
    load()
    units = AdministrativeUnit.objects
    assert units.valid_on(JUNE_30).filter(unit_type=UnitType.PROVINCE).count() == 63
    assert units.valid_on(JUNE_30).filter(unit_type=UnitType.DISTRICT).count() == 696
    assert units.valid_on(JUNE_30).filter(unit_type=UnitType.COMMUNE).count() == 10051
    assert units.valid_on(JULY_1).filter(unit_type=UnitType.PROVINCE).count() == 34
    assert units.valid_on(JULY_1).filter(unit_type=UnitType.COMMUNE).count() == 3321
    merged = sum(len(m["legacy"]) for m in national.read_provinces_2025()["merges"])
    assert merged == 52


def test_legacy_file_records_where_its_data_comes_from():
    data = national.read_legacy_file()
    assert data["source_package"] == "vietnam-provinces" and data["source_version"] == "0.6.0"
    assert data["licence"] == "GPL-3.0-or-later" and "Tổng cục Thống kê" in data["codes"]
    assert len(data["provinces"]) == 63


def test_build_legacy_converts_and_writes_the_same_bytes_twice(tmp_path):
    divisions = [
        {
            "code": 1,
            "name": "Thành phố Hà Nội",
            "districts": [
                {
                    "code": 6,
                    "name": "Quận Đống Đa",
                    "wards": [{"code": 229, "name": "Phường Kim Liên"}],
                },
                {
                    "code": 769,
                    "name": "Thành Phố Thủ Đức",
                    "wards": [{"code": 26734, "name": "Thị trấn Thử"}],
                },
            ],
        }
    ]
    data = build_legacy.convert(divisions)
    hanoi = data["provinces"][0]
    assert hanoi[:3] == ["01", "Thành phố Hà Nội", "Thành phố"]
    assert hanoi[3][0][3] == [["00229", "Phường Kim Liên", "Phường"]]
    assert hanoi[3][1][1:3] == ["Thành phố Thủ Đức", "Thành phố"]
    assert hanoi[3][1][3][0][2] == "Thị trấn"
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    build_legacy.write(data, first)
    build_legacy.write(data, second)
    assert first.read_bytes() == second.read_bytes()
    assert json.loads(gzip.decompress(first.read_bytes()))["source_version"] == "0.6.0"
