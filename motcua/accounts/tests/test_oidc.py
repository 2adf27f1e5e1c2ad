"""e-ID (OpenID Connect) login, end to end against a fake provider on 127.0.0.1."""

import socket
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.urls import reverse

from motcua.accounts.conf import oidc_config
from motcua.accounts.models import User

from .fake_oidc_provider import CLIENT_ID, RunningProvider

PERSON = {
    "sub": "vneid-123",
    "cccd": "001190012345",
    "name": "Nguyễn Thị Ánh",
    "email": "anh@example.vn",
    "email_verified": True,
    "birthdate": "1990-05-12",
}
EID_BUTTON = "Đăng nhập bằng tài khoản định danh điện tử"


@pytest.fixture
def provider(settings, monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    with RunningProvider() as running:
        settings.MOTCUA_OIDC = running.settings()
        yield running


def start_login(client, next_url=None) -> str:
    url = reverse("accounts:oidc_login") + (f"?{urlencode({'next': next_url})}" if next_url else "")
    response = client.get(url)
    assert response.status_code == 302
    return response.url


def callback(client, authorization_url: str, code: str, state: str | None = None):
    state = state or parse_qs(urlparse(authorization_url).query)["state"][0]
    return client.get(reverse("accounts:oidc_callback"), {"code": code, "state": state})


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_login_page_offers_e_id_login_only_when_configured(client, settings):
    settings.MOTCUA_OIDC = None
    assert EID_BUTTON not in client.get(reverse("accounts:login")).content.decode()
    assert client.get(reverse("accounts:oidc_login")).status_code == 404
    assert client.get(reverse("accounts:oidc_callback")).status_code == 404


@pytest.mark.django_db
def test_e_id_first_login_creates_a_verified_account_and_logs_in(client, provider):
    assert EID_BUTTON in client.get(reverse("accounts:login")).content.decode()
    authorization_url = start_login(client, next_url="/thu-tuc/")
    query = parse_qs(urlparse(authorization_url).query)
    assert authorization_url.startswith(provider.settings()["authorization_endpoint"])
    assert query["code_challenge_method"] == ["S256"] and query["nonce"] and query["state"]

    response = callback(client, authorization_url, provider.authorize(authorization_url, PERSON))
    assert response.status_code == 302
    assert response.url == "/thu-tuc/"
    user = User.objects.get(identity_number="001190012345")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.full_name == "Nguyễn Thị Ánh"
    assert user.email == "anh@example.vn"
    assert str(user.date_of_birth) == "1990-05-12"
    assert user.identity_verified_at is not None and user.email_verified_at is not None
    assert user.can_submit_dossiers
    assert not user.has_usable_password()
    assert "001190012345" not in user.username
    # The provider got the PKCE verifier and checked it against the challenge.
    assert provider.token_requests[-1]["code_verifier"]


@pytest.mark.django_db
def test_e_id_login_matches_an_existing_account_by_identity_number(client, provider, make_user):
    existing = make_user(
        identity_number="001190012345", full_name="Nguyen Thi Anh", email="cu@example.vn"
    )
    authorization_url = start_login(client)
    callback(client, authorization_url, provider.authorize(authorization_url, PERSON))
    assert client.session["_auth_user_id"] == str(existing.pk)
    assert User.objects.count() == 1
    existing.refresh_from_db()
    assert existing.full_name == "Nguyễn Thị Ánh"  # the provider's verified name wins
    assert existing.identity_verified_at is not None


@pytest.mark.django_db
def test_forged_state_shows_a_vietnamese_error_and_does_not_log_in(client, provider):
    authorization_url = start_login(client)
    code = provider.authorize(authorization_url, PERSON)
    response = callback(client, authorization_url, code, state="do-ke-xau-gia-mao")
    assert response.status_code == 400
    assert "Phiên đăng nhập không hợp lệ hoặc đã hết hạn" in response.content.decode()
    assert not logged_in(client)
    assert provider.token_requests == []  # the code was never exchanged
    assert not User.objects.exists()


@pytest.mark.django_db
def test_callback_in_a_browser_that_did_not_start_the_login_is_refused(
    client, provider, django_user_model
):
    from django.test import Client

    authorization_url = start_login(client)
    code = provider.authorize(authorization_url, PERSON)
    victim = Client()  # login CSRF: an attacker's code and state pushed to another browser
    response = callback(victim, authorization_url, code)
    assert response.status_code == 400
    assert "_auth_user_id" not in victim.session


@pytest.mark.django_db
def test_state_cannot_be_used_twice(client, provider):
    authorization_url = start_login(client)
    assert (
        callback(
            client, authorization_url, provider.authorize(authorization_url, PERSON)
        ).status_code
        == 302
    )
    client.logout()
    replay = callback(client, authorization_url, provider.authorize(authorization_url, PERSON))
    assert replay.status_code == 400
    assert not logged_in(client)


@pytest.mark.django_db
def test_id_token_with_a_wrong_nonce_is_rejected(client, provider):
    provider.id_token_overrides = {"nonce": "nonce-cua-phien-khac"}
    authorization_url = start_login(client)
    response = callback(client, authorization_url, provider.authorize(authorization_url, PERSON))
    assert response.status_code == 400
    assert "không khớp với yêu cầu đăng nhập của bạn" in response.content.decode()
    assert not logged_in(client)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_expired_authorization_code_is_rejected(client, provider):
    authorization_url = start_login(client)
    code = provider.authorize(authorization_url, PERSON, lifetime=-1)
    response = callback(client, authorization_url, code)
    assert response.status_code == 400
    assert (
        "Mã xác thực từ hệ thống định danh điện tử đã hết hạn hoặc không hợp lệ"
        in response.content.decode()
    )
    assert not logged_in(client)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "claim", [{"aud": "ung-dung-khac"}, {"iss": "http://nha-cung-cap-gia.example"}]
)
def test_id_token_for_another_client_or_from_another_issuer_is_rejected(client, provider, claim):
    provider.id_token_overrides = claim
    authorization_url = start_login(client)
    response = callback(client, authorization_url, provider.authorize(authorization_url, PERSON))
    assert response.status_code == 400
    assert "Thông tin xác thực nhận được không hợp lệ" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.django_db
def test_userinfo_about_another_person_is_rejected(client, provider):
    provider.userinfo_overrides = {"sub": "nguoi-khac", "cccd": "001090099999"}
    authorization_url = start_login(client)
    response = callback(client, authorization_url, provider.authorize(authorization_url, PERSON))
    assert response.status_code == 400
    assert not logged_in(client)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_missing_identity_number_claim_is_explained(client, provider):
    authorization_url = start_login(client)
    person = {key: value for key, value in PERSON.items() if key != "cccd"}
    response = callback(client, authorization_url, provider.authorize(authorization_url, person))
    assert response.status_code == 400
    assert "không cung cấp số định danh cá nhân hợp lệ" in response.content.decode()


@pytest.mark.django_db
def test_blocked_account_cannot_log_in_with_e_id(client, provider, make_user):
    make_user(identity_number="001190012345", is_active=False)
    authorization_url = start_login(client)
    response = callback(client, authorization_url, provider.authorize(authorization_url, PERSON))
    assert response.status_code == 400
    assert "đã bị khóa" in response.content.decode()
    assert not logged_in(client)


@pytest.mark.django_db
def test_person_who_cancels_at_the_provider_sees_a_vietnamese_message(client, provider):
    authorization_url = start_login(client)
    state = parse_qs(urlparse(authorization_url).query)["state"][0]
    response = client.get(
        reverse("accounts:oidc_callback"), {"error": "access_denied", "state": state}
    )
    assert response.status_code == 400
    assert "Bạn đã hủy đăng nhập" in response.content.decode()


@pytest.mark.django_db
def test_unreachable_provider_gives_a_vietnamese_error_not_a_500(client, provider, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.MOTCUA_OIDC = provider.settings(token_endpoint=f"http://127.0.0.1:{port}/token")
    authorization_url = start_login(client)
    response = callback(client, authorization_url, provider.authorize(authorization_url, PERSON))
    assert response.status_code == 400
    assert "Không kết nối được với hệ thống định danh điện tử" in response.content.decode()


@pytest.mark.django_db
def test_open_redirect_through_next_is_ignored(client, provider):
    authorization_url = start_login(client, next_url="https://lua-dao.example/")
    response = callback(client, authorization_url, provider.authorize(authorization_url, PERSON))
    assert response.url == reverse("accounts:profile")


def test_oidc_settings_can_come_from_environment_variables(settings, monkeypatch):
    settings.MOTCUA_OIDC = None
    for key, value in {
        "ISSUER": "https://sso.example.vn",
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": "x",
        "AUTHORIZATION_ENDPOINT": "https://sso.example.vn/auth",
        "TOKEN_ENDPOINT": "https://sso.example.vn/token",
        "JWKS_URI": "https://sso.example.vn/jwks",
        "SCOPES": "profile,email",
        "CLAIM_MAP": '{"identity_number": "so_dinh_danh"}',
    }.items():
        monkeypatch.setenv(f"MOTCUA_OIDC_{key}", value)
    config = oidc_config()
    assert config.client_id == CLIENT_ID
    assert config.scopes == ("openid", "profile", "email")
    assert config.claim_map["identity_number"] == "so_dinh_danh"
    assert config.claim_map["full_name"] == "name"


def test_oidc_is_off_when_required_settings_are_missing(settings, monkeypatch):
    settings.MOTCUA_OIDC = {"issuer": "https://sso.example.vn", "client_id": CLIENT_ID}
    assert oidc_config() is None
