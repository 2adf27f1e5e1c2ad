# ruff: noqa: F811 - fixtures imported from the desk are parameters here, by design
"""Feedback fixtures: the desk's two wards (A Kim Liên, B Trung Tự) in Đống Đa, their officials,
a frozen clock (Tue 10 March 2026 09:00), finished dossiers and feedback for each ward."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from motcua.desk.tests.conftest import (  # noqa: F401 - fixtures shared with the desk
    NOW,
    accepted_dossier,
    citizen,
    desk_a,
    desk_b,
    district,
    district_leader,
    frozen,
    leader_a,
    online_dossier,
    procedure_a,
    procedure_b,
    specialist_a,
    ward_a,
    ward_b,
)
from motcua.dossiers import workflow
from motcua.dossiers.tests.conftest import local, make_official, make_user
from motcua.feedback import handling
from motcua.units.models import Role

__all__ = ["NOW", "local"]


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    # The per-address counter lives in the cache, which outlives a test's transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def other_citizen(db):
    return make_user("khac")


@pytest.fixture
def resolved_dossier(accepted_dossier, procedure_a, desk_a, specialist_a, leader_a):
    """A dossier of ``citizen`` in ward A with its result (status resolved)."""

    def make(**options):
        dossier = accepted_dossier(procedure_a, desk_a, **options)
        workflow.start_step(dossier, by=specialist_a, expected_version=dossier.version)
        workflow.propose(dossier, by=specialist_a, expected_version=dossier.version)
        workflow.approve(dossier, by=leader_a, expected_version=dossier.version)
        dossier.refresh_from_db()
        return dossier

    return make


@pytest.fixture
def reform_district(district):
    return make_official(district, Role.REFORM_OFFICE)


@pytest.fixture
def inspector_a(ward_a):
    return make_official(ward_a[0], Role.INSPECTOR)


@pytest.fixture
def make_feedback(frozen):
    """Feedback about ``procedure`` routed to ``agency`` (received at the frozen clock)."""

    def make(procedure, agency=None, **overrides):
        values = {
            "procedure": procedure,
            "content": "Cán bộ yêu cầu nộp thêm giấy tờ không có trong danh mục.",
            "sender_name": "Trần Văn Bình",
            "sender_phone": "0912345678",
            "agency": agency if agency is not None else procedure.agencies.first(),
        }
        values.update(overrides)
        return handling.receive(**values)

    return make
