"""Dossier codes never repeat, also with concurrent writers; two officials acting at once on
one dossier cannot both win."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, connection, transaction

from motcua.dossiers import codes
from motcua.dossiers.models import AuditEvent, DailySequence, Dossier
from motcua.dossiers.tests import races
from motcua.dossiers.tests.conftest import AGENCY_CODE, TO_SUBMITTED, make_official
from motcua.units.models import Role

DAY = dt.date(2023, 5, 12)


@pytest.mark.django_db
def test_code_is_agency_code_date_and_four_digit_daily_sequence(agency):
    drawn = [codes.next_code(agency, DAY) for _ in range(4)]
    assert drawn[-1] == "000.31.35.H26-230512-0004"
    assert drawn == [f"000.31.35.H26-230512-000{n}" for n in range(1, 5)]


@pytest.mark.django_db
def test_each_agency_and_day_has_its_own_sequence(agency, other_agency):
    assert codes.next_code(agency, DAY).endswith("-0001")
    assert codes.next_code(other_agency, DAY) == "000.32.35.H26-230512-0001"
    assert codes.next_code(agency, DAY + dt.timedelta(days=1)) == "000.31.35.H26-230513-0001"
    assert codes.next_code(agency, DAY).endswith("-0002")


@pytest.mark.django_db
def test_two_agency_rows_sharing_a_code_share_one_sequence(agency):
    from motcua.catalog.tests.factories import make_agency

    renamed = make_agency(name="UBND phường Kim Liên (tên mới)", code=agency.code, unit=agency.unit)
    assert [codes.next_code(agency, DAY), codes.next_code(renamed, DAY)] == [
        "000.31.35.H26-230512-0001", "000.31.35.H26-230512-0002",
    ]


@pytest.mark.django_db
def test_a_rolled_back_acceptance_gives_its_number_back(agency):
    with pytest.raises(RuntimeError), transaction.atomic():
        codes.next_code(agency, DAY)
        raise RuntimeError("accept failed")
    assert codes.next_code(agency, DAY).endswith("-0001")


@pytest.mark.django_db
def test_duplicate_code_is_refused_by_the_database(make_dossier):
    make_dossier(code=f"{AGENCY_CODE}-230512-0001")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_dossier(code=f"{AGENCY_CODE}-230512-0001")


@pytest.mark.django_db
def test_lookup_by_code_and_secret_needs_both(make_dossier):
    dossier = make_dossier(code=f"{AGENCY_CODE}-230512-0007")
    assert codes.find_by_code_and_secret(dossier.code, dossier.lookup_secret) == dossier
    assert codes.find_by_code_and_secret(dossier.code, "sai-ma-tra-cuu") is None
    assert codes.find_by_code_and_secret("000.31.35.H26-230512-9999", dossier.lookup_secret) is None
    assert codes.find_by_code_and_secret("", "") is None


# Concurrency. PostgreSQL: threads on the test database. SQLite: a subprocess on a file.


@pytest.fixture(scope="module")
def sqlite_race(tmp_path_factory):
    """Runs both scenarios once in a subprocess against a fresh SQLite database file."""
    path = tmp_path_factory.mktemp("race") / "race.sqlite3"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motcua.settings"}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "motcua.dossiers.tests.races", str(path)],
        capture_output=True, text=True, env=env, timeout=300,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def race_outcome(request, transactional_db):
    if connection.vendor == "sqlite":
        return request.getfixturevalue("sqlite_race")
    agency, dossier, desks = races._scenario_rows()
    drawn = races.draw_codes(agency.pk)
    outcomes = races.race_accept(dossier.pk, desks)
    dossier = Dossier.objects.get(pk=dossier.pk)
    return {
        "codes": drawn,
        "accept": outcomes,
        "version": dossier.version,
        "accept_events": AuditEvent.objects.filter(dossier=dossier, action="accept").count(),
    }


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_draw_distinct_consecutive_codes(race_outcome):
    drawn = race_outcome["codes"]
    total = races.CODE_THREADS * races.CODES_PER_THREAD
    assert len(drawn) == total
    assert sorted(drawn) == [f"{AGENCY_CODE}-260310-{n:04d}" for n in range(1, total + 1)]


@pytest.mark.django_db(transaction=True)
def test_two_officials_accepting_at_once_exactly_one_wins(race_outcome):
    assert sorted(race_outcome["accept"]) == ["accepted", "stale"]
    assert race_outcome["version"] == 3
    assert race_outcome["accept_events"] == 1


@pytest.mark.django_db
def test_stale_writer_cannot_win_even_without_row_locks(make_dossier, walk, agency, monkeypatch):
    """The UPDATE … WHERE version guard alone stops a writer that read an old version."""
    from motcua.dossiers import workflow

    dossier = walk(make_dossier(), *TO_SUBMITTED)
    other_desk = make_official(agency, Role.DESK_OFFICER)
    real_roles_of = workflow.roles_of

    def someone_else_accepts_meanwhile(user, current, **kwargs):
        # Another server commits between our read and our write (no lock held on SQLite).
        Dossier.objects.filter(pk=current.pk).update(version=current.version + 1)
        return real_roles_of(user, current, **kwargs)

    monkeypatch.setattr(workflow, "roles_of", someone_else_accepts_meanwhile)
    with pytest.raises(workflow.StaleDossier):
        workflow.accept(dossier, by=other_desk, expected_version=dossier.version)
    assert not DailySequence.objects.exists()
    assert AuditEvent.objects.filter(dossier=dossier, action="accept").count() == 0
