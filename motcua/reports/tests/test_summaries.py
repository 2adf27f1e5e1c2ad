"""The summary tables give exactly the raw GROUP BY's figures, kept by the workflow hook and
rebuilt by the command (every figure of a report: ``test_summary_figures``)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from motcua.dossiers.models import Channel
from motcua.dossiers.tests.conftest import (  # noqa: F401 -- fixtures of the real workflow
    TO_RECEIVED,
    TO_RESOLVED,
    TO_SUBMITTED,
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
from motcua.reports.models import DailyCount, DailyFlow, MonthlyHandling
from motcua.reports.summaries import rebuild
from motcua.reports.summary_figures import summary_counts

pytestmark = pytest.mark.django_db
YEAR = Period.year(2017)


def test_generated_year_summaries_equal_the_raw_group_by(district):
    generate_year(2017, count=400, seed=5, online_share=0.7)
    assert DailyCount.objects.exists()  # the generator rebuilt the year's summaries
    for scope in (Scope(None), Scope.of_unit(district.district), Scope.of_unit(district.ward_1)):
        for period in (YEAR, Period.quarter(2017, 2), Period.month(2017, 12), Period.year(2018)):
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


def _same_figures(settings, period: Period):
    """The report of ``period`` from the summaries equals the one from the dossiers."""
    from motcua.reports.report import build_report

    settings.REPORTS_USE_SUMMARIES = False
    raw = build_report(Scope(None), period)
    settings.REPORTS_USE_SUMMARIES = True
    summarised = build_report(Scope(None), period)
    for name in ("counts", "late_apology", "coded_share", "months", "units"):
        assert getattr(summarised, name) == getattr(raw, name), (name, period)
    assert summarised.handling.count == raw.handling.count
    for name in ("mean", "p50", "p90") if raw.handling.count else ():
        value = getattr(summarised.handling, name)
        assert abs(value - getattr(raw.handling, name)) <= 0.05 + 1e-9, (name, period)
    return summarised


def _rows(model) -> set[tuple]:
    fields = [
        f.attname for f in model._meta.concrete_fields if f.attname not in ("id", "refreshed_at")
    ]
    return {
        tuple(repr(sorted(v.items()) if isinstance(v, dict) else v) for v in row)
        for row in model.objects.values_list(*fields)
    }


MARCH = Period.month(2026, 3)
DAYS = [Period(dt.date(2026, 3, day), dt.date(2026, 3, day)) for day in range(9, 21)]


def test_workflow_transitions_keep_every_summary_figure_exact(make_dossier, walk, clock, settings):  # noqa: F811
    """Receipt, result, apology, supplement (due date moved), refusal: after each, every
    figure from the summaries equals the dossiers', at the end of each day and of the month."""

    def check():
        for period in (MARCH, *DAYS):
            _same_figures(settings, period)
        return _same_figures(settings, MARCH).counts

    # Received Tuesday 10 March 09:00: due Friday 13 March 17:00 (three working days).
    clock.set(local(2026, 3, 10, 9))
    early, late, supplement, refused = (
        walk(make_dossier(channel=channel), *TO_RECEIVED)
        for channel in (Channel.ONLINE, Channel.ONLINE, Channel.DESK, Channel.ONLINE)
    )
    walk(make_dossier(), *TO_SUBMITTED)  # submitted, never received: not counted
    assert (check().received, check().waiting) == (4, 4)
    clock.set(local(2026, 3, 11, 10))
    walk(early, *TO_RESOLVED[len(TO_RECEIVED) :])
    walk(supplement, ("start_step", "specialist"))
    walk(supplement, ("request_supplement", "specialist", {"missing_items": ["Giấy chứng sinh"]}))
    assert (check().resolved, check().early, check().waiting) == (1, 1, 3)
    assert _same_figures(settings, DAYS[1]).counts.waiting == 4  # 10 March: all in hand
    clock.set(local(2026, 3, 12, 10))
    walk(
        late, ("apologise", "leader", {"reason": "Chờ xác minh", "new_due_at": "2026-03-18T16:00"})
    )
    walk(
        refused,
        ("start_step", "specialist"),
        ("refuse", "leader", {"reason": "Không đủ điều kiện"}),
    )
    assert (check().returned, check().waiting) == (1, 2)
    clock.set(local(2026, 3, 16, 9))
    walk(late, *TO_RESOLVED[len(TO_RECEIVED) :])
    clock.set(local(2026, 3, 17, 9))
    walk(supplement, ("resubmit", "citizen"))  # the clock starts again: due 20 March
    figures = check()
    assert (figures.resolved, figures.late, figures.waiting) == (2, 1, 1)
    report = _same_figures(settings, MARCH)
    assert report.late_apology == {"with_apology": 1, "without_apology": 0}
    assert report.coded_share == 100
    # 13 March (Friday) ended with the late dossier in hand and overdue.
    assert _same_figures(settings, DAYS[4]).counts.waiting_overdue == 1
    walk(early, ("return_result", "desk", {"channel": Channel.DESK}))
    assert check() == figures
    # What the workflow kept row by row is what a rebuild computes.
    kept = [_rows(model) for model in (DailyCount, DailyFlow, MonthlyHandling)]
    rebuild()
    assert [_rows(model) for model in (DailyCount, DailyFlow, MonthlyHandling)] == kept
    assert DailyFlow.objects.exists() and MonthlyHandling.objects.exists()


def test_summary_handling_percentiles_are_within_a_twentieth_of_a_day(district):
    from motcua.reports.handling import handling_time
    from motcua.reports.indicators import received_dossiers
    from motcua.reports.summary_figures import summary_handling

    generate_year(2017, count=500, seed=4)
    for scope in (Scope(None), Scope.of_unit(district.ward_1)):
        for period in (YEAR, Period.month(2017, 2)):
            raw = handling_time(received_dossiers(scope, period))
            summarised = summary_handling(scope, period)
            assert summarised.count == raw.count
            assert summarised.mean == pytest.approx(raw.mean)
            assert abs(summarised.p50 - raw.p50) <= 0.05 + 1e-9
            assert abs(summarised.p90 - raw.p90) <= 0.05 + 1e-9
