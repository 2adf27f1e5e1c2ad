"""Where to reach the applicant of a dossier, and addresses masked for logs and lists."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from motcua.accounts.masking import mask_identity


@dataclass(frozen=True)
class Contact:
    email: str = ""
    phone: str = ""


def _related(obj, name: str):
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:  # a reverse one-to-one that does not exist
        return None


def applicant_contact(dossier) -> Contact:
    """The addresses the applicant gave for this dossier, else those of their account.

    An online application's contact fields come first (the applicant may act for someone else
    and want the news elsewhere); a walk-in dossier has the phone the desk wrote down.
    """
    online = _related(dossier, "online")
    intake = _related(dossier, "desk_intake")
    account = dossier.applicant if dossier.applicant_id else None
    email = (getattr(online, "contact_email", "") or getattr(account, "email", "") or "").strip()
    phone = (
        getattr(online, "contact_phone", "")
        or getattr(intake, "applicant_phone", "")
        or getattr(account, "phone", "")
        or ""
    ).strip()
    return Contact(email=email, phone=phone)


def mask_email(address: str) -> str:
    """``nguyen.anh@example.vn`` → ``ng********@example.vn``."""
    if not address:
        return ""
    local, _, domain = address.partition("@")
    shown = local[:2] if len(local) > 3 else local[:1]
    return f"{shown}{'*' * max(len(local) - len(shown), 1)}@{domain}"


def mask_phone(number: str) -> str:
    """``0912345678`` → ``091****678``: enough for the person to recognise their number."""
    digits = re.sub(r"\D", "", number or "")
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 6) + digits[-3:]


_IDENTITY_LIKE = re.compile(r"(?<!\d)\d{9,12}(?!\d)")


def scrub(text: str) -> str:
    """Free text an official typed (a reason, a missing item) with identity-like numbers masked.

    Messages leave the system by e-mail and SMS: an identity number quoted in a refusal reason
    must not go with them.
    """
    return _IDENTITY_LIKE.sub(lambda match: mask_identity(match.group(0)), text or "")
