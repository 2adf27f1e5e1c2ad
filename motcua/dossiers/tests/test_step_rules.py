"""A procedure's internal steps cannot be skipped: no resolving at receipt when there is an
appraisal and a signature, each step done by its role, the leader's step reached by a proposal."""

from __future__ import annotations

import pytest

from motcua.catalog.tests.factories import make_procedure
from motcua.dossiers import workflow
from motcua.dossiers.models import Status
from motcua.dossiers.tests.conftest import TO_PROCESSING, TO_RECEIVED
from motcua.dossiers.transitions import Action

pytestmark = pytest.mark.django_db


def test_desk_cannot_declare_resolved_at_receipt_a_dossier_that_needs_appraisal_and_signature(
    make_dossier, walk, desk, leader
):
    dossier = walk(make_dossier(), *TO_RECEIVED)  # steps: appraisal, check, leader's signature

    assert Action.RESOLVE not in workflow.available_actions(dossier, desk)
    assert Action.RESOLVE not in workflow.available_actions(dossier, leader)
    with pytest.raises(workflow.TransitionNotAllowed, match="lãnh đạo phê duyệt"):
        workflow.resolve(dossier, by=desk, expected_version=dossier.version)
    dossier.refresh_from_db()
    assert dossier.status == Status.RECEIVED


def test_a_procedure_handled_at_the_desk_is_resolved_at_receipt(make_dossier, walk, desk, agency):
    dossier = walk(make_dossier(procedure=make_procedure(agencies=[agency])), *TO_RECEIVED)

    assert Action.RESOLVE in workflow.available_actions(dossier, desk)
    workflow.resolve(dossier, by=desk, expected_version=dossier.version)
    assert dossier.status == Status.RESOLVED


def test_the_desk_officer_cannot_do_the_specialists_appraisal_step(
    make_dossier, walk, desk, specialist
):
    dossier = walk(make_dossier(), *TO_RECEIVED)

    assert Action.START_STEP not in workflow.available_actions(dossier, desk)
    with pytest.raises(workflow.TransitionNotAllowed, match="«Thẩm định hồ sơ» do chuyên viên"):
        workflow.start_step(dossier, by=desk, expected_version=dossier.version)
    assert Action.START_STEP in workflow.available_actions(dossier, specialist)
    workflow.start_step(dossier, by=specialist, expected_version=dossier.version)
    assert dossier.current_step.name == "Thẩm định hồ sơ"


def test_the_leaders_signature_step_is_reached_by_a_proposal_not_a_hand_over(
    make_dossier, walk, specialist
):
    dossier = walk(
        make_dossier(), *TO_PROCESSING, ("complete_step", "specialist"), ("start_step", "specialist")
    )
    assert dossier.current_step.name == "Kiểm tra, trình ký"  # the next is "Ký duyệt", a leader's

    offered = workflow.available_actions(dossier, specialist)
    assert Action.PROPOSE in offered and Action.COMPLETE_STEP not in offered
    with pytest.raises(workflow.TransitionNotAllowed, match="Trình lãnh đạo phê duyệt"):
        workflow.complete_step(dossier, by=specialist, expected_version=dossier.version)
    workflow.propose(dossier, by=specialist, expected_version=dossier.version)
    assert dossier.step_state == "proposed"


def test_complete_step_is_not_offered_at_the_last_step(make_dossier, walk, specialist, agency):
    from decimal import Decimal

    from motcua.catalog.models import WorkflowStep
    from motcua.units.models import Role

    procedure = make_procedure(agencies=[agency])
    WorkflowStep.objects.create(
        procedure=procedure, order=1, name="Thẩm định", role=Role.SPECIALIST, budget_value=Decimal("4")
    )
    dossier = walk(make_dossier(procedure=procedure), *TO_PROCESSING)

    offered = workflow.available_actions(dossier, specialist)
    assert Action.COMPLETE_STEP not in offered and Action.PROPOSE in offered
