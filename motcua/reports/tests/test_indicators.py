"""Indicators on the hand-made district of conftest.py (figures worked out by hand)."""

from __future__ import annotations

import pytest

from motcua.reports.indicators import Period, Scope
from motcua.reports.yearly import (
    DossierSummary,
    OnlineOffer,
    dossier_summary,
    dossiers_per_procedure,
    online_procedures,
)
from motcua.units.scoping import visibility

pytestmark = pytest.mark.django_db
YEAR = Period.year(2017)


def test_district_summary_counts_every_ward_and_the_district_in_hanoi_time(year_2017):
    summary = dossier_summary(Scope.of_unit(year_2017.district), YEAR)
    # 31 Dec 2017 23:30 is in 2017 and 31 Dec 2016 23:30 is not, although UTC says otherwise.
    assert summary == DossierSummary(received=6, resolved=4, early=2, on_time=1, late=1, online=4)


def test_resolution_at_dawn_of_the_due_day_is_on_time_not_early(year_2017):
    summary = dossier_summary(Scope.of_unit(year_2017.ward_1), YEAR)
    assert summary == DossierSummary(received=3, resolved=2, early=1, on_time=1, late=0, online=1)


def test_online_share_is_online_dossiers_over_received(year_2017):
    summary = dossier_summary(Scope.of_unit(year_2017.district), YEAR)
    assert summary.online_percent == pytest.approx(100 * 4 / 6)
    assert summary.early_or_on_time_percent == pytest.approx(75.0)


def test_empty_period_has_no_percentages(district):
    summary = dossier_summary(Scope.of_unit(district.district), Period.year(2010))
    assert summary.received == 0
    assert summary.online_percent is None
    assert summary.early_or_on_time_percent is None


def test_online_procedures_count_level_three_valid_in_the_period_by_level(year_2017):
    assert online_procedures(Scope.of_unit(year_2017.district), YEAR) == OnlineOffer(
        commune=1, district=1, province=0
    )
    assert online_procedures(Scope.of_unit(year_2017.ward_1), YEAR) == OnlineOffer(
        commune=1, district=0, province=0
    )


def test_procedure_in_force_from_2018_counts_in_2018(year_2017):
    offer = online_procedures(Scope.of_unit(year_2017.ward_1), Period.year(2018))
    assert offer.commune == 2


def test_dossiers_per_procedure_most_first(year_2017):
    rows = dossiers_per_procedure(Scope.of_unit(year_2017.district), YEAR)
    assert [(r["code"], r["received"], r["online"]) for r in rows] == [
        ("1.001193", 5, 3),
        ("DD17-XD-01", 1, 1),
    ]


def test_ward_leader_scope_sees_only_the_ward(year_2017, ward_leader):
    scope = Scope.of_visibility(visibility(ward_leader))
    rows = dossiers_per_procedure(scope, YEAR)
    assert [(r["code"], r["received"]) for r in rows] == [("1.001193", 3)]
