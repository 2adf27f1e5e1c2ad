"""Fixtures of the apply tests (imported by each test module): two wards that both receive
"Đăng ký khai sinh" with its real form schema from the demo catalogue, verified citizens, an
official of one ward, files of every kind, and media in a temporary folder."""

from __future__ import annotations

import io
import itertools
import json
from functools import cache
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from motcua.accounts.models import AccountType, User
from motcua.catalog.models import Fee, FeeKind, RequiredDocument
from motcua.catalog.tests.factories import make_agency, make_birth_registration, make_unit
from motcua.units.models import Membership, Role, UnitType

DATA = Path(__file__).resolve().parents[2] / "catalog" / "data" / "dong_da_2018_procedures.json"
PASSWORD = "Kim-Lien-2025!"
_numbers = itertools.count(1)


@cache
def demo_schema(code: str = "1.001193") -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    procedures = data["procedures"] if isinstance(data, dict) else data
    return next(p["form_schema"] for p in procedures if p["code"] == code)


def user(*, verified: bool = True, password: str | None = None, **overrides) -> User:
    n = next(_numbers)
    values = {
        "username": f"congdan{n}", "full_name": f"Nguyễn Thị Mai {n}", "email": f"mai{n}@example.vn",
        "phone": "0912345678", "account_type": AccountType.CITIZEN, "address": "Số 1 Kim Liên, Đống Đa",
        "identity_number": f"001190{n:06d}",
        "email_verified_at": timezone.now() if verified else None,
    }
    values.update(overrides)
    account = User(**values)
    # Hashing a password costs ~0.3 s; tests log in with force_login unless they need one.
    if password:
        account.set_password(password)
    else:
        account.set_unusable_password()
    account.save()
    return account


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return settings.MEDIA_ROOT


@pytest.fixture
def wards(db):
    district = make_unit(name="Quận Đống Đa", unit_type=UnitType.DISTRICT)
    kim_lien = make_agency(name="Ủy ban nhân dân phường Kim Liên", unit=make_unit(name="Phường Kim Liên", parent=district), code="000.01.35.H26")
    trung_tu = make_agency(name="Ủy ban nhân dân phường Trung Tự", unit=make_unit(name="Phường Trung Tự", parent=district), code="000.02.35.H26")
    return kim_lien, trung_tu


@pytest.fixture
def procedure(wards, media):
    """Đăng ký khai sinh with the demo schema, two wards, a mandatory "Giấy chứng sinh"."""
    procedure = make_birth_registration(form_schema=demo_schema())
    procedure.agencies.set(wards)
    RequiredDocument.objects.create(procedure=procedure, order=3, name="Văn bản ủy quyền", mandatory=False)
    Fee.objects.create(procedure=procedure, kind=FeeKind.FEE, name="Phí cấp bản sao", amount=3000)
    return procedure


@pytest.fixture
def citizen(db):
    return user()


@pytest.fixture
def other_citizen(db):
    return user()


@pytest.fixture
def official(wards):
    account = user(username="motcua.kimlien")
    Membership.objects.create(user=account, agency=wards[0], role=Role.DESK_OFFICER)
    return account


@pytest.fixture
def official_elsewhere(wards):
    account = user(username="motcua.trungtu")
    Membership.objects.create(user=account, agency=wards[1], role=Role.DESK_OFFICER)
    return account


def pdf_bytes(size: int = 0) -> bytes:
    body = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
    body += b"%" + b"x" * max(0, size - len(body) - 20) + b"\n"
    return body + b"trailer\n<<>>\n%%EOF\n"


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(buffer, "JPEG")
    return buffer.getvalue()


def pdf_file(name: str = "giay-chung-sinh.pdf", size: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(size), content_type="application/pdf")


def png_file(name: str = "anh.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(**kwargs), content_type="image/png")


# A complete, valid "Đăng ký khai sinh" form as the browser posts it.
VALID_POST = {
    "applicant.full_name": "Nguyễn Thị Mai", "applicant.id_number": "001190000123",
    "applicant.residence": "Số 1 Kim Liên, Đống Đa, Hà Nội", "applicant.relationship": "Mẹ",
    "child.full_name": "Trần Minh An", "child.sex": "Nam", "child.date_of_birth": "2026-03-01",
    "child.place_of_birth": "Bệnh viện Phụ sản Hà Nội", "child.place_of_birth_kind": "Cơ sở y tế",
    "child.ethnicity": "Kinh", "child.nationality": "Việt Nam", "child.hometown": "Hà Nội",
    "mother.full_name": "Nguyễn Thị Mai", "mother.date_of_birth": "1995-05-12",
    "mother.ethnicity": "Kinh", "mother.nationality": "Việt Nam", "mother.residence": "Hà Nội",
    "father_known": "true", "father.full_name": "Trần Văn Bình", "father.date_of_birth": "1993-01-02",
    "father.ethnicity": "Kinh", "father.nationality": "Việt Nam", "father.residence": "Hà Nội",
    "attachments.0.kind": "Giấy chứng sinh", "attachments.0.file_name": "giay-chung-sinh.pdf",
    "copies_requested": "1", "commitment": "true",
}


# What ``from .apply_fixtures import *`` brings into a test module: the fixtures only.
__all__ = ["media", "wards", "procedure", "citizen", "other_citizen", "official", "official_elsewhere"]
