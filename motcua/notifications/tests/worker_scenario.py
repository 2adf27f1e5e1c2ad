"""Run in a separate process by ``test_worker``: a citizen submits a dossier and a desk officer
accepts it, in a database the test's real Celery worker shares. Prints the ids of the
notifications the transitions queued, as JSON. Not a test module (no ``test_`` prefix)."""

from __future__ import annotations

import json
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    import django

    django.setup()
    from decimal import Decimal

    from motcua.catalog.tests.factories import make_agency, make_procedure
    from motcua.celery import app
    from motcua.dossiers import workflow
    from motcua.dossiers.models import Channel, Dossier
    from motcua.dossiers.tests.conftest import make_official, make_user
    from motcua.notifications.models import Notification
    from motcua.units.models import Role

    assert not app.conf.task_always_eager, "the scenario must enqueue through the broker"
    agency = make_agency(name="Ủy ban nhân dân phường Kim Liên", code="000.31.35.H26")
    procedure = make_procedure(agencies=[agency], time_limit_value=Decimal("3"))
    citizen = make_user("congdan")
    citizen.email = "anh.nguyen@example.vn"
    citizen.phone = "0912345678"
    citizen.save()
    desk = make_official(agency, Role.DESK_OFFICER)
    dossier = Dossier.objects.create(
        procedure=procedure,
        receiving_agency=agency,
        competent_agency=agency,
        applicant=citizen,
        channel=Channel.ONLINE,
    )
    workflow.submit(dossier, by=citizen, expected_version=dossier.version)
    workflow.accept(dossier, by=desk, expected_version=dossier.version)
    # Nothing is made in the request: the worker renders, records and delivers the messages.
    ids = list(Notification.objects.filter(dossier=dossier).values_list("pk", flat=True))
    json.dump({"ids": ids, "dossier": dossier.pk, "code": dossier.code}, sys.stdout)


if __name__ == "__main__":
    main()
