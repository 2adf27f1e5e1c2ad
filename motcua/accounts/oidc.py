"""Login with an OpenID Connect provider such as the national e-ID (VNeID).

The authorization-code flow with PKCE (S256), state and nonce is Authlib's Django client
(BSD-3, https://docs.authlib.org); this module configures it from ``conf.oidc_config()``,
adds the checks Authlib leaves to the application (issuer and audience of the ID token, an ID
token being present at all, the userinfo ``sub`` being the ID token's ``sub``) and maps the
claims to a ``User``: matched by identity number, created on first login.
"""

from __future__ import annotations

import datetime as dt
import logging

import requests
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.django_client import DjangoIntegration, DjangoOAuth2App
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from joserfc.errors import InvalidClaimError, JoseError, MissingClaimError

from .conf import OIDCConfig
from .models import AccountType, new_username
from .validators import clean_identity_number, clean_phone

log = logging.getLogger(__name__)

PROVIDER_NAME = "eid"
HTTP_TIMEOUT = 10  # seconds; a hung provider must not hold a server worker forever
CLOCK_LEEWAY = 120  # seconds of clock difference tolerated on exp/iat


class OIDCLoginError(Exception):
    """Why an e-ID login failed; ``reason`` picks the Vietnamese message shown to the person."""

    REASONS = ("denied", "state", "token", "nonce", "claims", "identity", "inactive", "provider")

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


def build_client(config: OIDCConfig) -> DjangoOAuth2App:
    client_kwargs = {
        "scope": " ".join(config.scopes),
        "code_challenge_method": "S256",
        "token_endpoint_auth_method": config.token_endpoint_auth_method,
        "default_timeout": HTTP_TIMEOUT,
    }
    return DjangoOAuth2App(
        DjangoIntegration(PROVIDER_NAME),
        name=PROVIDER_NAME,
        client_id=config.client_id,
        client_secret=config.client_secret or None,
        client_kwargs=client_kwargs,
        # Server metadata given explicitly: no discovery request at login time.
        issuer=config.issuer,
        authorization_endpoint=config.authorization_endpoint,
        token_endpoint=config.token_endpoint,
        userinfo_endpoint=config.userinfo_endpoint or None,
        jwks_uri=config.jwks_uri,
    )


def authorization_redirect(request, config: OIDCConfig, redirect_uri: str):
    """Send the browser to the provider; state, nonce and PKCE verifier wait in the session."""
    return build_client(config).authorize_redirect(request, redirect_uri)


def fetch_claims(request, config: OIDCConfig) -> dict:
    """Finish the flow on the callback request: the verified claims of the person."""
    client = build_client(config)
    if request.GET.get("error"):
        raise OIDCLoginError("denied", request.GET.get("error", ""))
    state = request.GET.get("state") or ""
    if not state or client.framework.get_state_data(request.session, state) is None:
        raise OIDCLoginError("state", "unknown or already used state")
    claims_options = {
        "iss": {"essential": True, "values": [config.issuer]},
        "aud": {"essential": True, "values": [config.client_id]},
    }
    try:
        token = client.authorize_access_token(
            request, claims_options=claims_options, leeway=CLOCK_LEEWAY
        )
        id_claims = token.get("userinfo")
        if not id_claims:
            raise OIDCLoginError("claims", "no ID token in the token response")
        claims = dict(id_claims)
        if config.userinfo_endpoint:
            extra = client.userinfo(token=token)
            if extra.get("sub") != id_claims.get("sub"):
                raise OIDCLoginError("claims", "userinfo sub differs from the ID token's")
            claims.update(extra)
    except MismatchingStateError as error:
        raise OIDCLoginError("state", str(error)) from error
    except (InvalidClaimError, MissingClaimError) as error:
        reason = "nonce" if getattr(error, "claim", "") == "nonce" else "claims"
        raise OIDCLoginError(reason, str(error)) from error
    except JoseError as error:
        raise OIDCLoginError("claims", str(error)) from error
    except OAuthError as error:
        # invalid_grant: the code expired, was used already, or the PKCE verifier is wrong.
        raise OIDCLoginError("token", f"{error.error}: {error.description}") from error
    except (requests.RequestException, ValueError) as error:
        raise OIDCLoginError("provider", str(error)) from error
    return claims


def _claim(claims: dict, config: OIDCConfig, field: str) -> str:
    name = config.claim_map.get(field)
    value = claims.get(name) if name else None
    if isinstance(value, dict):  # the standard "address" claim is an object
        value = value.get("formatted", "")
    return str(value).strip() if value not in (None, "") else ""


def _birth_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def user_from_claims(config: OIDCConfig, claims: dict):
    """The account with the claimed identity number, created on first login.

    The provider has verified the person, so the identity, name and date of birth it gives
    replace what the account had; e-mail is taken only when the provider says it is verified
    and no other account uses it.
    """
    User = get_user_model()
    try:
        identity_number = clean_identity_number(_claim(claims, config, "identity_number"))
    except ValidationError as error:
        raise OIDCLoginError("identity", "identity number claim missing or malformed") from error
    now = timezone.now()
    values = {
        "full_name": _claim(claims, config, "full_name"),
        "date_of_birth": _birth_date(_claim(claims, config, "date_of_birth")),
        "address": _claim(claims, config, "address"),
    }
    values = {key: value for key, value in values.items() if value}
    email = _claim(claims, config, "email")
    email_verified = bool(email) and claims.get("email_verified") in (True, "true")
    try:
        phone = clean_phone(_claim(claims, config, "phone"))
    except ValidationError:
        phone = ""

    try:
        with transaction.atomic():
            user = User.objects.select_for_update().filter(identity_number=identity_number).first()
            if user is None:
                user = User(
                    username=new_username(PROVIDER_NAME),
                    account_type=AccountType.CITIZEN,
                    identity_number=identity_number,
                    phone=phone,
                )
                user.set_unusable_password()
            elif not user.is_active:
                raise OIDCLoginError("inactive")
            for key, value in values.items():
                setattr(user, key, value)
            if not user.phone and phone:
                user.phone = phone
            if (
                email_verified
                and not User.objects.filter(email__iexact=email).exclude(pk=user.pk).exists()
            ):
                if user.email.lower() != email.lower():
                    user.email = email
                user.email_verified_at = user.email_verified_at or now
            user.identity_verified_at = now
            user.oidc_subject = str(claims.get("sub", ""))[:255]
            user.save()
    except IntegrityError:
        # Two first logins of the same person at once: the other request created the account.
        user = User.objects.get(identity_number=identity_number)
    return user
