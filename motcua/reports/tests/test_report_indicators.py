"""Every indicator of a report against figures worked out by hand on a small fixture:
dossiers crossing Tết 2017, paused for a supplement, suspended, late with an apology,
refused, still open, and wards merged in 2025."""

from __future__ import annotations

import datetime as dt

import pytest

from motcua.dossiers.models import Channel, Status
from motcua.dossiers.tests.conftest import local
from motcua.reports import sources
from motcua.reports.handling import handling_time
from motcua.reports.indicators import (
    Counts,
    Filters,
    Period,
    Scope,
    by_unit,
    counts,
    dossiers_behind,
    monthly,
    online_offer_table,
    received_dossiers,
)
from motcua.reports.report import build_report

pytestmark = pytest.mark.django_db
YEAR = Period.year(2017)


def test_counts_split_early_on_time_late_returned_and_waiting(cases):
    figures = counts(Scope.of_unit(cases.ward_1), YEAR)
    # Tết: resolved 2 Feb before its due day 3 Feb: early. Supplement: early (7 < 9 Mar).
    # Suspended: resolved 3 Mar 09:00 after its due 08:00 that day: late.
    assert figures == Counts(
        received=5,
        online=3,
        resolved=3,
        early=2,
        on_time=0,
        late=1,
        returned=1,
        waiting=1,
        waiting_overdue=1,
    )
    assert figures.on_time_percent == pytest.approx(200 / 3)


def test_waiting_is_what_was_in_hand_at_the_end_of_the_period(cases):
    # At the end of March, the open May dossier was not received yet; at the end of May it
    # was in hand but not yet due.
    march = counts(Scope.of_unit(cases.ward_1), Period.month(2017, 3))
    may = counts(Scope.of_unit(cases.ward_1), Period.month(2017, 5))
    assert (march.waiting, may.waiting, may.waiting_overdue) == (0, 1, 0)


def test_handling_time_counts_working_days_across_tet_and_after_supplements(cases):
    result = handling_time(received_dossiers(Scope.of_unit(cases.ward_1), YEAR))
    # [0.375, 1.0, 1.5]: mean 0.9583; median 1.0; p90 = 1.0 + 0.8 × 0.5 = 1.4.
    assert result.count == 3
    assert result.mean == pytest.approx((0.375 + 1.0 + 1.5) / 3)
    assert result.p50 == pytest.approx(1.0)
    assert result.p90 == pytest.approx(1.4)


def test_handling_time_of_nothing_is_not_available(district):
    result = handling_time(received_dossiers(Scope.of_unit(district.ward_2), YEAR))
    assert (result.count, result.mean, result.p50, result.p90) == (0, None, None, None)


def test_every_figure_equals_the_count_of_its_drill_down_list(cases):
    scope, figures = Scope.of_unit(cases.ward_1), counts(Scope.of_unit(cases.ward_1), YEAR)
    for name in (
        "received",
        "online",
        "resolved",
        "early",
        "on_time",
        "late",
        "returned",
        "waiting",
        "waiting_overdue",
    ):
        assert dossiers_behind(name, scope, YEAR).count() == getattr(figures, name), name


def test_filters_narrow_by_channel_level_and_procedure(cases):
    scope = Scope.of_unit(cases.district)
    assert counts(scope, YEAR, Filters(channel=Channel.DESK)).received == 2
    assert counts(scope, YEAR, Filters(level="district")).received == 0
    assert counts(scope, YEAR, Filters(procedure_code="1.001193")).received == 5
    field_id = cases.ward_procedure.field_id
    assert counts(scope, YEAR, Filters(field_id=field_id)).received == 5


def test_quarter_and_month_periods_have_the_right_days():
    assert Period.quarter(2017, 1) == Period(dt.date(2017, 1, 1), dt.date(2017, 3, 31))
    assert Period.month(2016, 2).end == dt.date(2016, 2, 29)
    assert Period.month(2017, 12).end == dt.date(2017, 12, 31)
    assert [
        Period.year(2017).label,
        Period.quarter(2017, 2).label,
        Period.month(2017, 3).label,
    ] == ["2017", "Q2/2017", "03/2017"]


def test_monthly_trend_has_every_month_of_the_period(cases):
    rows = monthly(Scope.of_unit(cases.ward_1), YEAR)
    assert len(rows) == 12
    assert [r["received"] for r in rows][:5] == [1, 0, 2, 1, 1]
    assert rows[2]["late"] == 1


def test_late_dossiers_with_and_without_apology(cases):
    late = received_dossiers(Scope.of_unit(cases.ward_1), YEAR).filter(status=Status.CLOSED)
    assert sources.late_counts(late.filter(resolved_at__gt=local(2017, 3, 3, 8))) == {
        "with_apology": 0,
        "without_apology": 1,
    }
    late.filter(resolved_at=local(2017, 3, 3, 9)).update(apologised_at=local(2017, 3, 3, 8, 30))
    report = build_report(Scope.of_unit(cases.ward_1), YEAR)
    assert report.late_apology == {"with_apology": 1, "without_apology": 0}


def test_missing_source_is_not_available_rather_than_an_error(cases, monkeypatch):
    monkeypatch.setattr(sources, "_function", lambda module, name: None)
    monkeypatch.setattr(sources, "_model", lambda app, name: None)
    report = build_report(Scope.of_unit(cases.ward_1), YEAR)
    assert report.late_apology is None and report.paid is None and report.satisfaction is None
    assert report.electronic_results is None and report.digitised is None
    satisfaction = next(c for c in report.index if c.key == "satisfaction")
    assert satisfaction.score is None
    digitisation = next(c for c in report.index if c.key == "digitisation")
    assert digitisation.score is None  # neither scans nor electronic results known
    assert report.index_max == 100 - 18 - 22


def test_service_index_weights_the_shares_of_each_group(cases):
    report = build_report(Scope.of_unit(cases.ward_1), YEAR)
    by_key = {c.key: c for c in report.index}
    assert sum(c.weight for c in report.index) == 100
    # Progress: on-time share 2/3 (no feedback in scope: that share is not available).
    assert report.feedback is None or report.feedback["percent"] is None
    assert by_key["progress"].score == pytest.approx(round(20 * (200 / 3) / 100, 2))
    # Online service: no procedure fully online (0 %), 3/5 dossiers online (60 %), no fee
    # in the fixture (paid share not available) → 22 × 30 % = 6.6.
    assert by_key["online"].score == pytest.approx(6.6)


def test_online_offer_by_level_counts_each_code_once(year_2017):
    rows = online_offer_table(Scope.of_unit(year_2017.district), YEAR)
    assert [(r["level"], r["total"], r["level3"], r["level4"]) for r in rows] == [
        ("district", 1, 1, 0),
        ("commune", 2, 1, 0),  # 9.000003 is in force from 2018 only
    ]


def test_units_merged_in_2025_count_as_they_were_or_as_today(merged):
    d, new_ward, _pc = merged
    as_it_was = {r["unit"]: r["received"] for r in by_unit(Scope.of_unit(d.district), YEAR)}
    assert as_it_was == {"Phường Một": 1, "Phường Hai": 2}
    today = by_unit(Scope.of_unit(d.district), YEAR, today=True)
    assert [(r["unit"], r["received"], r["late"]) for r in today] == [("Phường Mới", 3, 1)]
    # The new ward's 2017 report, mapped onto today's units, holds its predecessors' dossiers.
    assert counts(Scope.of_unit_today(new_ward), YEAR).received == 3
    assert counts(Scope.of_unit(new_ward), YEAR).received == 0
