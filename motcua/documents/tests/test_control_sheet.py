"""The processing control sheet: one row per hand-over, read from the dossier's audit trail."""

import pytest

from motcua.documents.handovers import EARLY, LATE, ON_TIME, hand_overs, verdict
from motcua.documents.render import render_pdf
from motcua.dossiers import audit
from motcua.dossiers.tests.conftest import TO_PROCESSING, local

from .conftest import pdf_text


@pytest.fixture
def handled(make_dossier, walk, clock, desk, specialist, leader):
    for user, name in ((desk, "Lê Thu Hà"), (specialist, "Phạm Quốc Bảo"), (leader, "Đỗ Minh Tâm")):
        user.full_name = name
        user.save()
    clock.set(local(2026, 3, 10, 9, 0))
    dossier = walk(make_dossier(), *TO_PROCESSING)
    clock.set(local(2026, 3, 10, 10, 0))
    walk(dossier, ("complete_step", "specialist"))
    clock.set(local(2026, 3, 16, 10, 0))  # the second step's 4 working hours are long gone
    walk(dossier, ("start_step", "specialist"), ("propose", "specialist"))
    return dossier


def test_verdict_is_early_before_the_due_day_on_time_on_it_and_late_after():
    due = local(2026, 3, 12, 16, 0)
    assert verdict(local(2026, 3, 11, 16, 0), due) == EARLY
    assert verdict(local(2026, 3, 12, 9, 0), due) == ON_TIME
    assert verdict(local(2026, 3, 12, 16, 1), due) == LATE
    assert verdict(local(2026, 3, 12, 9, 0), None) == ""


@pytest.mark.django_db
def test_each_hand_over_names_who_gave_and_who_took_the_dossier(handled, desk):
    audit.record_read(handled, desk)  # a read is not a hand-over
    rows = hand_overs(handled)
    assert [row.action for row in rows] == [
        "Nộp hồ sơ", "Tiếp nhận hồ sơ", "Bắt đầu xử lý bước", "Hoàn thành bước, chuyển bước sau",
        "Bắt đầu xử lý bước", "Trình lãnh đạo phê duyệt",
    ]
    accept = rows[1]
    assert accept.handed_by == "Lê Thu Hà"
    assert accept.taken_by == "Phạm Quốc Bảo"


@pytest.mark.django_db
def test_step_finished_within_its_budget_is_early_or_on_time_and_a_slow_one_late(handled):
    rows = hand_overs(handled)
    first_step_done = rows[3]
    assert first_step_done.step == "Thẩm định hồ sơ"
    assert first_step_done.verdict in (EARLY, ON_TIME)
    second_step_done = rows[5]
    assert second_step_done.step == "Kiểm tra, trình ký"
    assert second_step_done.verdict == LATE


@pytest.mark.django_db
def test_control_sheet_pdf_shows_the_rows_and_the_form_title(handled):
    text = " ".join(pdf_text(render_pdf("control_sheet", handled)).split())
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Mẫu số 06" in text
    assert "Phạm Quốc Bảo" in text
    assert "Quá hạn" in text
    assert handled.code in text
    assert "Độc lập - Tự do - Hạnh phúc" in text


@pytest.mark.django_db
def test_starting_a_step_names_the_step_it_starts(handled):
    rows = hand_overs(handled)
    assert rows[2].step == "Thẩm định hồ sơ"
    assert rows[2].step_due is None  # nobody was working on a step before it
    assert rows[0].step == "" and rows[1].step == ""
