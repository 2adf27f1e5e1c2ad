import time
from unittest import mock

import pytest
from django.urls import reverse

from motcua.accounts.verification import make_verification_token


def verify_url(token: str) -> str:
    return reverse("accounts:verify_email", kwargs={"token": token})


@pytest.mark.django_db
def test_verification_link_older_than_the_limit_is_rejected_as_expired(client, make_user, settings):
    settings.MOTCUA_EMAIL_VERIFICATION_MAX_AGE = 3600
    user = make_user(verified=False)
    issued = time.time()
    with mock.patch("django.core.signing.time.time", return_value=issued - 7200):
        token = make_verification_token(user)
    response = client.get(verify_url(token))
    assert response.status_code == 400
    assert "Đường dẫn xác minh đã hết hạn" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


@pytest.mark.django_db
def test_tampered_verification_link_is_rejected(client, make_user):
    user = make_user(verified=False)
    token = make_verification_token(user)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    response = client.get(verify_url(forged))
    assert response.status_code == 400
    assert "Đường dẫn xác minh không hợp lệ" in response.content.decode()
    user.refresh_from_db()
    assert user.email_verified_at is None


@pytest.mark.django_db
def test_link_signed_with_another_key_is_rejected(client, make_user, settings):
    user = make_user(verified=False)
    settings.SECRET_KEY = "another-secret-key-of-an-attacker-0123456789"
    forged = make_verification_token(user)
    settings.SECRET_KEY = "motcua-demo-insecure-key-do-not-use-in-production"
    assert client.get(verify_url(forged)).status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


@pytest.mark.django_db
def test_link_sent_to_an_old_address_does_not_verify_the_new_one(client, make_user):
    user = make_user(verified=False, email="cu@example.vn")
    token = make_verification_token(user)
    user.email = "moi@example.vn"
    user.save()
    assert client.get(verify_url(token)).status_code == 400
    user.refresh_from_db()
    assert user.email_verified_at is None


@pytest.mark.django_db
def test_opening_the_link_twice_says_it_was_verified_before(client, make_user):
    user = make_user(verified=False)
    token = make_verification_token(user)
    assert client.get(verify_url(token)).status_code == 200
    again = client.get(verify_url(token))
    assert again.status_code == 200
    assert "đã được xác minh từ trước" in again.content.decode()


@pytest.mark.django_db
def test_unverified_account_cannot_submit_but_e_id_account_can(make_user):
    from django.utils import timezone

    assert not make_user(verified=False).can_submit_dossiers
    assert make_user(verified=True).can_submit_dossiers
    assert make_user(verified=False, identity_verified_at=timezone.now()).can_submit_dossiers
    assert not make_user(verified=True, is_active=False).can_submit_dossiers
