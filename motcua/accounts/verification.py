"""E-mail verification by a signed, expiring link: no table, nothing to clean up.

The token signs the user's id *and* e-mail address, so a link sent to an old address stops
working once the address is changed, and it carries a timestamp so it expires
(``MOTCUA_EMAIL_VERIFICATION_MAX_AGE``).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from .conf import email_verification_max_age

SALT = "motcua.accounts.email-verification"


class VerificationError(Exception):
    """The link is forged, damaged, expired, or for an address the account no longer has."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason  # "expired" or "invalid"


def make_verification_token(user) -> str:
    return signing.TimestampSigner(salt=SALT).sign_object({"u": user.pk, "e": user.email.lower()})


def read_verification_token(token: str):
    """The user the token was made for; raises VerificationError otherwise."""
    signer = signing.TimestampSigner(salt=SALT)
    try:
        data = signer.unsign_object(token, max_age=email_verification_max_age())
    except signing.SignatureExpired as error:
        raise VerificationError("expired") from error
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise VerificationError("invalid") from error
    if not isinstance(data, dict):
        raise VerificationError("invalid")
    user = get_user_model().objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or user.email.lower() != data.get("e"):
        raise VerificationError("invalid")
    return user


def send_verification_email(request, user) -> None:
    """Send the link after the account is committed (a rolled-back signup sends nothing)."""
    if not user.email:
        return
    link = request.build_absolute_uri(
        reverse("accounts:verify_email", kwargs={"token": make_verification_token(user)})
    )
    context = {"user": user, "link": link, "days": email_verification_max_age() // 86400 or 1}
    subject = render_to_string("accounts/email/verify_subject.txt", context).strip()
    body = render_to_string("accounts/email/verify_body.txt", context)
    recipient = user.email
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]))
