"""The dossier generator on the small district of conftest.py."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from motcua.dossiers import audit
from motcua.dossiers.models import AuditEvent, Channel, DailySequence, Dossier, Status
from motcua.dossiers.tests.conftest import make_official
from motcua.reports.generate import GenerationRefused, dossiers_of_year, generate_year
from motcua.reports.indicators import Period, Scope
from motcua.reports.yearly import dossier_summary
from motcua.units.models import Role
from motcua.workcalendar.services import deadline_for, get_calendar

pytestmark = pytest.mark.django_db
OFFICE = [(8 * 60, 12 * 60), (13 * 60, 17 * 60)]


def test_generated_dossiers_follow_calendar_codes_and_deadlines(district):
    result = generate_year(2017, count=300, seed=1)
    assert result.created == 300 == dossiers_of_year(2017).count()
    calendar = get_calendar()
    dossiers = list(Dossier.objects.select_related("procedure", "receiving_agency"))
    assert len({d.code for d in dossiers}) == 300
    for dossier in dossiers:
        received = timezone.localtime(dossier.received_at)
        assert received.year == 2017 and calendar.is_working_day(received.date())
        minute = received.hour * 60 + received.minute
        assert any(start <= minute < end for start, end in OFFICE)
        agency_code = dossier.receiving_agency.code
        assert re.fullmatch(rf"{re.escape(agency_code)}-{received:%y%m%d}-\d{{4}}", dossier.code)
        due = deadline_for(dossier.procedure, dossier.received_at)
        assert dossier.due_at == due.due_at
        assert dossier.due_explanation == due.explanation
        assert dossier.resolved_at and dossier.returned_at >= dossier.resolved_at
        assert dossier.status in {Status.CLOSED, Status.RESULT_RETURNED}
        assert dossier.channel == Channel.ONLINE
    # Generated history carries no audit events, so the audit chains stay valid.
    assert not AuditEvent.objects.exists()


def test_count_is_shared_by_the_volume_table_and_few_are_late(district):
    result = generate_year(2017, count=1000, seed=7)
    # 5,600 births against 1,500 building permits a year: about 79 % births.
    assert 700 <= result.per_procedure["1.001193"] <= 870
    assert sum(result.per_procedure.values()) == 1000
    summary = dossier_summary(Scope.of_unit(district.district), Period.year(2017))
    assert summary.resolved == 1000
    assert 0.01 <= summary.late / summary.resolved <= 0.06
    assert summary.early > summary.late


def test_online_share_is_configurable(district):
    generate_year(2017, count=400, seed=3, online_share=0.5)
    online = Dossier.objects.filter(channel=Channel.ONLINE).count()
    assert 140 <= online <= 260
    assert Dossier.objects.filter(channel=Channel.DESK).count() == 400 - online


def test_same_seed_gives_the_same_year(district):
    generate_year(2017, count=50, seed=11)
    first = list(Dossier.objects.order_by("code").values_list("code", "received_at", "resolved_at"))
    generate_year(2017, count=50, seed=11, replace=True)
    again = Dossier.objects.order_by("code").values_list("received_at", "resolved_at")
    assert [row[1:] for row in first] == list(again)


def test_second_run_is_refused_and_replace_never_reuses_a_code(district):
    generate_year(2017, count=100, seed=1)
    first_codes = set(Dossier.objects.values_list("code", flat=True))
    with pytest.raises(GenerationRefused, match="đã có hồ sơ"):
        generate_year(2017, count=100, seed=1)
    result = generate_year(2017, count=100, seed=1, replace=True)
    assert result.deleted == 100 and Dossier.objects.count() == 100
    assert first_codes.isdisjoint(Dossier.objects.values_list("code", flat=True))
    busiest = DailySequence.objects.order_by("-last").first()
    assert busiest.last >= 2


def test_replace_refuses_when_the_year_has_real_dossiers(district):
    generate_year(2017, count=20, seed=1)
    official = make_official(district.ward_1_pc, Role.LEADER)
    audit.record_read(Dossier.objects.first(), by=official)
    with pytest.raises(GenerationRefused, match="hồ sơ thật"):
        generate_year(2017, count=20, seed=1, replace=True)
    assert Dossier.objects.count() == 20


def test_without_online_procedures_the_command_explains_what_to_do(db):
    with pytest.raises(CommandError, match="motcua load_demo"):
        call_command("generate_dossiers", year=2017, stdout=StringIO())


@pytest.mark.parametrize("share", ["1.5", "-0.1"])
def test_command_refuses_a_share_outside_zero_to_one(district, share):
    with pytest.raises(CommandError, match="từ 0 đến 1"):
        call_command("generate_dossiers", "--year", "2017", "--channel-online-share", share)
    assert not Dossier.objects.exists()


def test_command_reports_what_it_made(district):
    out = StringIO()
    call_command("generate_dossiers", "--year", "2017", "--count", "30", "--seed", "5", stdout=out)
    assert "Đã sinh 30 hồ sơ năm 2017" in out.getvalue()
