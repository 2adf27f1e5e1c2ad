"""Desk fixtures: a district with wards A (Kim Liên) and B (Trung Tự), each with a desk agency
beside its People's Committee, officials in each, and a clock frozen at Tue 10 March 2026 09:00."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.catalog.models import RequiredDocument, WorkflowStep
from motcua.catalog.tests.factories import make_agency, make_procedure, make_unit
from motcua.dossiers import workflow
from motcua.dossiers.models import Channel, Dossier
from motcua.dossiers.tests.conftest import local, make_official, make_user
from motcua.units.models import AgencyKind, Role, UnitType

NOW = local(2026, 3, 10, 9, 0)
_codes = itertools.count(10)


@pytest.fixture
def frozen(monkeypatch):
    """Freezes ``django.utils.timezone.now`` (the workflow, the scoping and the queue read it)."""

    class Clock:
        moment = NOW

        def set(self, moment: dt.datetime) -> None:
            self.moment = moment

    clock = Clock()
    monkeypatch.setattr(timezone, "now", lambda: clock.moment)
    monkeypatch.setattr(workflow, "now", lambda: clock.moment)
    return clock


def _ward(district, name: str):
    unit = make_unit(name=name, unit_type=UnitType.COMMUNE, parent=district.unit)
    n = next(_codes)
    pc = make_agency(name=f"Ủy ban nhân dân {name}", unit=unit, code=f"000.{n}.35.H26")
    desk = make_agency(
        name=f"Bộ phận một cửa {name}",
        unit=unit,
        code=f"000.{n}.35.H26.1",
        kind=AgencyKind.ONE_STOP_DESK,
    )
    return pc, desk


@pytest.fixture
def district(db):
    unit = make_unit(name="Quận Đống Đa", unit_type=UnitType.DISTRICT)
    return make_agency(name="Ủy ban nhân dân quận Đống Đa", unit=unit, code="000.00.35.H26")


@pytest.fixture
def ward_a(district):
    return _ward(district, "phường Kim Liên")


@pytest.fixture
def ward_b(district):
    return _ward(district, "phường Trung Tự")


def _procedure(agencies, name="Đăng ký khai sinh"):
    procedure = make_procedure(name=name, agencies=agencies, time_limit_value=Decimal("3"))
    RequiredDocument.objects.create(
        procedure=procedure, order=1, name="Tờ khai đăng ký khai sinh", originals=1
    )
    RequiredDocument.objects.create(
        procedure=procedure, order=2, name="Giấy chứng sinh", originals=1, copies=1
    )
    WorkflowStep.objects.create(
        procedure=procedure,
        order=1,
        name="Thẩm định hồ sơ",
        role=Role.SPECIALIST,
        budget_value=Decimal("4"),
    )
    return procedure


@pytest.fixture
def procedure_a(ward_a):
    return _procedure([ward_a[0]])


@pytest.fixture
def procedure_b(ward_b):
    return _procedure([ward_b[0]], name="Đăng ký kết hôn")


@pytest.fixture
def procedure_district(district):
    return _procedure([district], name="Cấp giấy phép xây dựng")


@pytest.fixture
def desk_a(ward_a):
    return make_official(ward_a[1], Role.DESK_OFFICER)


@pytest.fixture
def specialist_a(ward_a):
    return make_official(ward_a[0], Role.SPECIALIST)


@pytest.fixture
def leader_a(ward_a):
    return make_official(ward_a[0], Role.LEADER)


@pytest.fixture
def desk_b(ward_b):
    return make_official(ward_b[1], Role.DESK_OFFICER)


@pytest.fixture
def district_leader(district):
    return make_official(district, Role.LEADER)


@pytest.fixture
def citizen(db):
    return make_user("congdan")


@pytest.fixture
def online_dossier(citizen, frozen):
    """An online dossier submitted by ``citizen`` (status submitted, no code yet)."""

    def make(procedure, *, name="Nguyễn Thị Ánh") -> Dossier:
        agency = procedure.agencies.first()
        dossier = Dossier.objects.create(
            procedure=procedure,
            receiving_agency=agency,
            competent_agency=agency,
            applicant=citizen,
            applicant_name=name,
            channel=Channel.ONLINE,
        )
        workflow.submit(dossier, by=citizen, expected_version=dossier.version)
        return dossier

    return make


@pytest.fixture
def accepted_dossier(online_dossier, frozen):
    """A dossier accepted by ``by`` at ``received`` (the clock returns to NOW afterwards)."""

    def make(procedure, by, *, received: dt.datetime = NOW, name="Nguyễn Thị Ánh") -> Dossier:
        frozen.set(received)
        dossier = online_dossier(procedure, name=name)
        workflow.accept(dossier, by=by, expected_version=dossier.version)
        frozen.set(NOW)
        return dossier

    return make
