"""The desk demo: dossiers in every state, made through the workflow, with intact audit chains."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from motcua.desk.demo import load_desk_demo
from motcua.dossiers import audit
from motcua.dossiers.lateness import is_overdue, late_counts, will_be_late
from motcua.dossiers.models import Dossier, Status
from motcua.units.demo import load_dong_da


@pytest.fixture
def dong_da(db):
    call_command("load_demo", "--no-history", verbosity=0)
    return load_dong_da()


@pytest.mark.django_db
def test_demo_has_dossiers_in_every_state_late_and_due_soon_with_intact_chains(dong_da):
    made = load_desk_demo(dong_da)

    statuses = {d.status for d in Dossier.objects.filter(pk__in=[d.pk for d in made])}
    expected = set(Status) - {Status.DRAFT, Status.SUSPENDED}
    assert expected <= statuses, expected - statuses
    assert audit.verify_all() == []
    counts = late_counts(Dossier.objects.filter(pk__in=[d.pk for d in made]))
    assert counts["late_with_apology"] >= 1 and counts["late_without_apology"] >= 1
    assert any(d.assignee_id for d in made)
    fresh = list(Dossier.objects.filter(pk__in=[d.pk for d in made]))
    assert any(will_be_late(d) and not is_overdue(d) for d in fresh), "no dossier due soon"


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_nothing_twice(dong_da):
    first = load_desk_demo(dong_da)
    count = Dossier.objects.count()

    assert first and load_desk_demo(dong_da) == []
    assert Dossier.objects.count() == count
