"""Integration tokens: a system acts for one agency through the desk API, nowhere else."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from motcua.accounts import integration_tokens
from motcua.accounts.integration_tokens import create_integration
from motcua.accounts.models import IntegrationToken
from motcua.desk.tests import conftest as desk
from motcua.dossiers.models import AuditEvent
from motcua.units.models import Membership

# The desk's fixtures (two wards of one district, their officials, a frozen clock), reused.
district, ward_a, ward_b, frozen = desk.district, desk.ward_a, desk.ward_b, desk.frozen
desk_a, desk_b, citizen = desk.desk_a, desk.desk_b, desk.citizen
procedure_a, procedure_b = desk.procedure_a, desk.procedure_b
online_dossier, accepted_dossier = desk.online_dossier, desk.accepted_dossier

QUEUE = "/api/v1/desk/dossiers/"


def bearer(key: str) -> dict:
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def token_a(ward_a):
    """The national portal's token for ward A's one-stop desk, as a desk officer."""
    return create_integration(name="Cổng Dịch vụ công quốc gia", agency=ward_a[1], roles=["desk_officer"])


@pytest.mark.django_db
def test_a_ward_a_token_sees_ward_a_s_queue_and_not_ward_b_s(
    client, token_a, desk_a, desk_b, procedure_a, procedure_b, accepted_dossier
):
    _token, key = token_a
    mine = accepted_dossier(procedure_a, desk_a)
    theirs = accepted_dossier(procedure_b, desk_b)

    response = client.get(QUEUE, headers=bearer(key))

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]
    assert client.get(f"{QUEUE}{theirs.pk}/", headers=bearer(key)).status_code == 404


@pytest.mark.django_db
def test_a_token_accepts_a_dossier_and_the_audit_event_names_the_integration(
    client, token_a, procedure_a, online_dossier
):
    token, key = token_a
    dossier = online_dossier(procedure_a)

    response = client.post(
        f"{QUEUE}{dossier.pk}/actions/accept/", json.dumps({"expected_version": dossier.version}),
        content_type="application/json", headers=bearer(key),
    )

    assert response.status_code == 200, response.content
    assert response.json()["code"]
    event = AuditEvent.objects.get(dossier=dossier, action="accept")
    assert event.actor == token.user
    assert event.actor.get_full_name() == "Cổng Dịch vụ công quốc gia"


@pytest.mark.django_db
def test_revoked_expired_and_unknown_tokens_get_401_in_vietnamese(client, token_a, ward_a):
    token, key = token_a
    _old, expired_key = create_integration(
        name="Hệ thống cũ", agency=ward_a[1], roles=["desk_officer"],
        expires_at=timezone.now() - dt.timedelta(minutes=1),
    )
    assert client.get(QUEUE, headers=bearer(key)).status_code == 200
    integration_tokens.revoke(token)

    revoked = client.get(QUEUE, headers=bearer(key))
    expired = client.get(QUEUE, headers=bearer(expired_key))
    unknown = client.get(QUEUE, headers=bearer("mc_khong-co-khoa-nay"))

    assert (revoked.status_code, revoked.json()) == (401, {"detail": "Token tích hợp đã bị thu hồi.", "code": "revoked_token"})
    assert (expired.status_code, expired.json()["detail"]) == (401, "Token tích hợp đã hết hạn.")
    assert (unknown.status_code, unknown.json()["detail"]) == (401, "Token tích hợp không hợp lệ.")
    assert revoked["WWW-Authenticate"] == 'Bearer realm="api"'


@pytest.mark.django_db
def test_a_token_cannot_open_desk_pages_nor_log_in_even_with_a_password_set(client, token_a):
    token, key = token_a

    page = client.get("/motcua/", headers=bearer(key))
    assert page.status_code == 302 and "/accounts/login" in page["Location"]

    token.user.set_password("Mat-khau-dat-nham-1")
    token.user.save()
    login = client.post(
        reverse("accounts:login"), {"username": token.user.username, "password": "Mat-khau-dat-nham-1"}
    )
    assert login.status_code == 200
    assert "chỉ dùng được qua API bằng token" in login.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/v1/my/dossiers/", "/api/v1/my/notifications/", "/api/v1/procedures/"])
def test_a_token_is_refused_outside_the_desk_api_so_never_acts_as_a_citizen(client, token_a, url):
    _token, key = token_a

    response = client.get(url, headers=bearer(key))

    assert response.status_code in (401, 403)
    assert response.json()["code"] == "token_not_accepted_here"
    assert "/api/v1/desk/" in response.json()["detail"]
    submit = client.post(
        "/api/v1/applications/", {"procedure_code": "1.001193"}, content_type="application/json",
        headers=bearer(key),
    )
    assert submit.json()["code"] == "token_not_accepted_here"


@pytest.mark.django_db
def test_create_command_prints_the_key_once_and_stores_only_its_hash(ward_a):
    out = StringIO()
    call_command(
        "create_integration_token", "--agency", ward_a[1].code, "--role", "desk_officer",
        "--role", "specialist", "--name", "Hệ thống một cửa tỉnh", "--expires-days", "30", stdout=out,
    )

    key = out.getvalue().strip().splitlines()[-1]
    token = IntegrationToken.objects.get()
    assert key.startswith("mc_") and len(key) > 40
    assert token.prefix == key[3:11] and f"mc_{token.prefix}" in out.getvalue()
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {getattr(token, f.attname) for f in IntegrationToken._meta.concrete_fields}
    assert sorted(Membership.objects.filter(user=token.user).values_list("role", flat=True)) == [
        "desk_officer", "specialist"]
    assert not token.user.has_usable_password()
    assert dt.timedelta(days=29) < token.expires_at - timezone.now() <= dt.timedelta(days=30)


@pytest.mark.django_db
def test_revoke_command_by_prefix_stops_the_token(client, token_a):
    token, key = token_a
    out = StringIO()

    call_command("revoke_integration_token", f"mc_{token.prefix}", stdout=out)

    token.refresh_from_db()
    assert token.revoked_at is not None and "Đã thu hồi" in out.getvalue()
    assert client.get(QUEUE, headers=bearer(key)).status_code == 401
    with pytest.raises(CommandError, match="Không có token tích hợp"):
        call_command("revoke_integration_token", "mc_khongco1")


@pytest.mark.django_db
def test_an_integration_may_not_be_administrator_which_would_see_every_unit(ward_a):
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("create_integration_token", "--agency", ward_a[1].code, "--role", "administrator", "--name", "X")
    with pytest.raises(integration_tokens.TokenError, match="không được giữ vai trò"):
        create_integration(name="X", agency=ward_a[1], roles=["administrator"])
    assert not IntegrationToken.objects.exists()


@pytest.mark.django_db
def test_last_used_is_written_at_most_once_a_minute(client, token_a, frozen):
    token, key = token_a
    client.get(QUEUE, headers=bearer(key))
    token.refresh_from_db()
    first = token.last_used_at
    assert first == frozen.moment

    frozen.set(first + dt.timedelta(seconds=30))
    client.get(QUEUE, headers=bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == first
    frozen.set(first + dt.timedelta(seconds=61))
    client.get(QUEUE, headers=bearer(key))
    token.refresh_from_db()
    assert token.last_used_at == first + dt.timedelta(seconds=61)


@pytest.mark.django_db
def test_admin_lists_tokens_by_prefix_without_the_key_and_revokes_them(admin_client, token_a):
    token, key = token_a
    url = reverse("admin:accounts_integrationtoken_changelist")

    html = admin_client.get(url).content.decode()
    assert f"mc_{token.prefix}…" in html and key not in html and token.key_hash not in html
    admin_client.post(url, {"action": "revoke_tokens", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert admin_client.get(reverse("admin:accounts_integrationtoken_add")).status_code == 403
