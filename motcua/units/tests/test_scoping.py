"""Who sees what: a matrix of officials of ward A, ward B, the district, admins and citizens."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from motcua.units.models import AdministrativeUnit, Agency, Membership, Role, UnitType
from motcua.units.scoping import visibility

from .conftest import DAY_2018, count_queries

KIM_LIEN, KHAM_THIEN = "00229", "00202"


@pytest.fixture
def people(dong_da, official, django_user_model):
    d = dong_da
    return {
        "ward_a_desk": official("a", (d.ward_desks[KIM_LIEN], Role.DESK_OFFICER)),
        "ward_a_specialist": official("a2", (d.ward_pcs[KIM_LIEN], Role.SPECIALIST)),
        "ward_b_leader": official("b", (d.ward_pcs[KHAM_THIEN], Role.LEADER)),
        "district_leader": official("leader", (d.district_pc, Role.LEADER)),
        "inspector": official("inspector", (d.district_pc, Role.INSPECTOR)),
        "reform_office": official("reform", (d.departments["home_affairs"], Role.REFORM_OFFICE)),
        "admin": official("admin", (d.district_pc, Role.ADMINISTRATOR)),
        "superuser": django_user_model.objects.create_superuser("root", password=None),
        "citizen": official("citizen"),
        "citizen_with_role": official("citizen2", (d.ward_pcs[KIM_LIEN], Role.CITIZEN)),
        "anonymous": AnonymousUser(),
    }


def sees(person, dong_da, on=DAY_2018):
    """The matrix row of one person: which of the demo's landmarks they can see."""
    v = visibility(person, on)
    d = dong_da
    return {
        "ward_a": v.can_see_unit(d.ward_2018("kim lien")),
        "ward_a_desk": v.can_see_agency(d.ward_desks[KIM_LIEN]),
        "ward_b": v.can_see_unit(d.ward_2018("kham thien")),
        "ward_b_desk": v.can_see_agency(d.ward_desks[KHAM_THIEN]),
        "district": v.can_see_unit(d.district),
        "district_desk": v.can_see_agency(d.district_desk),
        "city": v.can_see_unit(d.province),
    }


NONE = dict.fromkeys(
    ["ward_a", "ward_a_desk", "ward_b", "ward_b_desk", "district", "district_desk", "city"], False
)
ALL = dict.fromkeys(NONE, True)
WARD_A = {**NONE, "ward_a": True, "ward_a_desk": True}
WARD_B = {**NONE, "ward_b": True, "ward_b_desk": True}
DISTRICT = {**ALL, "city": False}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ward_a_desk", WARD_A),
        ("ward_a_specialist", WARD_A),
        ("ward_b_leader", WARD_B),
        ("district_leader", DISTRICT),
        ("inspector", DISTRICT),
        ("reform_office", DISTRICT),
        ("admin", ALL),
        ("superuser", ALL),
        ("citizen", NONE),
        ("citizen_with_role", NONE),
        ("anonymous", NONE),
    ],
)
def test_scoping_matrix_in_2018(people, dong_da, who, expected):
    assert sees(people[who], dong_da) == expected


@pytest.mark.django_db
def test_district_leader_sees_all_21_wards_of_2018_and_none_of_2025(people, dong_da):
    v = visibility(people["district_leader"], DAY_2018)
    assert all(v.can_see_unit(w) for w in dong_da.wards_2018)
    assert not any(v.can_see_unit(w) for w in dong_da.wards_2025)
    visible_wards = v.filter_units(AdministrativeUnit.objects.filter(unit_type=UnitType.COMMUNE))
    assert visible_wards.count() == 21


@pytest.mark.django_db
def test_district_subtree_follows_the_date_the_wards_were_valid(people, dong_da):
    v = visibility(people["district_leader"], dt.date(2025, 3, 1))
    visible = {
        u.name
        for u in v.filter_units(AdministrativeUnit.objects.filter(unit_type=UnitType.COMMUNE))
    }
    assert len(visible) == 17
    assert "Phường Văn Miếu - Quốc Tử Giám" in visible
    assert "Phường Văn Miếu" not in visible and "Phường Trung Phụng" not in visible


@pytest.mark.django_db
def test_after_the_district_ended_its_officials_still_reach_its_last_wards(people, dong_da):
    # The demo's posts have no end date; the district ended on 30/6/2025.
    v = visibility(people["district_leader"], dt.date(2026, 1, 15))
    assert v.can_see_unit(dong_da.district)
    assert v.can_see_unit(dong_da.ward_2018("kim lien"))
    assert not v.can_see_unit(dong_da.ward_2018("trung phung"))  # merged before the district ended
    assert not any(v.can_see_unit(w) for w in dong_da.wards_2025)


@pytest.mark.django_db
def test_a_post_outside_its_dates_grants_nothing(dong_da, official):
    d = dong_da
    user = official(
        "retired", (d.district_pc, Role.LEADER, dt.date(2010, 1, 1), dt.date(2017, 12, 31))
    )
    assert sees(user, d) == NONE
    assert sees(user, d, on=dt.date(2016, 6, 1))["district"] is True


@pytest.mark.django_db
def test_inactive_user_sees_nothing(people, dong_da):
    leader = people["district_leader"]
    leader.is_active = False
    leader.save()
    assert sees(leader, dong_da) == NONE


@pytest.mark.django_db
def test_child_agencies_are_visible_with_their_parent_wherever_they_are_attached(dong_da, official):
    d = dong_da
    # A branch whose parent is the ward's committee but which is filed under the district unit.
    branch = Agency.objects.create(
        name="Tổ một cửa lưu động phường Kim Liên",
        kind="other",
        unit=d.district,
        parent=d.ward_pcs[KIM_LIEN],
    )
    officer = official("a", (d.ward_pcs[KIM_LIEN], Role.SPECIALIST))
    assert visibility(officer, DAY_2018).can_see_agency(branch)


@pytest.mark.django_db
def test_filters_restrict_any_queryset_by_a_lookup_path(people, dong_da):
    v = visibility(people["ward_a_desk"], DAY_2018)
    memberships = v.filter_agencies(Membership.objects.all(), path="agency")
    assert {m.user.username for m in memberships} == {"a", "a2", "citizen2"}
    agencies = v.filter_units(Agency.objects.all(), path="unit")
    assert set(agencies) == {dong_da.ward_pcs[KIM_LIEN], dong_da.ward_desks[KIM_LIEN]}
    assert (
        visibility(people["admin"], DAY_2018).filter_units(Agency.objects.all(), "unit").count()
        == Agency.objects.count()
    )


@pytest.mark.django_db
def test_visibility_costs_a_handful_of_queries_whatever_the_tree_size(people, dong_da):
    leader = people["district_leader"]
    small = count_queries(lambda: visibility(leader, DAY_2018))
    for n in range(60):
        ward = AdministrativeUnit.objects.create(
            code=f"9{n:04d}",
            name=f"Phường Thử {n}",
            unit_type=UnitType.COMMUNE,
            parent=dong_da.district,
        )
        Agency.objects.create(name=f"UBND phường Thử {n}", kind="peoples_committee", unit=ward)
    large = count_queries(lambda: visibility(leader, DAY_2018))
    assert small == large <= 6
    assert len(visibility(leader, DAY_2018).unit_ids) == 1 + 21 + 60


# --- request_visibility: the same answer, posts read on every call, the expansion kept ---------


def test_request_visibility_gives_the_same_scope_as_visibility_for_everyone(people):
    from motcua.units.scoping import request_visibility

    for who, person in people.items():
        assert request_visibility(person) == visibility(person), who
        assert request_visibility(person) == visibility(person), f"{who}, kept"


def test_request_visibility_stops_at_once_when_a_post_ends(people):
    from django.utils import timezone

    from motcua.units.scoping import request_visibility

    person = people["ward_a_desk"]
    assert not request_visibility(person).nothing
    Membership.objects.filter(user=person).update(
        valid_to=timezone.localdate() - dt.timedelta(days=1)
    )

    assert request_visibility(person).nothing


def test_request_visibility_reads_one_query_once_the_expansion_is_kept(people):
    from motcua.units.scoping import request_visibility

    person = people["district_leader"]
    request_visibility(person)
    assert count_queries(lambda: request_visibility(person)) == 1


def test_request_visibility_of_a_signed_in_user_costs_no_query_and_gives_the_same_scope(people):
    """The sign-in backend reads the posts with the user: the scope needs no query of its own."""
    from motcua.accounts.backends import UserWithPostsBackend
    from motcua.units.scoping import request_visibility

    backend = UserWithPostsBackend()
    for who, person in people.items():
        if who == "anonymous":
            continue
        signed_in = backend.get_user(person.pk)
        request_visibility(signed_in)  # the expansion kept
        signed_in = backend.get_user(person.pk)
        assert count_queries(lambda u=signed_in: request_visibility(u)) == 0, who
        assert request_visibility(signed_in) == visibility(person), who


def test_a_post_ended_since_the_last_request_is_gone_on_the_next_one(people):
    from django.utils import timezone

    from motcua.accounts.backends import UserWithPostsBackend
    from motcua.units.scoping import request_visibility

    person = people["ward_a_desk"]
    backend = UserWithPostsBackend()
    assert not request_visibility(backend.get_user(person.pk)).nothing
    Membership.objects.filter(user=person).update(
        valid_to=timezone.localdate() - dt.timedelta(days=1)
    )

    assert request_visibility(backend.get_user(person.pk)).nothing


def test_kept_expansion_expires_on_time_even_when_copied_into_a_process(people, monkeypatch):
    """The process copy of an expansion dies when the shared one would: a new agency under an
    official's unit shows within ``EXPANSION_TTL``, not twice that."""
    import time as clock

    from django.core.cache import caches

    from motcua.units import scoping

    person = people["district_leader"]
    first = scoping.request_visibility(person)
    caches["local"].clear()  # another process, which copies the shared entry now
    start = clock.time()
    monkeypatch.setattr(scoping.time, "time", lambda: start + scoping.EXPANSION_TTL - 1)
    assert scoping.request_visibility(person) == first
    assert count_queries(lambda: scoping.request_visibility(person)) == 1  # the posts only

    monkeypatch.setattr(scoping.time, "time", lambda: start + scoping.EXPANSION_TTL + 1)
    assert count_queries(lambda: scoping.request_visibility(person)) > 1  # expanded again
