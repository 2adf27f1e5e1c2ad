"""Liên thông: a handler asks other agencies for their opinion at a parallel step; the step
cannot be completed until every agency has answered; each request and answer is audited."""

from __future__ import annotations

import pytest

from motcua.catalog.tests.factories import make_agency
from motcua.dossiers import audit, consultations, workflow
from motcua.dossiers.models import Consultation, Status
from motcua.dossiers.tests.conftest import TO_PROCESSING, TO_RECEIVED, make_official
from motcua.units.models import Role


@pytest.fixture
def parallel(procedure):
    """The first step of the procedure is a liên thông step (parallel group 1)."""
    procedure.workflow_steps.filter(order=1).update(parallel_group=1)
    return procedure


@pytest.fixture
def police(db):
    return make_agency(name="Công an phường Kim Liên", code="000.99.35.H26")


@pytest.mark.django_db
def test_handler_asks_another_agency_and_cannot_complete_until_it_answers(
    parallel, make_dossier, walk, specialist, police, clock
):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    (asked,) = consultations.request(
        dossier, by=specialist, expected_version=dossier.version, agencies=[police.pk],
        question="Xác nhận nơi cư trú của người mẹ",
    )
    assert asked.is_open and asked.step.order == 1 and asked.due_at is not None
    dossier.refresh_from_db()
    version = dossier.version  # not a state change

    with pytest.raises(workflow.TransitionNotAllowed, match="chưa trả lời"):
        workflow.complete_step(dossier, by=specialist, expected_version=version)

    officer = make_official(police, Role.SPECIALIST)
    consultations.answer(asked, by=officer, answer="Đúng, thường trú tại phường")
    workflow.complete_step(dossier, by=specialist, expected_version=version)

    dossier.refresh_from_db()
    assert dossier.status == Status.IN_PROCESSING and dossier.current_step.order == 2
    actions = list(dossier.audit_events.values_list("action", flat=True))
    assert actions[-3:] == ["consult_request", "consult_answer", "complete_step"]
    assert audit.verify_chain(dossier).ok


@pytest.mark.django_db
def test_consultation_is_refused_at_a_step_without_liên_thông(
    make_dossier, walk, specialist, police
):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    with pytest.raises(workflow.TransitionNotAllowed, match="không có quy định xin ý kiến"):
        consultations.request(
            dossier, by=specialist, expected_version=dossier.version, agencies=[police],
            question="?",
        )
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_only_officials_of_the_consulted_agency_may_answer_and_only_once(
    parallel, make_dossier, walk, specialist, police, agency, citizen
):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    (asked,) = consultations.request(
        dossier, by=specialist, expected_version=dossier.version, agencies=[police], question="?"
    )
    for intruder in (specialist, citizen, make_official(police, Role.DESK_OFFICER)):
        with pytest.raises(workflow.TransitionNotAllowed, match="cơ quan được xin ý kiến"):
            consultations.answer(asked, by=intruder, answer="Đồng ý")
    officer = make_official(police, Role.LEADER)
    consultations.answer(asked, by=officer, answer="Đồng ý")
    with pytest.raises(workflow.TransitionNotAllowed, match="đã trả lời"):
        consultations.answer(asked, by=officer, answer="Đồng ý lần hai")
    asked.refresh_from_db()
    assert asked.answer == "Đồng ý"


@pytest.mark.django_db
def test_consultation_needs_a_question_an_agency_and_the_current_version(
    parallel, make_dossier, walk, specialist, police, desk
):
    dossier = walk(make_dossier(), *TO_PROCESSING)
    with pytest.raises(workflow.MissingDetails, match="nội dung xin ý kiến"):
        consultations.request(dossier, by=specialist, expected_version=dossier.version, agencies=[police], question=" ")
    with pytest.raises(workflow.MissingDetails, match="ít nhất một cơ quan"):
        consultations.request(dossier, by=specialist, expected_version=dossier.version, agencies=[], question="?")
    with pytest.raises(workflow.MissingDetails, match="không hợp lệ"):
        consultations.request(dossier, by=specialist, expected_version=dossier.version, agencies=[99999], question="?")
    with pytest.raises(workflow.StaleDossier):
        consultations.request(dossier, by=specialist, expected_version=dossier.version - 1, agencies=[police], question="?")
    with pytest.raises(workflow.TransitionNotAllowed, match="Chỉ người xử lý"):
        consultations.request(dossier, by=desk, expected_version=dossier.version, agencies=[police], question="?")
    assert not Consultation.objects.exists()


@pytest.mark.django_db
def test_consultation_of_an_assigned_dossier_is_for_its_assignee(
    parallel, make_dossier, walk, specialist, leader, police, agency
):
    dossier = walk(make_dossier(), *TO_RECEIVED)
    workflow.assign(dossier, by=leader, expected_version=dossier.version, assignee=specialist.pk)
    workflow.start_step(dossier, by=specialist, expected_version=dossier.version)
    colleague = make_official(agency, Role.SPECIALIST)
    with pytest.raises(workflow.TransitionNotAllowed, match="đã được giao cho"):
        consultations.request(dossier, by=colleague, expected_version=dossier.version, agencies=[police], question="?")
