"""Integration tokens: another system calls the officials' API for one agency.

An integration is a dedicated service account (a ``User`` with an unusable password) with a
``units.Membership`` in that agency for each chosen role. Its token authenticates as that
account, so ``units.scoping.visibility`` and the workflow's role checks apply unchanged and
every audit event names the integration. The key (``mc_`` + random text) is shown once; only
its SHA-256 is stored, and the first characters after ``mc_`` (the prefix) identify it.

A token is accepted only by views that declare ``integration_tokens = True`` (the desk API):
anywhere else, the citizens' endpoints included, it is refused, and pages ignore it (Django's
session middleware never reads the Authorization header). The service account cannot log in
to pages either (``accounts.forms.LoginForm``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import IntegrationToken, User, new_username

KEY_PREFIX = "mc_"
PREFIX_LENGTH = 8
KEYWORD = "Bearer"
# last_used_at is written at most this often per token: not one write per request.
LAST_USED_EVERY = dt.timedelta(minutes=1)
# Roles an integration may hold: never citizen (it is not a person) nor administrator
# (which sees every unit: an integration acts for one agency).
ALLOWED_ROLES = ("desk_officer", "specialist", "leader", "inspector", "reform_office")


class TokenError(ValueError):
    """A token cannot be made or found; ``str()`` is a Vietnamese message."""


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def _new_key() -> str:
    while True:
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        # A prefix starting with "-" would read as an option on the command line.
        if key[len(KEY_PREFIX)].isalnum():
            return key


def prefix_of(key_or_prefix: str) -> str:
    text = key_or_prefix.strip()
    if text.startswith(KEY_PREFIX):
        text = text[len(KEY_PREFIX):]
    return text[:PREFIX_LENGTH]


def create_integration(
    *, name: str, agency, roles, created_by=None, expires_at: dt.datetime | None = None,
) -> tuple[IntegrationToken, str]:
    """A service account for ``agency`` with ``roles``, and its token; returns (token, key).

    The key is not stored: show it once and forget it.
    """
    from motcua.units.models import Membership

    name = (name or "").strip()
    if not name:
        raise TokenError(_("Vui lòng đặt tên cho hệ thống tích hợp."))
    roles = sorted(set(roles))
    if not roles:
        raise TokenError(_("Vui lòng chọn ít nhất một vai trò cho hệ thống tích hợp."))
    refused = [role for role in roles if role not in ALLOWED_ROLES]
    if refused:
        raise TokenError(
            _("Hệ thống tích hợp không được giữ vai trò: %(roles)s. Các vai trò được phép: %(allowed)s.")
            % {"roles": ", ".join(refused), "allowed": ", ".join(ALLOWED_ROLES)}
        )
    for _attempt in range(5):
        key = _new_key()
        try:
            with transaction.atomic():
                user = User(
                    username=new_username("integration"), full_name=name[:200],
                    first_name="", last_name="",
                )
                user.set_unusable_password()
                user.save()
                for role in roles:
                    Membership.objects.create(
                        user=user, agency=agency, role=role, title=str(_("Hệ thống tích hợp"))
                    )
                token = IntegrationToken.objects.create(
                    name=name, agency=agency, user=user, prefix=prefix_of(key),
                    key_hash=hash_key(key), created_by=created_by, expires_at=expires_at,
                )
            return token, key
        except IntegrityError:  # a prefix already taken (1 in 2^48): draw again
            continue
    raise TokenError(_("Không tạo được khóa mới; vui lòng thử lại."))  # pragma: no cover


def revoke(token: IntegrationToken, at: dt.datetime | None = None) -> bool:
    """Revoke ``token`` now; False if it already was."""
    at = at or timezone.now()
    done = IntegrationToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=at)
    if done:
        token.revoked_at = at
    return bool(done)


def find_by_prefix(prefix: str) -> IntegrationToken:
    token = IntegrationToken.objects.filter(prefix=prefix_of(prefix)).first()
    if token is None:
        raise TokenError(_("Không có token tích hợp với tiền tố «%(prefix)s».") % {"prefix": prefix})
    return token


def is_service_account(user) -> bool:
    """The user is an integration's account: it may only call the API with its token."""
    if user is None or getattr(user, "pk", None) is None:
        return False
    return IntegrationToken.objects.filter(user_id=user.pk).exists()


def authenticate_key(key: str) -> IntegrationToken:
    """The usable token for ``key``; ``AuthenticationFailed`` (Vietnamese) otherwise."""
    digest = hash_key(key)
    token = (
        IntegrationToken.objects.select_related("user", "agency").filter(key_hash=digest).first()
        if key.startswith(KEY_PREFIX) else None
    )
    if token is None or not hmac.compare_digest(token.key_hash, digest):
        raise exceptions.AuthenticationFailed(_("Token tích hợp không hợp lệ."), code="invalid_token")
    now = timezone.now()
    if token.revoked_at is not None:
        raise exceptions.AuthenticationFailed(_("Token tích hợp đã bị thu hồi."), code="revoked_token")
    if token.expires_at is not None and token.expires_at <= now:
        raise exceptions.AuthenticationFailed(_("Token tích hợp đã hết hạn."), code="expired_token")
    if not token.user.is_active:
        raise exceptions.AuthenticationFailed(
            _("Tài khoản của hệ thống tích hợp đã bị khóa."), code="inactive_token"
        )
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        IntegrationToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


class IntegrationTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Bearer mc_…``: the integration's service account, for opted-in views."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                _("Tiêu đề Authorization phải có dạng «Bearer mc_…»."), code="invalid_token"
            )
        try:
            key = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Token tích hợp không hợp lệ."), code="invalid_token") from None
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if not getattr(view, "integration_tokens", False):
            raise exceptions.AuthenticationFailed(
                _("Token tích hợp chỉ dùng được cho API nghiệp vụ của cán bộ (/api/v1/desk/)."),
                code="token_not_accepted_here",
            )
        token = authenticate_key(key)
        return token.user, token

    def authenticate_header(self, request):
        return f'{KEYWORD} realm="api"'


class IntegrationTokenScheme(OpenApiAuthenticationExtension):
    target_class = IntegrationTokenAuthentication
    name = "integrationToken"

    def get_security_requirement(self, auto_schema):
        # Listed only where the token is accepted (the other views refuse it).
        return {self.name: []} if getattr(auto_schema.view, "integration_tokens", False) else None

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "mc_<khóa>",
            "description": str(_(
                "Token tích hợp của một cơ quan (tạo bằng lệnh `motcua create_integration_token`); "
                "chỉ dùng cho các API /api/v1/desk/."
            )),
        }
