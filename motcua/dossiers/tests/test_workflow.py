"""What officials and applicants notice of the workflow: codes, due dates, clear refusals,
stale pages, and that a failed transition leaves no trace."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from motcua.dossiers import audit, hooks, workflow
from motcua.dossiers.models import AuditEvent, Channel, DailySequence, Status, StepState
from motcua.dossiers.tests.conftest import (
    AGENCY_CODE,
    TO_PROCESSING,
    TO_PROPOSED,
    TO_RECEIVED,
    TO_RETURNED,
    TO_SUBMITTED,
    local,
    make_official,
    make_user,
)
from motcua.units.models import Role


@pytest.mark.django_db
def test_full_journey_from_draft_to_closed_leaves_an_intact_chain(
    make_dossier, walk, clock, procedure
):
    dossier = walk(make_dossier(), *TO_RETURNED, ("close", "desk"))

    assert dossier.status == Status.CLOSED
    assert dossier.code == f"{AGENCY_CODE}-260310-0001"
    assert dossier.received_at == local(2026, 3, 10, 9, 0)
    assert dossier.resolved_at and dossier.returned_at
    actions = list(AuditEvent.objects.filter(dossier=dossier).values_list("action", flat=True))
    assert actions == ["submit", "accept", "start_step", "propose", "approve", "return_result", "close"]
    assert audit.verify_chain(dossier).ok


@pytest.mark.django_db
def test_accept_gives_the_appointment_three_working_days_later_with_explanation(
    make_dossier, walk, clock
):
    clock.set(local(2026, 3, 10, 9, 0))  # a Tuesday
    dossier = walk(make_dossier(), *TO_RECEIVED)

    assert dossier.due_at == local(2026, 3, 13, 17, 0)  # Friday, end of office hours
    assert "13/03/2026" in dossier.due_explanation
    assert dossier.calendar_revision is not None
    assert dossier.clock_started_at == dossier.received_at


@pytest.mark.django_db
def test_codes_count_up_within_a_day_and_start_again_the_next_day(make_dossier, walk, clock):
    clock.set(local(2026, 3, 10, 23, 30))  # late evening: still the 10th in Hà Nội
    first = walk(make_dossier(), *TO_RECEIVED)
    second = walk(make_dossier(), *TO_RECEIVED)
    clock.set(local(2026, 3, 11, 0, 5))  # already the 11th in Hà Nội, still the 10th in UTC
    third = walk(make_dossier(), *TO_RECEIVED)

    assert [first.code, second.code, third.code] == [
        f"{AGENCY_CODE}-260310-0001", f"{AGENCY_CODE}-260310-0002", f"{AGENCY_CODE}-260311-0001",
    ]


@pytest.mark.django_db
def test_supplement_during_processing_restarts_the_whole_limit_from_the_complete_dossier(
    make_dossier, walk, clock
):
    clock.set(local(2026, 3, 10, 9, 0))
    dossier = walk(make_dossier(), *TO_PROCESSING)
    clock.set(local(2026, 3, 11, 10, 0))
    walk(dossier, ("request_supplement", "specialist", {"missing_items": ["Giấy chứng sinh"]}))
    assert dossier.status == Status.WAITING_SUPPLEMENT

    clock.set(local(2026, 3, 16, 14, 0))  # Monday: the complete dossier arrives
    walk(dossier, ("resubmit", "citizen"))

    assert dossier.status == Status.IN_PROCESSING
    assert dossier.step_state == StepState.PENDING
    assert dossier.due_at == local(2026, 3, 19, 17, 0)  # 3 full working days from Monday
    assert dossier.clock_started_at == local(2026, 3, 16, 14, 0)
    assert dossier.received_at == local(2026, 3, 10, 9, 0)  # the first receipt stays
    assert dossier.code.endswith("-260310-0001")
    assert "tính lại từ đầu" in dossier.due_explanation


@pytest.mark.django_db
def test_supplement_at_reception_sends_the_dossier_back_to_the_desk_without_a_code(
    make_dossier, walk, clock
):
    dossier = walk(
        make_dossier(), *TO_SUBMITTED,
        ("request_supplement", "desk", {"missing_items": ["Tờ khai", "Giấy chứng sinh"]}),
        ("resubmit", "citizen"),
    )

    assert dossier.status == Status.SUBMITTED
    assert dossier.code is None and dossier.due_at is None
    request = AuditEvent.objects.get(dossier=dossier, action="request_supplement")
    assert request.details["missing_items"] == ["Tờ khai", "Giấy chứng sinh"]


@pytest.mark.django_db
def test_suspension_over_the_may_holidays_moves_the_due_date_by_one_working_day(
    make_dossier, walk, clock
):
    clock.set(local(2026, 4, 28, 9, 0))  # Tuesday; 30/4 and 1/5 are public holidays
    dossier = walk(make_dossier(), *TO_PROCESSING)
    assert dossier.due_at == local(2026, 5, 5, 17, 0)

    clock.set(local(2026, 4, 29, 8, 0))
    walk(dossier, ("suspend", "leader", {"reason": "Chờ cơ quan công an xác minh"}))
    clock.set(local(2026, 5, 4, 8, 0))  # only 29/4 was a working day in between
    walk(dossier, ("resume", "leader"))

    assert dossier.status == Status.IN_PROCESSING
    assert dossier.due_at == local(2026, 5, 6, 17, 0)
    assert dossier.suspended_at is None
    assert dossier.suspended_working_time == dt.timedelta(hours=8)
    assert "Tạm dừng giải quyết từ" in dossier.due_explanation
    assert "8 giờ làm việc" in dossier.due_explanation


@pytest.mark.django_db
def test_steps_are_walked_in_order_and_the_leader_can_send_back_to_a_chosen_step(
    make_dossier, walk, procedure
):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    assert (dossier.current_step.order, dossier.step_state) == (1, StepState.ACTIVE)

    walk(dossier, ("complete_step", "specialist"))
    assert (dossier.current_step.order, dossier.step_state) == (2, StepState.PENDING)
    walk(dossier, ("start_step", "specialist"))
    # The next step is the leader's signature: it is reached by a proposal, never by a hand-over.
    with pytest.raises(workflow.TransitionNotAllowed, match="bước lãnh đạo ký duyệt"):
        walk(dossier, ("complete_step", "specialist"))

    walk(dossier, ("return_step", "specialist", {"reason": "Thiếu ý kiến thẩm định"}))
    assert (dossier.current_step.order, dossier.step_state) == (1, StepState.PENDING)
    walk(dossier, ("start_step", "specialist"), ("complete_step", "specialist"))
    walk(dossier, ("start_step", "specialist"), ("propose", "specialist"))
    walk(dossier, ("return_to_step", "leader", {"reason": "Sai ngày sinh", "step_order": 1}))
    assert (dossier.current_step.order, dossier.step_state) == (1, StepState.PENDING)
    assert AuditEvent.objects.filter(dossier=dossier, action="return_to_step").get().details == {
        "reason": "Sai ngày sinh", "step_order": 1, "step": 1,
    }


@pytest.mark.django_db
def test_accepting_a_draft_is_refused_as_skipping_submission(make_dossier, desk):
    dossier = make_dossier()
    with pytest.raises(workflow.TransitionNotAllowed, match="«Bản nháp»"):
        workflow.accept(dossier, by=desk, expected_version=dossier.version)


@pytest.mark.django_db
def test_returning_the_result_before_it_is_approved_is_refused(make_dossier, walk, desk):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    with pytest.raises(workflow.TransitionNotAllowed, match="«Đang xử lý»"):
        workflow.return_result(dossier, by=desk, expected_version=dossier.version, channel=Channel.DESK)


@pytest.mark.django_db
def test_specialist_cannot_approve_a_proposed_result(make_dossier, walk, specialist):
    dossier = walk(make_dossier(), *TO_PROPOSED)
    with pytest.raises(workflow.TransitionNotAllowed, match="Vai trò của bạn"):
        workflow.approve(dossier, by=specialist, expected_version=dossier.version)


@pytest.mark.django_db
def test_leader_cannot_approve_before_a_result_is_proposed(make_dossier, walk, leader):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    with pytest.raises(workflow.TransitionNotAllowed, match="«Đang xử lý»"):
        workflow.approve(dossier, by=leader, expected_version=dossier.version)


@pytest.mark.django_db
def test_citizen_cannot_accept_their_own_dossier(make_dossier, walk, citizen):
    dossier = walk(make_dossier(), *TO_SUBMITTED)
    with pytest.raises(workflow.TransitionNotAllowed, match="Vai trò của bạn"):
        workflow.accept(dossier, by=citizen, expected_version=dossier.version)


@pytest.mark.django_db
def test_citizen_cannot_withdraw_someone_elses_dossier(make_dossier, walk):
    dossier = walk(make_dossier(), *TO_SUBMITTED)
    stranger = make_user("nguoila")
    with pytest.raises(workflow.OutsideScope):
        workflow.withdraw(dossier, by=stranger, expected_version=dossier.version)


@pytest.mark.django_db
def test_desk_officer_of_another_ward_cannot_accept(make_dossier, walk, other_agency):
    dossier = walk(make_dossier(), *TO_SUBMITTED)
    foreign_desk = make_official(other_agency, Role.DESK_OFFICER)
    with pytest.raises(workflow.OutsideScope, match="không có quyền"):
        workflow.accept(dossier, by=foreign_desk, expected_version=dossier.version)
    dossier.refresh_from_db()
    assert dossier.status == Status.SUBMITTED


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("function", "details", "message"),
    [
        ("refuse", {"reason": "   "}, "Vui lòng nhập lý do"),
        ("request_supplement", {"missing_items": ["", "  "]}, "liệt kê đầy đủ"),
        ("redirect", {"to_agency_name": "", "reason": "Sai nơi nộp"}, "tên cơ quan"),
        ("refuse", {"reason": "x" * 2001}, "dài quá 2000 ký tự"),
    ],
)
def test_missing_or_bad_details_are_refused_with_a_vietnamese_sentence(
    function, details, message, make_dossier, walk, desk
):
    dossier = walk(make_dossier(), *TO_SUBMITTED)
    with pytest.raises(workflow.MissingDetails, match=message):
        getattr(workflow, function)(dossier, by=desk, expected_version=dossier.version, **details)
    assert AuditEvent.objects.filter(dossier=dossier).count() == 1


@pytest.mark.django_db
def test_return_result_needs_a_known_channel(make_dossier, walk, desk):
    dossier = walk(make_dossier(), *TO_PROPOSED, ("approve", "leader"))
    with pytest.raises(workflow.MissingDetails, match="hình thức trả kết quả"):
        workflow.return_result(dossier, by=desk, expected_version=dossier.version, channel="fax")


@pytest.mark.django_db
def test_stale_version_is_refused_with_the_current_state_and_nothing_written(
    make_dossier, walk, desk
):
    dossier = walk(make_dossier(), *TO_SUBMITTED)
    seen_version = dossier.version
    walk(dossier, ("request_supplement", "desk", {"missing_items": ["Tờ khai"]}))
    events = AuditEvent.objects.filter(dossier=dossier).count()

    with pytest.raises(workflow.StaleDossier) as stale:
        workflow.accept(dossier, by=desk, expected_version=seen_version)

    assert "Hồ sơ đã được người khác cập nhật" in str(stale.value)
    assert stale.value.current.status == Status.WAITING_SUPPLEMENT
    dossier.refresh_from_db()
    assert dossier.status == Status.WAITING_SUPPLEMENT and dossier.code is None
    assert AuditEvent.objects.filter(dossier=dossier).count() == events
    assert not DailySequence.objects.exists()


@pytest.fixture
def crash_inside_transactions():
    """Arms a hook that fails inside the transition's transaction, after the status write."""

    def crash(record):
        raise RuntimeError("the printer caught fire")

    yield lambda: hooks.in_transaction.append(crash)
    if crash in hooks.in_transaction:
        hooks.in_transaction.remove(crash)


@pytest.mark.django_db
def test_crash_after_the_status_write_leaves_no_trace(
    make_dossier, walk, desk, crash_inside_transactions
):
    dossier = walk(make_dossier(), *TO_SUBMITTED)
    before = (dossier.status, dossier.version, AuditEvent.objects.count())
    crash_inside_transactions()

    with pytest.raises(RuntimeError, match="printer"):
        workflow.accept(dossier, by=desk, expected_version=dossier.version)

    dossier.refresh_from_db()
    assert (dossier.status, dossier.version, AuditEvent.objects.count()) == before
    assert dossier.code is None and dossier.received_at is None and dossier.due_at is None
    assert not DailySequence.objects.exists()


@pytest.mark.django_db
def test_notification_hooks_run_after_commit_with_the_transition(
    make_dossier, walk, desk, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    # Only this test's hook: other apps (notifications…) register their own at start-up.
    monkeypatch.setattr(hooks, "on_transition", [])
    hooks.on_transition.append(seen.append)
    try:
        dossier = walk(make_dossier(), *TO_SUBMITTED)
        seen.clear()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            workflow.accept(dossier, by=desk, expected_version=dossier.version)
            assert seen == []  # nothing is sent before the commit
        with django_capture_on_commit_callbacks(execute=True) as failed_callbacks:
            with pytest.raises(workflow.TransitionNotAllowed):
                workflow.accept(dossier, by=desk, expected_version=dossier.version)
    finally:
        hooks.on_transition.remove(seen.append)

    assert len(callbacks) == 1 and failed_callbacks == []
    (record,) = seen
    assert (record.action, record.from_status, record.to_status) == ("accept", "submitted", "received")
    assert record.dossier.code == dossier.code and record.by == desk


@pytest.mark.django_db
def test_available_actions_offer_the_desk_the_four_receipt_outcomes(make_dossier, walk, desk, citizen):
    dossier = walk(make_dossier(), *TO_SUBMITTED)

    # The four outcomes of a receipt, and a withdrawal the applicant asks for at the desk.
    assert set(workflow.available_actions(dossier, desk)) == {
        workflow.Action.ACCEPT, workflow.Action.REQUEST_SUPPLEMENT, workflow.Action.REFUSE,
        workflow.Action.REDIRECT, workflow.Action.WITHDRAW,
    }
    assert workflow.available_actions(dossier, citizen) == [workflow.Action.WITHDRAW]
    assert workflow.available_actions(dossier, make_user("nguoila")) == []


@pytest.mark.django_db
def test_redirect_ends_handling_and_names_the_competent_agency(make_dossier, walk):
    dossier = walk(
        make_dossier(), *TO_SUBMITTED,
        ("redirect", "desk", {"to_agency_name": "UBND phường Trung Tự", "reason": "Nơi cư trú"}),
    )
    assert dossier.status == Status.CLOSED and dossier.code is None
    event = AuditEvent.objects.get(dossier=dossier, action="redirect")
    assert event.details == {"to_agency_name": "UBND phường Trung Tự", "reason": "Nơi cư trú"}


@pytest.mark.django_db
def test_accept_without_an_agency_code_explains_what_the_administrator_must_do(
    make_dossier, walk, agency, desk
):
    dossier = walk(make_dossier(), *TO_SUBMITTED)
    agency.code = ""
    agency.save()
    with pytest.raises(ValueError, match="chưa có mã định danh điện tử"):
        workflow.accept(dossier, by=desk, expected_version=dossier.version)


@pytest.mark.django_db
def test_lookup_secret_is_random_url_safe_and_only_matches_itself(make_dossier):
    first, second = make_dossier(), make_dossier()

    assert first.lookup_secret != second.lookup_secret
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", first.lookup_secret)
    assert first.lookup_secret_matches(f" {first.lookup_secret} ")
    assert not first.lookup_secret_matches(second.lookup_secret)
    assert not first.lookup_secret_matches("")
