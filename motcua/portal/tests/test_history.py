"""The applicant's history: plain Vietnamese, what the law gives them, no internal notes."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motcua.desk.tests.conftest import local
from motcua.dossiers import audit, workflow
from motcua.dossiers.models import AuditEvent, Channel
from motcua.portal.history import timeline
from motcua.portal.tests.following_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db


def texts(dossier) -> list[str]:
    return [str(entry) for entry in timeline(dossier)]


def test_acceptance_reads_as_a_sentence_with_the_appointment(received):
    lines = texts(received)
    due = timezone.localtime(received.due_at).strftime("%d/%m/%Y %H:%M")
    assert lines[0] == "10/03/2026 09:00 — Bạn đã nộp hồ sơ trực tuyến; hồ sơ chờ bộ phận một cửa kiểm tra, tiếp nhận."
    assert lines[1] == (
        f"10/03/2026 09:00 — Bộ phận một cửa đã tiếp nhận hồ sơ. Mã hồ sơ: {received.code}. "
        f"Hẹn trả kết quả: {due}."
    )


def test_supplement_request_lists_items_and_reason_but_not_the_officials_note(waiting_supplement):
    entries = timeline(waiting_supplement)
    request = entries[-1]
    assert request.text == "Cơ quan đề nghị bổ sung, hoàn thiện hồ sơ. Lý do: Giấy chứng sinh bị mờ. Cần bổ sung:"
    assert request.items == ["Bản sao Giấy chứng sinh", "Giấy xác nhận cư trú"]
    assert not any("nội bộ" in str(entry) for entry in entries)


def test_internal_steps_become_one_line_and_names_of_officials_never_appear(received, specialist_a, leader_a):
    specialist_a.first_name, specialist_a.last_name = "Chuyên", "Viên"
    specialist_a.save()
    workflow.start_step(received, by=specialist_a, expected_version=received.version)
    workflow.propose(received, by=specialist_a, expected_version=received.version, note="đề xuất nội bộ")
    workflow.approve(received, by=leader_a, expected_version=received.version)
    lines = texts(received)
    assert sum("đang giải quyết" in line for line in lines) == 1
    assert lines[-1].endswith("Đã có kết quả giải quyết hồ sơ.")
    assert not any("Chuyên" in line or "nội bộ" in line for line in lines)


def test_officials_reads_are_not_part_of_the_applicants_history(received, desk_a):
    before = texts(received)
    audit.record_read(received, desk_a)
    assert texts(received) == before


def test_resubmitted_supplement_tells_the_new_appointment(waiting_supplement, owner, frozen):
    frozen.set(local(2026, 3, 12, 14, 0))
    workflow.resubmit(waiting_supplement, by=owner, expected_version=waiting_supplement.version)
    due = timezone.localtime(waiting_supplement.due_at).strftime("%d/%m/%Y %H:%M")
    assert texts(waiting_supplement)[-1] == (
        "12/03/2026 14:00 — Bạn đã nộp hồ sơ bổ sung. Thời hạn giải quyết được tính lại từ đầu; "
        f"hẹn trả kết quả mới: {due}."
    )


def test_refusal_and_redirect_give_their_reason(online_dossier, procedure_a, desk_a):
    refused = online_dossier(procedure_a)
    workflow.refuse(refused, by=desk_a, expected_version=refused.version, reason="Hồ sơ giả mạo")
    assert texts(refused)[-1].endswith("Hồ sơ bị từ chối giải quyết. Lý do: Hồ sơ giả mạo.")
    guided = online_dossier(procedure_a)
    workflow.redirect(
        guided, by=desk_a, expected_version=guided.version,
        to_agency_name="Ủy ban nhân dân quận Đống Đa", reason="Thuộc thẩm quyền cấp huyện",
    )
    assert texts(guided)[-1].endswith(
        "Hồ sơ không thuộc thẩm quyền của cơ quan; bạn được hướng dẫn nộp tại Ủy ban nhân dân quận "
        "Đống Đa. Lý do: Thuộc thẩm quyền cấp huyện."
    )


def event(action, at, *, to_status="", details=None, actor=None):
    return AuditEvent(action=action, at=at, to_status=to_status, details=details or {}, actor=actor)


def test_suspension_resumption_and_apology_tell_reason_and_new_appointment(received, leader_a):
    events = [
        event("suspend", local(2026, 3, 10, 10, 0), details={"reason": "Chờ xác minh", "note": "nội bộ"}),
        event("resume", local(2026, 3, 11, 9, 0), details={"due_at": local(2026, 3, 16, 9, 0).isoformat()}),
        event(
            "apologise", local(2026, 3, 16, 8, 0),
            details={"reason": "Chờ ý kiến cơ quan phối hợp", "new_due_at": local(2026, 3, 18, 16, 30).isoformat()},
        ),
        event("assign", local(2026, 3, 16, 8, 30), details={"assignee_to": leader_a.pk}),
    ]
    assert [str(entry) for entry in timeline(received, events)] == [
        "10/03/2026 10:00 — Việc giải quyết hồ sơ tạm dừng. Lý do: Chờ xác minh.",
        "11/03/2026 09:00 — Cơ quan tiếp tục giải quyết hồ sơ. Hẹn trả kết quả mới: 16/03/2026 09:00.",
        "16/03/2026 08:00 — Cơ quan xin lỗi vì hồ sơ giải quyết chậm so với hẹn. Lý do: Chờ ý kiến cơ "
        "quan phối hợp. Hẹn lại ngày trả kết quả: 18/03/2026 16:30.",
    ]


def test_an_unknown_future_action_tells_only_the_new_status(received):
    events = [event("transfer_archive", local(2026, 3, 20, 9, 0), to_status="closed", details={"note": "x"})]
    assert [str(entry) for entry in timeline(received, events)] == [
        "20/03/2026 09:00 — Trạng thái hồ sơ: Đã kết thúc."
    ]


def test_withdrawal_by_the_applicant_shows_their_reason(received, owner):
    workflow.withdraw(received, by=owner, expected_version=received.version, reason="Nộp nhầm thủ tục")
    assert texts(received)[-1].endswith("Hồ sơ đã được rút theo đề nghị của bạn. Lý do: Nộp nhầm thủ tục.")


def test_result_returned_tells_the_channel(received, specialist_a, leader_a, desk_a):
    workflow.start_step(received, by=specialist_a, expected_version=received.version)
    workflow.propose(received, by=specialist_a, expected_version=received.version)
    workflow.approve(received, by=leader_a, expected_version=received.version)
    workflow.return_result(received, by=desk_a, expected_version=received.version, channel=Channel.POST)
    assert texts(received)[-1].endswith("Đã trả kết quả (hình thức: bưu chính).")
