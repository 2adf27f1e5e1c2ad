import pytest
from django.urls import reverse

from motcua.units.models import (
    AdministrativeUnit,
    Agency,
    DataProvenance,
    Membership,
    Role,
    UnitChange,
    UnitChangeLink,
)

from .conftest import count_queries

MODELS = [AdministrativeUnit, UnitChange, UnitChangeLink, Agency, Membership, DataProvenance]


@pytest.fixture
def admin_client_with_demo(client, django_user_model, dong_da):
    admin = django_user_model.objects.create_superuser("quantri", password=None)
    Membership.objects.create(user=admin, agency=dong_da.district_pc, role=Role.ADMINISTRATOR)
    DataProvenance.objects.create(dataset="Thử", source="test", rows=1)
    client.force_login(admin)
    return client


def changelist(model):
    return reverse(f"admin:units_{model._meta.model_name}_changelist")


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_model_has_a_vietnamese_admin_list(admin_client_with_demo, model):
    response = admin_client_with_demo.get(changelist(model))
    assert response.status_code == 200
    assert str(model._meta.verbose_name_plural) in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_admin_lists_do_not_grow_queries_with_rows(admin_client_with_demo, dong_da, model):
    url = changelist(model)
    small = count_queries(lambda: admin_client_with_demo.get(url))
    for i in range(15):
        unit = AdministrativeUnit.objects.create(
            code=f"9{i:04d}", name=f"Phường Thử {i}", unit_type="commune", parent=dong_da.district
        )
        agency = Agency.objects.create(
            name=f"UBND phường Thử {i}",
            kind="peoples_committee",
            unit=unit,
            parent=dong_da.district_pc,
        )
        change = UnitChange.objects.create(
            kind="rename", effective_date="2019-01-01", legal_basis=f"Thử {i}"
        )
        UnitChangeLink.objects.create(
            change=change, predecessor=unit, successor=dong_da.wards_2018[0]
        )
        Membership.objects.create(
            user=Membership.objects.first().user, agency=agency, role=Role.LEADER
        )
        DataProvenance.objects.create(dataset=f"Thử {i}", source="test")
    assert count_queries(lambda: admin_client_with_demo.get(url)) == small


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        (AdministrativeUnit, "kim lien", "Phường Kim Liên"),
        (AdministrativeUnit, "00229", "Phường Kim Liên"),
        (Agency, "bo phan tiep nhan va tra ket qua phuong kham thien", "phường Khâm Thiên"),
        (UnitChange, "1656", "Nhập (01/07/2025)"),
        (UnitChangeLink, "trung phung", "Phường Trung Phụng → Phường Khâm Thiên"),
    ],
)
def test_admin_search_ignores_diacritics(admin_client_with_demo, model, term, expected):
    page = admin_client_with_demo.get(changelist(model), {"q": term}).content.decode()
    assert expected in page


@pytest.mark.django_db
def test_admin_validity_filter_keeps_units_in_force_today(admin_client_with_demo):
    page = admin_client_with_demo.get(
        changelist(AdministrativeUnit), {"validity": "current"}
    ).content.decode()
    assert "Phường Đống Đa" in page and "Phường Trung Phụng" not in page
    ended = admin_client_with_demo.get(
        changelist(AdministrativeUnit), {"validity": "ended"}
    ).content.decode()
    assert "Phường Trung Phụng" in ended


@pytest.mark.django_db
def test_parent_autocomplete_finds_units_without_diacritics(admin_client_with_demo):
    response = admin_client_with_demo.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "units",
            "model_name": "administrativeunit",
            "field_name": "parent",
            "term": "dong da",
        },
    )
    names = {item["text"] for item in response.json()["results"]}
    assert {"Quận Đống Đa", "Phường Đống Đa"} <= names


@pytest.mark.django_db
def test_agency_page_shows_its_officials_inline(admin_client_with_demo, dong_da):
    page = admin_client_with_demo.get(
        reverse("admin:units_agency_change", args=[dong_da.district_pc.pk])
    ).content.decode()
    assert "quantri" in page and "Quản trị hệ thống" in page
