"""Every figure read from the summary tables equals the figure counted on the dossiers: the
report (dashboard, exports, API), the yearly page and the public statistics, over scopes,
periods and filters, with the other apps' figures (payments, results, scans, ratings)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from motcua.catalog.models import Fee, FeeKind
from motcua.dossiers.models import Channel, Dossier, Status
from motcua.dossiers.tests.conftest import local, make_user
from motcua.reports.generate import generate_year
from motcua.reports.indicators import Filters, Period, Scope
from motcua.reports.report import build_report
from motcua.reports.summaries import rebuild

from .conftest import history

pytestmark = pytest.mark.django_db
YEAR = Period.year(2017)
PERIODS = (
    YEAR,
    Period.quarter(2017, 1),
    Period.month(2017, 3),
    Period(dt.date(2017, 3, 2), dt.date(2017, 3, 2)),  # one day: the stock at its end
    Period.month(2017, 12),
    Period.year(2018),
    Period.month(2016, 12),
    Period(dt.date(2017, 2, 15), dt.date(2017, 4, 10)),  # whole March, parts of February, April
)


def _other_apps(d, citizen):
    """A fee, payments, electronic results, a rating and a desk scan on some dossiers."""
    from motcua.desk.models import DeskIntake, ScannedFile
    from motcua.feedback.models import DIMENSIONS, Rating
    from motcua.payments.models import Payment
    from motcua.results.models import ElectronicResult

    Fee.objects.create(procedure=d.ward_procedure, kind=FeeKind.CHARGE, name="Lệ phí", amount=8000)
    cohort = list(
        Dossier.objects.filter(
            competent_agency=d.ward_1_pc, received_at__year=2017, code__isnull=True
        )
        .exclude(resolved_at=None)
        .order_by("received_at")
    )
    outside = history(
        d.ward_procedure,
        d.ward_1_pc,
        local(2018, 2, 1, 9),
        due=local(2018, 2, 6, 17),
        resolved=local(2018, 2, 2, 9),
        channel=Channel.DESK,
    )
    now = timezone.now()
    for n, (dossier, status) in enumerate(
        [(cohort[0], "paid"), (cohort[1], "pending"), (outside, "paid")]
    ):
        Payment.objects.create(
            dossier=dossier,
            amount=8000,
            provider="sandbox",
            status=status,
            created_at=now,
            expires_at=now,
            provider_txn=f"t{n}",
        )
    official = make_user("phathanh")
    for n, (dossier, revoked) in enumerate([(cohort[0], None), (cohort[1], now), (outside, None)]):
        ElectronicResult.objects.create(
            dossier=dossier,
            sequence=1,
            code=f"KQ{n:010d}",
            title="Giấy khai sinh",
            file="kq.pdf",
            sha256="0" * 64,
            size=1,
            issued_by=official,
            issuing_agency=d.ward_1_pc,
            issued_at=now,
            revoked_at=revoked,
        )
    names = [name for name, _label, _help in DIMENSIONS]
    for dossier, score in ((cohort[0], 5), (cohort[1], 2), (outside, 5)):
        Rating.objects.create(dossier=dossier, rated_by=citizen, **dict.fromkeys(names, score))
    first_desk = next(p for p in cohort if p.channel == Channel.DESK)
    for n, dossier in enumerate([first_desk, outside]):
        intake = DeskIntake.objects.create(key=f"k{n}", dossier=dossier)
        for _copy in range(2):
            ScannedFile.objects.create(
                intake=intake,
                file="scan.pdf",
                original_name="a.pdf",
                content_type="application/pdf",
                size=1,
            )


@pytest.fixture
def everything(district, calendar_2017, request):
    """A generated year, the hand-made cases, the 2017 fixture, the other apps' rows, a few
    generated dossiers reopened (open, overdue, waiting for a supplement), summaries rebuilt
    as after a bulk import."""
    generate_year(2017, count=300, seed=3, online_share=0.6)
    d = request.getfixturevalue("cases")
    request.getfixturevalue("year_2017")
    _other_apps(d, make_user("congdan"))
    generated = Dossier.objects.filter(code__isnull=False).order_by("received_at")
    for n, pk in enumerate(generated.values_list("pk", flat=True)[:12]):
        status = (Status.IN_PROCESSING, Status.WAITING_SUPPLEMENT, Status.RECEIVED)[n % 3]
        Dossier.objects.filter(pk=pk).update(status=status, resolved_at=None, returned_at=None)
    rebuild()
    return d


def _both(settings, make):
    settings.REPORTS_USE_SUMMARIES = False
    raw = make()
    settings.REPORTS_USE_SUMMARIES = True
    return raw, make()


def _same_report(raw, summarised):
    assert summarised.counts == raw.counts
    assert summarised.months == raw.months
    assert summarised.units == raw.units
    assert summarised.late_apology == raw.late_apology
    assert summarised.coded_share == raw.coded_share
    assert summarised.paid == raw.paid
    assert summarised.electronic_results == raw.electronic_results
    assert summarised.scanned == raw.scanned
    assert summarised.satisfaction == raw.satisfaction
    assert summarised.feedback == raw.feedback
    assert summarised.offer == raw.offer
    assert summarised.handling.count == raw.handling.count
    if raw.handling.count:
        assert summarised.handling.mean == pytest.approx(raw.handling.mean)
        assert abs(summarised.handling.p50 - raw.handling.p50) <= 0.05 + 1e-9
        assert abs(summarised.handling.p90 - raw.handling.p90) <= 0.05 + 1e-9


def test_every_report_figure_from_summaries_equals_the_figure_from_dossiers(everything, settings):
    d = everything
    scopes = (Scope(None), Scope.of_unit(d.district), Scope.of_unit(d.ward_1))
    filters = (
        Filters(),
        Filters(channel=Channel.DESK),
        Filters(level="district"),
        Filters(procedure_code="1.001193", field_id=d.ward_procedure.field_id),
    )
    compared = 0
    for scope in scopes:
        for period in PERIODS:
            for narrowed in filters:
                raw, summarised = _both(settings, lambda: build_report(scope, period, narrowed))  # noqa: B023
                _same_report(raw, summarised)
                compared += raw.counts.received
    assert compared > 1000
    raw, summarised = _both(settings, lambda: build_report(Scope.of_unit(d.ward_1), YEAR))
    assert raw.counts.waiting and raw.counts.waiting_overdue  # the stock is not trivially 0
    assert raw.late_apology["with_apology"] == 0 and raw.coded_share < 100
    assert summarised.paid["online"] == 1  # paid, in the cohort; pending and 2018 ones not
    assert summarised.electronic_results == 1  # the revoked one does not count
    assert summarised.scanned == 1  # two scans of one desk dossier; 2018 not counted
    assert summarised.satisfaction[0]["answers"] == 2


def test_apology_split_from_summaries_equals_the_dossiers(cases, settings):
    late = Dossier.objects.filter(resolved_at=local(2017, 3, 3, 9))
    late.update(apologised_at=local(2017, 3, 3, 8, 30))
    rebuild()
    raw, summarised = _both(settings, lambda: build_report(Scope.of_unit(cases.ward_1), YEAR))
    assert raw.late_apology == summarised.late_apology == {"with_apology": 1, "without_apology": 0}


def test_year_page_and_public_statistics_from_summaries_equal_the_dossiers(
    everything, client, settings
):
    client.force_login(get_user_model().objects.create_superuser("quantri.thu", password="x"))
    for year in (2016, 2017, 2018):
        pages = _both(settings, lambda: client.get(reverse("reports:year", args=[year])))  # noqa: B023
        raw, summarised = (p.context for p in pages)
        assert summarised["summary"] == raw["summary"]
        assert summarised["per_procedure"] == raw["per_procedure"]
        assert summarised["offer"] == raw["offer"]
        public = _both(settings, lambda: client.get(reverse("reports:public"), {"ky": str(year)}))  # noqa: B023
        raw, summarised = (p.context for p in public)
        for name in ("counts", "fields", "units", "months"):
            assert summarised[name] == raw[name], name
    assert raw["counts"].received == 2  # 2018: the dossier of the fixture and the paid one


def test_fees_charged_count_each_dossier_once_whatever_the_number_of_fees(cases, settings):
    for amount in (8000, 2000, 0):
        Fee.objects.create(
            procedure=cases.ward_procedure, kind=FeeKind.FEE, name="Phí", amount=amount
        )
    rebuild()
    raw, summarised = _both(settings, lambda: build_report(Scope.of_unit(cases.ward_1), YEAR))
    assert raw.paid == summarised.paid == {"paying": 5, "online": 0}
    assert Decimal(raw.paid_online_percent) == 0


def test_drill_down_lists_from_summaries_count_exactly_the_dossiers_they_show(
    everything, client, settings
):
    client.force_login(get_user_model().objects.create_superuser("quantri.thu", password="x"))
    for indicator in (
        "received",
        "online",
        "late",
        "on_time",
        "returned",
        "waiting",
        "waiting_overdue",
    ):
        for ky in ("2017", "2017-03"):
            query = {"ky": ky, "chi-so": indicator, "kenh": Channel.DESK}
            pages = _both(settings, lambda: client.get(reverse("reports:dossiers"), query))  # noqa: B023
            raw, summarised = (p.context["page"] for p in pages)
            assert summarised.paginator.count == raw.paginator.count, (indicator, ky)
            assert [d.pk for d in summarised] == [d.pk for d in raw]
