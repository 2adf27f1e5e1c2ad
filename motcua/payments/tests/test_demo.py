"""The demo's level-4 procedure: a new version from 1 July 2025; the 2018 record untouched."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.db.models import Q

from motcua.catalog.models import OnlineClass, Procedure, VersionStatus
from motcua.payments.demo import DEMO_CODE, enable_level4_demo

pytestmark = pytest.mark.django_db


def offered_online(on: dt.date, min_level: int) -> int:
    """Distinct procedure codes offered online at ``min_level`` or more on ``on``."""
    return (
        Procedure.objects.published().filter(online_level_legacy__gte=min_level)
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=on))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .values("code").distinct().count()
    )


def test_level4_demo_adds_a_2025_version_keeps_the_2018_figures_and_survives_a_reload():
    call_command("load_demo", "--no-history", verbosity=0)
    before_2018 = offered_online(dt.date(2018, 6, 1), 3)
    current_before = Procedure.objects.current().count()

    version = enable_level4_demo()
    enable_level4_demo()  # idempotent

    old = Procedure.objects.get(code=DEMO_CODE, version=1)
    assert version.code == DEMO_CODE and version.version == 2 and version.replaces == old
    assert version.online_class == OnlineClass.FULL and version.online_level_legacy == 4
    assert version.valid_from == dt.date(2025, 7, 1) and version.status == VersionStatus.ACTIVE
    assert [(f.kind, f.amount) for f in version.fees.all()] == [("fee", 8000)]
    assert version.documents.count() == old.documents.count() > 0
    assert version.workflow_steps.count() == old.workflow_steps.count()
    assert set(version.agencies.all()) == set(old.agencies.all())
    assert old.online_level_legacy == 3 and old.status == VersionStatus.REPLACED
    assert old.valid_to == dt.date(2025, 6, 30)
    assert Procedure.objects.filter(code=DEMO_CODE).count() == 2

    assert offered_online(dt.date(2018, 6, 1), 3) == before_2018 == 27
    assert offered_online(dt.date(2018, 6, 1), 4) == 0
    assert offered_online(dt.date(2026, 3, 10), 4) == 1
    assert Procedure.objects.current().count() == current_before
    assert Procedure.objects.current().get(code=DEMO_CODE) == version

    # load_demo puts the 2018 version back as the file says; enabling again restores the pair.
    call_command("load_demo", "--no-history", verbosity=0)
    again = enable_level4_demo()
    assert again.pk == version.pk
    assert Procedure.objects.filter(code=DEMO_CODE).count() == 2
    assert Procedure.objects.current().filter(code=DEMO_CODE).get() == again
    assert again.fees.count() == 1


def test_without_the_procedure_nothing_happens(db):
    assert enable_level4_demo() is None
