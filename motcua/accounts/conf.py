"""Settings of the accounts app, each read at call time with a default.

Read at call time (not import time) so that ``override_settings`` and environment changes in
tests and management commands take effect. ``MOTCUA_OIDC`` in settings wins over the
``MOTCUA_OIDC_*`` environment variables.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# How long an e-mail verification link works (seconds): three days.
DEFAULT_EMAIL_VERIFICATION_MAX_AGE = 3 * 24 * 3600
# Largest representation document accepted (bytes).
DEFAULT_REPRESENTATION_MAX_UPLOAD = 10 * 1024 * 1024
REPRESENTATION_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")

# Which claim carries which profile field. VNeID's claim names are not public; these are the
# OpenID Connect standard names and each can be overridden by MOTCUA_OIDC["claim_map"].
DEFAULT_CLAIM_MAP = {
    "identity_number": "identity_number",
    "full_name": "name",
    "email": "email",
    "phone": "phone_number",
    "date_of_birth": "birthdate",
    "address": "address",
}
REQUIRED_OIDC_KEYS = ("issuer", "client_id", "authorization_endpoint", "token_endpoint", "jwks_uri")
OIDC_KEYS = (
    "issuer",
    "client_id",
    "client_secret",
    "authorization_endpoint",
    "token_endpoint",
    "userinfo_endpoint",
    "jwks_uri",
    "scopes",
    "claim_map",
    "token_endpoint_auth_method",
)


def email_verification_max_age() -> int:
    return int(
        getattr(settings, "MOTCUA_EMAIL_VERIFICATION_MAX_AGE", DEFAULT_EMAIL_VERIFICATION_MAX_AGE)
    )


def representation_max_upload() -> int:
    return int(
        getattr(settings, "MOTCUA_REPRESENTATION_MAX_UPLOAD", DEFAULT_REPRESENTATION_MAX_UPLOAD)
    )


@dataclass(frozen=True)
class OIDCConfig:
    issuer: str
    client_id: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    client_secret: str = ""
    userinfo_endpoint: str = ""
    scopes: tuple[str, ...] = ("openid", "profile", "email")
    claim_map: dict = field(default_factory=lambda: dict(DEFAULT_CLAIM_MAP))
    # client_secret_basic (default), client_secret_post, or none (public client: PKCE only).
    token_endpoint_auth_method: str = "client_secret_basic"


def _from_environment() -> dict:
    raw = {key: os.environ.get(f"MOTCUA_OIDC_{key.upper()}") for key in OIDC_KEYS}
    raw = {key: value for key, value in raw.items() if value}
    if "claim_map" in raw:
        try:
            raw["claim_map"] = json.loads(raw["claim_map"])
        except ValueError as error:
            raise ImproperlyConfigured(
                "MOTCUA_OIDC_CLAIM_MAP must be a JSON object, "
                'e.g. {"identity_number": "cccd", "full_name": "name"}.'
            ) from error
    return raw


def oidc_config() -> OIDCConfig | None:
    """The e-ID provider's settings, or None when e-ID login is not configured."""
    raw = getattr(settings, "MOTCUA_OIDC", None)
    raw = dict(raw) if raw else _from_environment()
    if not all(raw.get(key) for key in REQUIRED_OIDC_KEYS):
        return None
    scopes = raw.get("scopes") or OIDCConfig.scopes
    if isinstance(scopes, str):
        scopes = scopes.replace(",", " ").split()
    if "openid" not in scopes:
        scopes = ("openid", *scopes)
    claim_map = {**DEFAULT_CLAIM_MAP, **(raw.get("claim_map") or {})}
    if not isinstance(claim_map.get("identity_number"), str):
        raise ImproperlyConfigured("MOTCUA_OIDC claim_map needs the claim of identity_number.")
    return OIDCConfig(
        issuer=raw["issuer"],
        client_id=raw["client_id"],
        client_secret=raw.get("client_secret") or "",
        authorization_endpoint=raw["authorization_endpoint"],
        token_endpoint=raw["token_endpoint"],
        userinfo_endpoint=raw.get("userinfo_endpoint") or "",
        jwks_uri=raw["jwks_uri"],
        scopes=tuple(scopes),
        claim_map=claim_map,
        token_endpoint_auth_method=raw.get("token_endpoint_auth_method") or "client_secret_basic",
    )
