# ruff: noqa: F811  (pytest fixtures take the imported fixtures by name)
"""Fixtures for following a dossier (account pages, lookup, API): the desk's wards, officials
and frozen clock, plus a second citizen, an online application and small valid files.

Test modules import them with ``from motcua.portal.tests.following_fixtures import *``.
"""

from __future__ import annotations

import struct
import zlib

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.desk.tests.conftest import (  # noqa: F401  (fixtures)
    NOW,
    accepted_dossier,
    citizen,
    desk_a,
    desk_b,
    district,
    frozen,
    leader_a,
    online_dossier,
    procedure_a,
    specialist_a,
    ward_a,
    ward_b,
)
from motcua.dossiers import workflow
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.tests.conftest import make_user
from motcua.portal.models import OnlineApplication

APPLICANT_NAME = "Nguyễn Thị Ánh"
IDENTITY_NUMBER = "001203012345"


def png_bytes(seed: int = 0) -> bytes:
    """A real 1×1 PNG (different ``seed``, different bytes)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"\x00" + bytes([seed % 256, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def png_file(name: str = "giay-to.png", seed: int = 0) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(seed), content_type="image/png")


@pytest.fixture(autouse=True)
def fresh_lookup_cache():
    # The lookup throttle counts in the cache: every test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_citizen(db):
    return make_user("nguoikhac")


@pytest.fixture
def owner(citizen):
    citizen.full_name = APPLICANT_NAME
    citizen.identity_number = IDENTITY_NUMBER
    citizen.save()
    return citizen


@pytest.fixture
def draft_dossier(owner, procedure_a):
    def make() -> Dossier:
        agency = procedure_a.agencies.first()
        dossier = Dossier.objects.create(
            procedure=procedure_a, receiving_agency=agency, competent_agency=agency,
            applicant=owner, applicant_name=APPLICANT_NAME, channel=Channel.ONLINE,
        )
        OnlineApplication.objects.create(dossier=dossier, form_data={})
        return dossier

    return make


@pytest.fixture
def received(owner, accepted_dossier, procedure_a, desk_a):
    """A dossier of ``owner`` accepted at ward A's desk at NOW, with its online application."""
    dossier = accepted_dossier(procedure_a, desk_a, name=APPLICANT_NAME)
    OnlineApplication.objects.create(
        dossier=dossier,
        form_data={"applicant": {"full_name": APPLICANT_NAME, "id_number": IDENTITY_NUMBER}},
    )
    return dossier


@pytest.fixture
def waiting_supplement(received, specialist_a, frozen):
    """``received`` taken into processing, then asked for two missing items."""
    workflow.start_step(received, by=specialist_a, expected_version=received.version)
    workflow.request_supplement(
        received, by=specialist_a, expected_version=received.version,
        missing_items=["Bản sao Giấy chứng sinh", "Giấy xác nhận cư trú"],
        reason="Giấy chứng sinh bị mờ", note="ghi chú nội bộ: gọi điện không được",
    )
    return received
