"""What the portal needs from an account: form prefill data and whom the user may act for."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from .models import Representation


def profile_prefill(user) -> dict:
    """The account's data that prefills an application form (empty for anonymous users).

    Keys: full_name, identity_number, date_of_birth (a date or None), phone, email, address,
    account_type, organisation_name, tax_code. The identity number is given in full: the form
    is the owner's own.
    """
    if user is None or not user.is_authenticated:
        return {}
    return {
        "full_name": user.full_name or user.get_full_name(),
        "identity_number": user.identity_number,
        "date_of_birth": user.date_of_birth,
        "phone": user.phone,
        "email": user.email,
        "address": user.address,
        "account_type": user.account_type,
        "organisation_name": user.organisation_name,
        "tax_code": user.tax_code,
    }


def representations_for(user, on: dt.date | None = None):
    """The representations of ``user`` in force on ``on`` (today by default), as a queryset.

    The portal offers them under "Nộp cho: bản thân / người khác / tổ chức"; each row has
    ``kind`` (person|organisation), ``represented_name``, ``represented_identity_number``,
    ``relationship`` and ``masked_identity_number`` for display.
    """
    if user is None or not user.is_authenticated:
        return Representation.objects.none()
    on = on or timezone.localdate()
    return Representation.objects.filter(user=user).valid_on(on)
