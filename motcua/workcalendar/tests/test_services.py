"""The calendar built from the database, revisions, statutory years, due dates and recomputation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from motcua.dossiers.models import Dossier, Status
from motcua.workcalendar.models import (
    CalendarEntry,
    CalendarRevision,
    CalendarYear,
    EntryKind,
    RecomputationLog,
)
from motcua.workcalendar.services import (
    deadline_for,
    ensure_statutory_year,
    get_calendar,
    recompute_deadlines,
    record_change,
    unconfirmed_years,
)

from .conftest import vn

D = dt.date


def add_holiday(day: D, name: str = "Nghỉ đột xuất (thử)") -> None:
    CalendarEntry.objects.create(day=day, kind=EntryKind.HOLIDAY, name=name)
    record_change(f"Thêm {day}")


@pytest.mark.django_db
def test_a_new_entry_with_its_revision_reaches_the_next_calendar():
    before = get_calendar()
    assert before.is_working_day(D(2026, 3, 2))

    add_holiday(D(2026, 3, 2))
    after = get_calendar()

    assert not after.is_working_day(D(2026, 3, 2))
    assert after.revision == before.revision + 1


@pytest.mark.django_db
def test_the_calendar_is_reused_while_the_revision_stays(django_assert_num_queries):
    first = get_calendar()
    with django_assert_num_queries(1):
        again = get_calendar()
    assert again is first


@pytest.mark.django_db
def test_revisions_count_up_one_per_change():
    start = CalendarRevision.objects.order_by("-number").first().number
    record_change("một")
    record_change("hai")
    assert list(CalendarRevision.objects.order_by("number").values_list("number", flat=True))[
        -2:
    ] == [start + 1, start + 2]


@pytest.mark.django_db
def test_a_year_without_entries_is_seeded_from_the_statute_and_left_unconfirmed():
    assert ensure_statutory_year(2031) is True
    year = CalendarYear.objects.get(year=2031)
    assert not year.confirmed
    assert CalendarEntry.objects.filter(day=D(2031, 9, 2), kind=EntryKind.HOLIDAY).exists()
    assert ensure_statutory_year(2031) is False  # idempotent

    calendar = get_calendar()  # the years between are filled in too
    assert calendar.last_year == 2031
    assert CalendarYear.objects.filter(year__in=[2028, 2029, 2030], confirmed=False).count() == 3
    assert not calendar.is_working_day(D(2030, 1, 1))


@pytest.mark.django_db
def test_the_next_year_is_always_in_the_calendar_and_flagged_until_confirmed():
    next_year = timezone.localdate().year + 1
    calendar = get_calendar()
    assert calendar.last_year >= next_year
    assert next_year in unconfirmed_years()
    CalendarYear.objects.filter(year=next_year).update(confirmed=True)
    assert next_year not in unconfirmed_years()


@pytest.mark.django_db
def test_deadline_for_reads_the_procedure_limit_and_skips_tet_2026(procedure):
    due = deadline_for(procedure, vn(2026, 2, 13, 14, 20))
    assert due.due_at == vn(2026, 2, 25, 17, 0)
    assert "Tết Nguyên đán" in due.explanation


@pytest.mark.django_db
def test_same_day_procedures_use_the_default_cutoff_of_15_00(procedure, settings):
    procedure.time_limit_unit, procedure.time_limit_value = "same_day", None
    assert deadline_for(procedure, vn(2026, 3, 3, 14, 59)).due_at == vn(2026, 3, 3, 17, 0)
    assert deadline_for(procedure, vn(2026, 3, 3, 15, 1)).due_at == vn(2026, 3, 4, 17, 0)
    settings.MOTCUA_SAME_DAY_CUTOFF = "16:00"
    assert deadline_for(procedure, vn(2026, 3, 3, 15, 30)).due_at == vn(2026, 3, 3, 17, 0)
    procedure.same_day_cutoff = dt.time(11, 0)
    assert deadline_for(procedure, vn(2026, 3, 3, 11, 30)).due_at == vn(2026, 3, 4, 17, 0)


@pytest.mark.django_db
def test_a_procedure_without_a_time_limit_is_refused_in_vietnamese(procedure):
    procedure.time_limit_value = None
    with pytest.raises(ValueError, match="Chưa nhập thời hạn"):
        deadline_for(procedure, vn(2026, 3, 3, 9))


@pytest.mark.django_db
def test_recompute_lists_a_moved_due_date_but_changes_nothing_without_apply(make_dossier):
    dossier = make_dossier(received_at=vn(2026, 2, 13, 14, 20), due_at=vn(2026, 2, 25, 17, 0))
    untouched = make_dossier(received_at=vn(2026, 3, 2, 9), due_at=vn(2026, 3, 5, 17, 0))
    add_holiday(D(2026, 2, 24))  # between receipt and the old due date

    log = recompute_deadlines(apply=False)

    assert log.dossiers_checked == 2 and log.dossiers_changed == 1 and not log.applied
    assert log.changes == [
        {
            "dossier": dossier.pk,
            "code": dossier.code,
            "old_due": vn(2026, 2, 25, 17).astimezone(dt.UTC).isoformat(),
            "new_due": vn(2026, 2, 26, 17).isoformat(),
        }
    ]
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2026, 2, 25, 17, 0) and dossier.due_explanation == "(cũ)"
    assert untouched.pk not in [change["dossier"] for change in log.changes]
    assert RecomputationLog.objects.filter(pk=log.pk, applied=False).exists()


@pytest.mark.django_db
def test_recompute_with_apply_writes_the_new_due_date_explanation_and_revision(make_dossier):
    dossier = make_dossier(received_at=vn(2026, 2, 13, 14, 20), due_at=vn(2026, 2, 25, 17, 0))
    add_holiday(D(2026, 2, 24))
    revision = get_calendar().revision

    log = recompute_deadlines(apply=True)

    dossier.refresh_from_db()
    assert dossier.due_at == vn(2026, 2, 26, 17, 0)
    assert dossier.calendar_revision == revision
    assert "24/02 (Nghỉ đột xuất (thử))" in dossier.due_explanation
    assert dossier.version == 2
    assert (
        log.applied
        and log.dossiers_changed == 1
        and log.to_revision == revision
        and log.from_revision == 1
    )
    assert recompute_deadlines(apply=False).dossiers_changed == 0


@pytest.mark.django_db
def test_recompute_leaves_finished_and_suspended_dossiers_alone(make_dossier):
    finished = make_dossier(
        received_at=vn(2026, 2, 13, 14, 20), due_at=vn(2026, 2, 25, 17), status=Status.RESOLVED
    )
    suspended = make_dossier(
        received_at=vn(2026, 2, 13, 14, 20), due_at=vn(2026, 3, 2, 17), status=Status.SUSPENDED
    )
    add_holiday(D(2026, 2, 24))

    log = recompute_deadlines(apply=True)

    assert finished.pk not in [change["dossier"] for change in log.changes]
    [note] = [change for change in log.changes if change["dossier"] == suspended.pk]
    assert "tạm dừng" in note["error"]
    assert Dossier.objects.get(pk=suspended.pk).due_at == vn(2026, 3, 2, 17)
    assert log.dossiers_changed == 0


@pytest.mark.django_db
def test_recompute_of_a_dossier_without_a_time_limit_reports_the_reason(make_dossier, procedure):
    procedure.time_limit_value = None
    procedure.save()
    make_dossier(received_at=vn(2026, 2, 13, 14, 20), due_at=vn(2026, 2, 25, 17))
    [change] = recompute_deadlines(apply=True).changes
    assert change["new_due"] is None and "thời hạn" in change["error"]


@pytest.mark.django_db
def test_recompute_query_count_does_not_grow_with_the_number_of_dossiers(
    make_dossier, django_assert_max_num_queries
):
    for day in range(2, 7):
        make_dossier(received_at=vn(2026, 3, day, 9), due_at=vn(2026, 1, 1, 17))
    get_calendar()
    with django_assert_max_num_queries(8):
        few = recompute_deadlines(apply=False)
    for day in range(9, 30):
        make_dossier(received_at=vn(2026, 3, day, 9), due_at=vn(2026, 1, 1, 17))
    with django_assert_max_num_queries(8):
        many = recompute_deadlines(apply=False)
    assert (few.dossiers_changed, many.dossiers_changed) == (5, 26)


def test_decimal_limits_of_half_a_day_are_four_office_hours():
    from motcua.workcalendar.services import time_limit_of

    class HalfDay:
        time_limit_unit, time_limit_value, same_day_cutoff = "working_days", Decimal("0.5"), None

    assert str(time_limit_of(HalfDay())) == "0,5 ngày làm việc"


@pytest.mark.django_db
def test_recompute_counts_from_the_restart_after_a_complete_supplement(make_dossier):
    # Accepted on 2 March, supplemented in full on 9 March: the 3 days run from 9 March.
    dossier = make_dossier(
        received_at=vn(2026, 3, 2, 9), clock_started_at=vn(2026, 3, 9, 9), due_at=vn(2026, 3, 5, 17)
    )
    log = recompute_deadlines(apply=True)
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2026, 3, 12, 17)
    assert log.dossiers_changed == 1
