"""The summary table gives exactly the raw GROUP BY's figures, kept by the workflow hook and
rebuilt by the command."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from motcua.dossiers.models import Channel
from motcua.dossiers.tests.conftest import (  # noqa: F401 -- fixtures of the real workflow
    TO_RECEIVED,
    TO_RESOLVED,
    agency,
    citizen,
    clock,
    desk,
    leader,
    local,
    make_dossier,
    procedure,
    specialist,
    walk,
)
from motcua.reports.generate import generate_year
from motcua.reports.indicators import Filters, Period, Scope, counts
from motcua.reports.models import DailyCount
from motcua.reports.summaries import rebuild, summary_counts

pytestmark = pytest.mark.django_db
YEAR = Period.year(2017)


def test_generated_year_summaries_equal_the_raw_group_by(district):
    generate_year(2017, count=400, seed=5, online_share=0.7)
    assert DailyCount.objects.exists()  # the generator rebuilt the year's summaries
    for scope in (Scope(None), Scope.of_unit(district.district), Scope.of_unit(district.ward_1)):
        for period in (YEAR, Period.quarter(2017, 2), Period.month(2017, 12)):
            for filters in (Filters(), Filters(channel=Channel.DESK), Filters(level="district")):
                assert summary_counts(scope, period, filters) == counts(scope, period, filters)


def test_rebuild_command_recounts_after_bulk_changes(district):
    generate_year(2017, count=120, seed=9)
    DailyCount.objects.all().delete()
    out = StringIO()
    call_command("rebuild_report_summaries", "--year", "2017", stdout=out)
    assert "dòng số liệu tổng hợp" in out.getvalue()
    assert summary_counts(Scope(None), YEAR) == counts(Scope(None), YEAR)


def test_handling_time_sum_in_summaries_matches_the_dossiers(district):
    generate_year(2017, count=60, seed=2)
    from motcua.reports.handling import handling_time
    from motcua.reports.indicators import received_dossiers

    raw = handling_time(received_dossiers(Scope(None), YEAR))
    total = sum(r.handling_days for r in DailyCount.objects.all())
    handled = sum(r.handled for r in DailyCount.objects.all())
    assert handled == raw.count
    assert total / handled == pytest.approx(raw.mean)


def test_workflow_transitions_keep_the_summary_exact(make_dossier, walk, clock):  # noqa: F811
    clock.set(local(2026, 3, 10, 9))
    first = walk(make_dossier(), *TO_RECEIVED)
    second = walk(make_dossier(channel=Channel.DESK), *TO_RECEIVED)
    period = Period.month(2026, 3)
    assert summary_counts(Scope(None), period) == counts(Scope(None), period)
    assert summary_counts(Scope(None), period).received == 2
    clock.set(local(2026, 3, 11, 10))
    walk(first, *TO_RESOLVED[len(TO_RECEIVED) :])
    figures = summary_counts(Scope(None), period)
    assert figures == counts(Scope(None), period)
    assert (figures.resolved, figures.early) == (1, 1)
    row = DailyCount.objects.get(channel=Channel.ONLINE)
    assert row.handled == 1 and row.handling_days == pytest.approx(
        1.125
    )  # 10 Mar 9:00 → 11 Mar 10:00
    assert second.pk and rebuild() == DailyCount.objects.count()
    assert summary_counts(Scope(None), period) == figures


def test_dashboard_from_summaries_equals_the_dashboard_from_dossiers(district, settings):
    from motcua.reports.report import build_report

    generate_year(2017, count=300, seed=11, online_share=0.6)
    scope = Scope.of_unit(district.district)
    settings.REPORTS_USE_SUMMARIES = False
    raw = build_report(scope, YEAR)
    settings.REPORTS_USE_SUMMARIES = True
    summarised = build_report(scope, YEAR)
    assert summarised.counts == raw.counts
    assert summarised.months == raw.months
    assert summarised.units == raw.units


def test_summary_handling_percentiles_are_within_a_tenth_of_a_day(district, settings):
    from motcua.reports.handling import handling_time
    from motcua.reports.indicators import received_dossiers
    from motcua.reports.summaries import summary_handling

    generate_year(2017, count=500, seed=4)
    for scope in (Scope(None), Scope.of_unit(district.ward_1)):
        raw = handling_time(received_dossiers(scope, YEAR))
        summarised = summary_handling(scope, YEAR)
        assert summarised.count == raw.count
        assert summarised.mean == pytest.approx(raw.mean)
        assert abs(summarised.p50 - raw.p50) <= 0.1
        assert abs(summarised.p90 - raw.p90) <= 0.1
