"""The processing control sheet names to whom each hand-over went, assignments included."""

from __future__ import annotations

import pytest

from motcua.documents.handovers import hand_overs
from motcua.documents.render import render_html
from motcua.dossiers import workflow
from motcua.dossiers.tests.conftest import TO_RECEIVED, local


@pytest.mark.django_db
def test_assignment_row_is_handed_to_the_assignee_and_the_next_row_to_who_took_it(
    make_dossier, walk, leader, specialist, clock
):
    specialist.full_name = "Lê Thị Cúc"
    specialist.save()
    dossier = walk(make_dossier(), *TO_RECEIVED)
    clock.set(local(2026, 3, 10, 10, 0))
    workflow.assign(dossier, by=leader, expected_version=dossier.version, assignee=specialist)

    rows = hand_overs(dossier)
    assign_row = rows[-1]
    assert assign_row.action == "Giao xử lý" and assign_row.taken_by == "Lê Thị Cúc"
    assert rows[-2].taken_by == leader.username  # the acceptance was taken over by the leader

    clock.set(local(2026, 3, 10, 11, 0))
    workflow.start_step(dossier, by=specialist, expected_version=dossier.version)
    assert hand_overs(dossier)[-1].taken_by == "Lê Thị Cúc"  # nobody acted since: the assignee


@pytest.mark.django_db
def test_apology_slip_carries_the_reason_and_the_new_appointment(make_dossier, walk, leader, clock):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    clock.set(local(2026, 3, 16, 9, 0))  # due 13/03: late
    workflow.apologise(
        dossier, by=leader, expected_version=dossier.version, reason="Chờ xác minh hộ tịch",
        new_due_at="2026-03-18T16:30",
    )

    html = render_html("apology", dossier)

    assert "Chờ xác minh hộ tịch" in html
    assert "16 giờ 30 phút, ngày 18/03/2026" in html
