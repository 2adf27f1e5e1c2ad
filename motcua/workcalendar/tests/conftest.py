"""Fixtures for the working-calendar tests: dossiers built from minimal rows, the CLI in-process."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import ManagementUtility
from django.db import connections

VN = ZoneInfo("Asia/Ho_Chi_Minh")
_numbers = itertools.count(1)


def vn(year, month, day, hour=0, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=VN)


@pytest.fixture
def procedure(db):
    """A commune-level procedure with a 3 working-day limit."""
    from motcua.catalog.models import Field, Level, Procedure

    field = Field.objects.create(code=f"ho-tich-{next(_numbers)}", name="Hộ tịch")
    return Procedure.objects.create(
        code=f"9.{next(_numbers):06d}",
        name="Đăng ký khai sinh (thử)",
        field=field,
        level=Level.COMMUNE,
        competent_authority="Ủy ban nhân dân cấp xã",
        time_limit_value=Decimal(3),
        time_limit_unit="working_days",
    )


@pytest.fixture
def make_dossier(db, procedure):
    """Create a received dossier: ``make_dossier(received_at=…, due_at=…, status=…)``."""
    from motcua.dossiers.models import Channel, Dossier, Status
    from motcua.units.models import AdministrativeUnit, Agency, AgencyKind, UnitType

    unit = AdministrativeUnit.objects.create(
        code="00229", name="Phường Kim Liên", unit_type=UnitType.COMMUNE
    )
    agency = Agency.objects.create(
        name="Ủy ban nhân dân phường Kim Liên",
        kind=AgencyKind.PEOPLES_COMMITTEE,
        unit=unit,
        code="000.31.35.H26",
    )

    def make(*, received_at, due_at, status=Status.RECEIVED, calendar_revision=1, **extra):
        return Dossier.objects.create(
            code=f"000.31.35.H26-260213-{next(_numbers):04d}",
            procedure=extra.pop("procedure", procedure),
            receiving_agency=agency,
            competent_agency=agency,
            channel=Channel.DESK,
            status=status,
            received_at=received_at,
            due_at=due_at,
            due_explanation="(cũ)",
            calendar_revision=calendar_revision,
            **extra,
        )

    return make


@pytest.fixture
def run_cli(db, monkeypatch, capsys):
    """Run ``motcua <argv>`` exactly as the console does; returns (exit code, stdout, stderr)."""
    # run_from_argv closes every connection when it ends; the test's transaction must survive.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*argv: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            ManagementUtility(["motcua", *argv]).execute()
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser(
        "quantri", "quantri@example.vn", "mat-khau-dai-123"
    )
    client.force_login(user)
    client.user = user
    return client
