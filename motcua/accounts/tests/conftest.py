"""Shared fixtures of the accounts tests: accounts made through the model, files in tmp."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from motcua.accounts.models import AccountType, User

PASSWORD = "Kim-Lien-2025!"
# Valid 12-digit identity numbers: province 001 (Hà Nội), century digit 0 → born 19xx.
_numbers = itertools.count(1)


def identity_for(year: int = 1990) -> str:
    century_digit = 0 if year < 2000 else 2
    return f"001{century_digit}{year % 100:02d}{next(_numbers):06d}"


@pytest.fixture
def make_user(db):
    def make(*, verified: bool = True, password: str = PASSWORD, **overrides) -> User:
        n = next(_numbers)
        values = {
            "username": f"user{n}",
            "full_name": f"Nguyễn Văn Thử {n}",
            "email": f"user{n}@example.vn",
            "phone": "0912345678",
            "account_type": AccountType.CITIZEN,
            "identity_number": identity_for(1990),
            "date_of_birth": dt.date(1990, 5, 12),
            "email_verified_at": timezone.now() if verified else None,
        }
        values.update(overrides)
        user = User(**values)
        user.set_password(password)
        user.save()
        return user

    return make


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT
