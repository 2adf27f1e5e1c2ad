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


def demo_dossiers():
    # Received at the ward's desk, or (a draft, not yet sent) addressed to the ward.
    return Dossier.objects.filter(receiving_agency__unit__name__icontains="Kim Liên")


@pytest.mark.django_db
def test_load_demo_gives_dossiers_in_every_state_late_and_due_soon_with_intact_chains(dong_da):
    made = list(demo_dossiers())

    statuses = {d.status for d in made}
    assert set(Status) <= statuses, set(Status) - statuses
    assert audit.verify_all() == []
    counts = late_counts(demo_dossiers())
    assert counts["late_with_apology"] >= 1 and counts["late_without_apology"] >= 1
    assert any(d.assignee_id for d in made)
    assert any(will_be_late(d) and not is_overdue(d) for d in made), "no dossier due soon"


@pytest.mark.django_db
def test_loading_the_demo_twice_creates_nothing_twice(dong_da):
    count = Dossier.objects.count()

    assert count > 0
    assert load_desk_demo(dong_da) == []
    call_command("load_demo", "--no-history", verbosity=0)
    assert Dossier.objects.count() == count
