"""Concurrency scenarios: many writers at the same moment, each with its own connection.

On PostgreSQL the tests run them in threads against the test database. SQLite's in-memory
test database cannot be shared by threads the way a real file is, so there they run in a
subprocess on a fresh database file, as separate servers would share it:

    python -m motcua.dossiers.tests.races /tmp/race.sqlite3

prints a JSON object with the outcome of each scenario.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import threading
from collections.abc import Callable

CODE_THREADS = 8
CODES_PER_THREAD = 25
RACE_DAY = dt.date(2026, 3, 10)


def in_threads(worker: Callable[[int], object], count: int) -> list[object]:
    """Run ``worker(i)`` in ``count`` threads released together; results in thread order."""
    from django.db import connection

    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = worker(index)
        except Exception as error:  # reported to the test, which shows it
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


def draw_codes(agency_pk: int) -> list[str]:
    """8 threads × 25 codes, each code in its own transaction, all for the same agency and day."""
    from django.db import transaction

    from motcua.dossiers import codes
    from motcua.units.models import Agency

    agency = Agency.objects.get(pk=agency_pk)

    def worker(_index: int) -> list[str]:
        drawn = []
        for _ in range(CODES_PER_THREAD):
            with transaction.atomic():
                drawn.append(codes.next_code(agency, RACE_DAY))
        return drawn

    results = in_threads(worker, CODE_THREADS)
    errors = [result for result in results if isinstance(result, Exception)]
    if errors:
        raise errors[0]
    return [code for drawn in results for code in drawn]


def race_accept(dossier_pk: int, desk_pks: list[int]) -> list[str]:
    """Each desk officer accepts the same dossier at the same moment, having seen version 2."""
    from django.contrib.auth import get_user_model

    from motcua.dossiers import workflow
    from motcua.dossiers.models import Dossier

    User = get_user_model()

    def worker(index: int) -> str:
        dossier = Dossier.objects.get(pk=dossier_pk)
        desk = User.objects.get(pk=desk_pks[index])
        try:
            workflow.accept(dossier, by=desk, expected_version=2)
            return "accepted"
        except workflow.StaleDossier:
            return "stale"

    return [str(result) for result in in_threads(worker, len(desk_pks))]


def _scenario_rows():
    """A ward agency, two desk officers, one submitted dossier (made without the test fixtures)."""
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from motcua.catalog.tests.factories import make_agency, make_procedure
    from motcua.dossiers import workflow
    from motcua.dossiers.models import Channel, Dossier
    from motcua.units.models import Membership, Role

    agency = make_agency(name="Ủy ban nhân dân phường Kim Liên", code="000.31.35.H26")
    procedure = make_procedure(agencies=[agency], time_limit_value=Decimal("3"))
    User = get_user_model()
    citizen = User.objects.create_user(username="race-citizen")
    desks = []
    for n in range(2):
        desk = User.objects.create_user(username=f"race-desk-{n}")
        Membership.objects.create(user=desk, agency=agency, role=Role.DESK_OFFICER)
        desks.append(desk.pk)
    dossier = Dossier.objects.create(
        procedure=procedure, receiving_agency=agency, competent_agency=agency, applicant=citizen,
        channel=Channel.ONLINE,
    )
    workflow.submit(dossier, by=citizen, expected_version=1)
    return agency, dossier, desks


def scenarios() -> dict:
    """Both scenarios on the current database; used in the subprocess."""
    from motcua.dossiers.models import AuditEvent, Dossier

    agency, dossier, desks = _scenario_rows()
    codes = draw_codes(agency.pk)
    outcomes = race_accept(dossier.pk, desks)
    dossier = Dossier.objects.get(pk=dossier.pk)
    return {
        "codes": codes,
        "accept": outcomes,
        "version": dossier.version,
        "accept_events": AuditEvent.objects.filter(dossier=dossier, action="accept").count(),
    }


def main(path: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    print(json.dumps(scenarios()))


if __name__ == "__main__":
    main(sys.argv[1])
