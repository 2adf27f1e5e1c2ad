"""Notification fixtures: the desk's two wards, officials and frozen clock, and an applicant
who can be reached by e-mail and phone."""

from __future__ import annotations

import pytest

from motcua.desk.tests.conftest import (  # noqa: F401  (fixtures)
    NOW,
    accepted_dossier,
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
from motcua.dossiers.tests.conftest import make_user

IDENTITY_NUMBER = "001203012345"


@pytest.fixture
def citizen(db):
    user = make_user("congdan")
    user.email = "anh.nguyen@example.vn"
    user.phone = "0912345678"
    user.full_name = "Nguyễn Thị Ánh"
    user.identity_number = IDENTITY_NUMBER
    user.save()
    return user


@pytest.fixture
def other_citizen(db):
    user = make_user("congdan")
    user.email = "binh@example.vn"
    user.save()
    return user


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks of the block (the hooks and the eager jobs they enqueue)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
