"""Dossier test fixtures: one ward agency with its officials, a procedure with internal steps,
and a helper that takes a dossier through the real workflow to any status."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

from motcua.catalog.models import WorkflowStep
from motcua.catalog.tests.factories import make_agency, make_procedure
from motcua.dossiers import guards, workflow
from motcua.dossiers.models import Channel, Dossier
from motcua.units.models import Membership, Role

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
AGENCY_CODE = "000.31.35.H26"
_users = itertools.count(1)


def local(*args) -> dt.datetime:
    """An aware datetime in Hà Nội time: local(2026, 3, 10, 9, 0)."""
    return dt.datetime(*args, tzinfo=HANOI)


def make_user(prefix: str = "user"):
    return get_user_model().objects.create_user(username=f"{prefix}{next(_users)}")


def make_official(agency, role: str):
    user = make_user(role)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def agency(db):
    return make_agency(name="Ủy ban nhân dân phường Kim Liên", code=AGENCY_CODE)


@pytest.fixture
def other_agency(db):
    return make_agency(name="Ủy ban nhân dân phường Trung Tự", code="000.32.35.H26")


def allow_suspension(procedure, monkeypatch) -> None:
    """Let ``procedure``'s handling be suspended in this test.

    ``catalog.Procedure.suspension_allowed`` may not exist yet (the lead adds it); patching the
    one function that reads it works before and after.
    """
    previous = guards.suspension_allowed
    monkeypatch.setattr(
        guards, "suspension_allowed", lambda p: p.pk == procedure.pk or previous(p)
    )


@pytest.fixture
def procedure(agency, monkeypatch):
    procedure = make_procedure(agencies=[agency], time_limit_value=Decimal("3"))
    allow_suspension(procedure, monkeypatch)
    for order, (name, role) in enumerate(
        [("Thẩm định hồ sơ", Role.SPECIALIST), ("Kiểm tra, trình ký", Role.SPECIALIST),
         ("Ký duyệt", Role.LEADER)],
        start=1,
    ):
        WorkflowStep.objects.create(
            procedure=procedure, order=order, name=name, role=role, budget_value=Decimal("4")
        )
    return procedure


@pytest.fixture
def citizen(db):
    return make_user("congdan")


@pytest.fixture
def desk(agency):
    return make_official(agency, Role.DESK_OFFICER)


@pytest.fixture
def specialist(agency):
    return make_official(agency, Role.SPECIALIST)


@pytest.fixture
def leader(agency):
    return make_official(agency, Role.LEADER)


@pytest.fixture
def clock(monkeypatch):
    """Sets the moment of the next transitions: ``clock.set(local(2026, 3, 10, 9))``."""

    class Clock:
        moment = local(2026, 3, 10, 9, 0)

        def set(self, moment: dt.datetime) -> None:
            self.moment = moment

    fixed = Clock()
    monkeypatch.setattr(workflow, "now", lambda: fixed.moment)
    return fixed


@pytest.fixture
def make_dossier(procedure, agency, citizen):
    def make(**overrides) -> Dossier:
        values = {
            "procedure": procedure, "receiving_agency": agency, "competent_agency": agency,
            "applicant": citizen, "applicant_name": "Nguyễn Thị Ánh", "channel": Channel.ONLINE,
        }
        values.update(overrides)
        return Dossier.objects.create(**values)

    return make


@pytest.fixture
def walk(citizen, desk, specialist, leader):
    """Take a dossier through the real workflow, one action per step of the path."""
    actors = {"citizen": citizen, "desk": desk, "specialist": specialist, "leader": leader}

    def go(dossier: Dossier, *steps: tuple) -> Dossier:
        for step in steps:
            name, who, *rest = step
            details = rest[0] if rest else {}
            getattr(workflow, name)(
                dossier, by=actors[who], expected_version=dossier.version, **details
            )
        return dossier

    return go


# Common paths, as (function, actor, details) steps.
TO_SUBMITTED = (("submit", "citizen"),)
TO_RECEIVED = (*TO_SUBMITTED, ("accept", "desk"))
TO_PROCESSING = (*TO_RECEIVED, ("start_step", "specialist"))
TO_PROPOSED = (*TO_PROCESSING, ("propose", "specialist"))
TO_RESOLVED = (*TO_PROPOSED, ("approve", "leader"))
TO_RETURNED = (*TO_RESOLVED, ("return_result", "desk", {"channel": Channel.DESK}))
