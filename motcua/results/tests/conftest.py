"""Result tests reuse the dossier fixtures (a ward, its officials, the real workflow) and the
document tests' PDF readers; files go to a temporary media folder."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from motcua.documents.tests.conftest import pdf_qr_codes, pdf_text  # noqa: F401
from motcua.dossiers.tests.conftest import (  # noqa: F401  (fixtures)
    TO_RESOLVED,
    agency,
    citizen,
    clock,
    desk,
    leader,
    local,
    make_dossier,
    other_agency,
    procedure,
    specialist,
    walk,
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    # The wrong-code counters live in the cache: one test's misses must not throttle the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def resolved(make_dossier, walk, clock, procedure, agency):  # noqa: F811
    procedure.result = "Giấy chứng nhận đăng ký hộ kinh doanh"
    procedure.save()
    unit = agency.unit
    unit.name = "Phường Kim Liên"
    unit.save()
    clock.set(local(2026, 3, 10, 9, 0))
    return walk(make_dossier(applicant_name="Nguyễn Thị Ánh"), *TO_RESOLVED)


@pytest.fixture
def issued(resolved, leader):  # noqa: F811
    from motcua.results.issue import issue_result

    return issue_result(resolved, leader, number="125/GCN")
