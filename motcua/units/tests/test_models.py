import datetime as dt

import pytest

from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, UnitType


@pytest.mark.django_db
def test_by_code_on_finds_the_unit_that_bore_a_reused_code_that_day(dong_da):
    # 00235 was Ngã Tư Sở, then Thịnh Quang (from 1/1/2025), then Phường Đống Đa (from 1/7/2025).
    units = AdministrativeUnit.objects
    assert units.by_code_on("00235", dt.date(2018, 5, 12)).name == "Phường Ngã Tư Sở"
    assert units.by_code_on("00235", dt.date(2025, 3, 1)).name == "Phường Thịnh Quang"
    assert units.by_code_on("00235", dt.date(2025, 7, 1)).name == "Phường Đống Đa"
    assert units.filter(code="00235").count() == 3


@pytest.mark.django_db
def test_by_code_on_a_day_when_nobody_bore_the_code_raises_does_not_exist(dong_da):
    with pytest.raises(AdministrativeUnit.DoesNotExist):
        AdministrativeUnit.objects.by_code_on(
            "00211", dt.date(2025, 3, 1)
        )  # Trung Phụng ended 2024


@pytest.mark.django_db
def test_agency_keeps_a_folded_name_for_search_even_with_update_fields():
    unit = AdministrativeUnit.objects.create(
        code="00229", name="Phường Kim Liên", unit_type=UnitType.COMMUNE
    )
    agency = Agency.objects.create(
        name="Ủy ban nhân dân phường Kim Liên", kind=AgencyKind.PEOPLES_COMMITTEE, unit=unit
    )
    assert agency.name_folded == "uy ban nhan dan phuong kim lien"
    agency.name = "Đội quản lý trật tự đô thị"
    agency.save(update_fields=["name"])
    agency.refresh_from_db()
    assert agency.name_folded == "doi quan ly trat tu do thi"
