"""The sign-in backend: Django's ModelBackend, with the user's posts read in the same query."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from motcua.accounts.backends import UserWithPostsBackend
from motcua.catalog.tests.factories import make_agency
from motcua.units.models import Membership, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(db):
    user = get_user_model().objects.create_user(
        username="can.bo", password="Mat-khau-dai-9", full_name="Nguyễn Văn Cán"
    )
    agency = make_agency(name="Ủy ban nhân dân phường Kim Liên", code="000.10.35.H26")
    other = make_agency(name="Ủy ban nhân dân phường Trung Tự", code="000.11.35.H26")
    Membership.objects.create(user=user, agency=agency, role=Role.DESK_OFFICER)
    Membership.objects.create(
        user=user, agency=other, role=Role.LEADER, valid_to=dt.date(2025, 6, 30)
    )
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    return user, agency, other


def test_user_comes_with_every_post_in_one_query(official, django_assert_num_queries):
    user, agency, other = official
    with django_assert_num_queries(1):
        signed_in = UserWithPostsBackend().get_user(str(user.pk))  # sessions keep a string

    assert signed_in == user
    assert signed_in.full_name == "Nguyễn Văn Cán"
    # Dates and datetimes converted as the ORM does, on SQLite as on PostgreSQL.
    assert timezone.is_aware(signed_in.last_login)
    assert sorted(signed_in.posts_read) == sorted(
        [
            (agency.pk, Role.DESK_OFFICER, None, None),
            (other.pk, Role.LEADER, None, dt.date(2025, 6, 30)),
        ]
    )


def test_user_without_posts_has_none(db):
    citizen = get_user_model().objects.create_user(username="cong.dan")

    assert UserWithPostsBackend().get_user(citizen.pk).posts_read == ()


@pytest.mark.parametrize("forged", ["999999", "abc", ""])
def test_unknown_or_tampered_id_is_nobody(db, forged):
    assert UserWithPostsBackend().get_user(forged) is None


def test_deactivated_user_is_signed_out_on_the_next_request(client, official):
    user, _agency, _other = official
    client.force_login(user)
    assert client.get(reverse("desk:queue")).status_code == 200

    get_user_model().objects.filter(pk=user.pk).update(is_active=False)

    response = client.get(reverse("desk:queue"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_signing_in_through_the_form_uses_this_backend(client, official):
    user, _agency, _other = official
    response = client.post(
        reverse("accounts:login"), {"username": "can.bo", "password": "Mat-khau-dai-9"}
    )

    assert response.status_code == 302
    assert client.session["_auth_user_backend"] == "motcua.accounts.backends.UserWithPostsBackend"
    assert client.get(reverse("desk:queue")).status_code == 200
