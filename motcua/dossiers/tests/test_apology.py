"""A dossier that will be late is apologised for, with a reason and a new appointment; reports
count late dossiers with and without apology."""

from __future__ import annotations

import types

import pytest

from motcua.dossiers import guards, hooks, lateness, workflow
from motcua.dossiers.models import Dossier, Status
from motcua.dossiers.tests.conftest import (
    TO_PROCESSING,
    TO_RECEIVED,
    TO_RESOLVED,
    local,
    make_official,
)
from motcua.units.models import Role

# Received Tue 10/03/2026 09:00, due Fri 13/03 17:00 (three working days).
RECEIVED = local(2026, 3, 10, 9, 0)
THURSDAY = local(2026, 3, 12, 10, 0)  # due by the end of the next working day: will be late
MONDAY_LATE = local(2026, 3, 16, 9, 0)


@pytest.mark.django_db
def test_leader_apologises_with_a_new_appointment_and_the_applicant_hook_fires(
    make_dossier, walk, leader, clock, django_capture_on_commit_callbacks, monkeypatch
):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    clock.set(THURSDAY)
    seen = []
    monkeypatch.setattr(hooks, "on_transition", [seen.append])

    with django_capture_on_commit_callbacks(execute=True):
        workflow.apologise(
            dossier, by=leader, expected_version=dossier.version,
            reason="Chờ xác minh của cơ quan công an", new_due_at="2026-03-18T16:00",
        )

    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROCESSING
    assert dossier.apologised_at == THURSDAY
    assert dossier.new_due_at == local(2026, 3, 18, 16, 0)
    assert dossier.due_at == local(2026, 3, 13, 17, 0)  # the legal due date stays
    (record,) = seen
    assert record.action == "apologise" and record.details["reason"].startswith("Chờ xác minh")


@pytest.mark.django_db
def test_assignee_may_apologise_but_another_specialist_may_not(
    make_dossier, walk, leader, specialist, agency, clock
):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    workflow.assign(dossier, by=leader, expected_version=dossier.version, assignee=specialist.pk)
    clock.set(THURSDAY)
    colleague = make_official(agency, Role.SPECIALIST)
    with pytest.raises(workflow.TransitionNotAllowed, match="Chỉ lãnh đạo cơ quan giải quyết hoặc người được giao"):
        workflow.apologise(dossier, by=colleague, expected_version=dossier.version, reason="Trễ", new_due_at="2026-03-18")
    workflow.apologise(dossier, by=specialist, expected_version=dossier.version, reason="Trễ", new_due_at="2026-03-18")
    dossier.refresh_from_db()
    assert dossier.new_due_at == local(2026, 3, 18, 17, 0)  # a date alone: end of office hours


@pytest.mark.django_db
def test_apology_is_refused_for_a_dossier_not_at_risk_and_for_a_bad_new_date(make_dossier, walk, leader, clock):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    with pytest.raises(workflow.TransitionNotAllowed, match="chưa có nguy cơ quá hạn"):
        workflow.apologise(dossier, by=leader, expected_version=dossier.version, reason="x", new_due_at="2026-03-20")
    clock.set(MONDAY_LATE)
    for bad in ("2026-03-13", "2026-03-16T08:00", "hôm qua", ""):
        with pytest.raises(workflow.MissingDetails):
            workflow.apologise(dossier, by=leader, expected_version=dossier.version, reason="x", new_due_at=bad)
    with pytest.raises(workflow.MissingDetails, match="lý do"):
        workflow.apologise(dossier, by=leader, expected_version=dossier.version, reason="", new_due_at="2026-03-20")
    dossier.refresh_from_db()
    assert dossier.apologised_at is None


@pytest.mark.django_db
def test_a_second_apology_must_promise_later_than_the_first(make_dossier, walk, leader, clock):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    clock.set(MONDAY_LATE)
    workflow.apologise(dossier, by=leader, expected_version=dossier.version, reason="x", new_due_at="2026-03-18")
    with pytest.raises(workflow.MissingDetails, match="sau hạn đang hẹn"):
        workflow.apologise(dossier, by=leader, expected_version=dossier.version, reason="x", new_due_at="2026-03-17")


@pytest.mark.django_db
def test_late_counts_separate_late_dossiers_with_and_without_apology(make_dossier, walk, leader, clock):
    on_time = walk(make_dossier(), *TO_RESOLVED)  # resolved the same day
    late_silent = walk(make_dossier(), *TO_RECEIVED)
    late_apologised = walk(make_dossier(), *TO_RECEIVED)
    clock.set(MONDAY_LATE)
    workflow.apologise(late_apologised, by=leader, expected_version=late_apologised.version, reason="x", new_due_at="2026-03-18")
    resolved_late = walk(make_dossier(), *TO_RECEIVED)  # received Monday: due Thursday, not late
    assert resolved_late.status == Status.RECEIVED

    counts = lateness.late_counts(Dossier.objects.all(), now=MONDAY_LATE)

    assert counts == {"late": 2, "late_with_apology": 1, "late_without_apology": 1}
    assert on_time.pk and late_silent.pk


@pytest.mark.django_db
def test_suspension_is_refused_where_the_procedure_does_not_allow_it(
    agency, citizen, walk, leader, monkeypatch
):
    from motcua.catalog.tests.factories import make_procedure
    from motcua.dossiers.models import Channel

    strict = make_procedure(agencies=[agency])
    strict.workflow_steps.create(order=1, name="Thẩm định", role=Role.SPECIALIST, budget_value=4)
    dossier = Dossier.objects.create(
        procedure=strict, receiving_agency=agency, competent_agency=agency, applicant=citizen,
        channel=Channel.ONLINE,
    )
    walk(dossier, *TO_PROCESSING)
    with pytest.raises(workflow.TransitionNotAllowed, match="không có quy định cho phép tạm dừng"):
        workflow.suspend(dossier, by=leader, expected_version=dossier.version, reason="Chờ xác minh")


def test_suspension_rule_reads_the_procedure_flag_and_defaults_to_no():
    assert guards.suspension_allowed(types.SimpleNamespace(suspension_allowed=True)) is True
    assert guards.suspension_allowed(types.SimpleNamespace(suspension_allowed=False)) is False
    assert guards.suspension_allowed(types.SimpleNamespace()) is False


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("new_due_at", "message"),
    [
        ("2026-03-21T10:00", "Ngày 21/03/2026 là ngày nghỉ"),  # a Saturday
        ("2026-04-27", "Ngày 27/04/2026 là ngày nghỉ"),  # in lieu of Giỗ Tổ, Sunday 26/04/2026
        ("2026-03-18T19:30", "Giờ hẹn 19:30 ngoài giờ làm việc"),
        ("2026-03-18T12:30", "Giờ hẹn 12:30 ngoài giờ làm việc"),  # the lunch break
    ],
)
def test_new_appointment_on_a_day_off_or_outside_office_hours_is_refused(
    make_dossier, walk, leader, clock, new_due_at, message
):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    clock.set(THURSDAY)

    with pytest.raises(workflow.MissingDetails, match=message):
        workflow.apologise(
            dossier, by=leader, expected_version=dossier.version, reason="Trễ", new_due_at=new_due_at
        )
    dossier.refresh_from_db()
    assert dossier.apologised_at is None and dossier.new_due_at is None
