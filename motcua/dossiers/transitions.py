"""What may happen to a dossier, as data: one row per (current status, action).

``dossiers.workflow`` is the only code that applies these rows; the desk and the portal read
them to show which buttons an official or a citizen has (``allowed_actions``). The diagram in
``docs/workflow.md`` is generated from this table by ``mermaid()`` and a test keeps it equal,
so the documentation cannot drift from the code.

Inside ``in_processing`` a dossier walks the procedure's internal steps
(``catalog.WorkflowStep``). The step actions keep the status and move ``Dossier.current_step``
and ``Dossier.step_state``; ``Transition.step_states`` says in which step state each one is
allowed (for example a leader approves only a proposed result).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Status, StepState
from motcua.units.models import Role


class Action(models.TextChoices):
    SUBMIT = "submit", _("Nộp hồ sơ")
    ACCEPT = "accept", _("Tiếp nhận hồ sơ")
    REQUEST_SUPPLEMENT = "request_supplement", _("Yêu cầu bổ sung, hoàn thiện hồ sơ")
    REFUSE = "refuse", _("Từ chối giải quyết hồ sơ")
    REDIRECT = "redirect", _("Hướng dẫn nộp tại cơ quan khác")
    RESUBMIT = "resubmit", _("Nhận hồ sơ bổ sung")
    START_STEP = "start_step", _("Bắt đầu xử lý bước")
    COMPLETE_STEP = "complete_step", _("Hoàn thành bước, chuyển bước sau")
    RETURN_STEP = "return_step", _("Chuyển trả bước trước")
    SUSPEND = "suspend", _("Tạm dừng giải quyết")
    RESUME = "resume", _("Tiếp tục giải quyết")
    PROPOSE = "propose", _("Trình lãnh đạo phê duyệt")
    APPROVE = "approve", _("Phê duyệt kết quả")
    RETURN_TO_STEP = "return_to_step", _("Lãnh đạo trả lại để xử lý lại")
    RESOLVE = "resolve", _("Có kết quả giải quyết")
    RETURN_RESULT = "return_result", _("Trả kết quả")
    WITHDRAW = "withdraw", _("Rút hồ sơ")
    CLOSE = "close", _("Kết thúc hồ sơ")
    # Keep the status: who handles the dossier, and the apology for lateness.
    ASSIGN = "assign", _("Giao xử lý")
    APOLOGISE = "apologise", _("Xin lỗi và hẹn lại ngày trả kết quả")


class StepMove(StrEnum):
    """How a transition moves ``Dossier.current_step`` among the procedure's internal steps."""

    KEEP = "keep"
    FIRST = "first"  # the first step of the procedure
    NEXT = "next"
    PREVIOUS = "previous"
    CHOSEN = "chosen"  # a step named by the leader (``step_order``), the current one by default
    CLEAR = "clear"  # processing is over


OFFICIALS = frozenset({Role.DESK_OFFICER, Role.SPECIALIST, Role.LEADER})
HANDLERS = frozenset({Role.SPECIALIST, Role.LEADER})


@dataclass(frozen=True)
class Transition:
    target: Status
    roles: frozenset[Role]
    # The legal time limit starts again in full from this moment (acceptance, supplement received).
    restarts_clock: bool = False
    needs_reason: bool = False
    # Where the dossier goes instead when it was never accepted (a supplement at reception
    # sends it back to the desk's check, not into processing). None: always ``target``.
    target_before_receipt: Status | None = None
    # Step states in which the action is allowed; empty: any.
    step_states: frozenset[StepState] = frozenset()
    step_move: StepMove = StepMove.KEEP
    # The step state after the action; None: unchanged.
    step_state_after: StepState | None = None


def _t(target, roles, **kwargs) -> Transition:
    return Transition(target=target, roles=frozenset(roles), **kwargs)


S, A = Status, Action
_CITIZEN_OR_DESK = {Role.CITIZEN, Role.DESK_OFFICER}
_WORKING = frozenset({StepState.ACTIVE})
_WAITING_OR_WORKING = frozenset({StepState.PENDING, StepState.ACTIVE})

TRANSITIONS: dict[tuple[Status, Action], Transition] = {
    # The applicant (or the desk, for a paper dossier) hands the dossier in.
    (S.DRAFT, A.SUBMIT): _t(S.SUBMITTED, _CITIZEN_OR_DESK),
    (S.DRAFT, A.WITHDRAW): _t(S.WITHDRAWN, _CITIZEN_OR_DESK),
    # At receipt exactly one outcome (Decree 61/2018 art. 19, Decree 118/2025).
    (S.SUBMITTED, A.ACCEPT): _t(S.RECEIVED, {Role.DESK_OFFICER}, restarts_clock=True),
    (S.SUBMITTED, A.REQUEST_SUPPLEMENT): _t(S.WAITING_SUPPLEMENT, {Role.DESK_OFFICER}),
    (S.SUBMITTED, A.REFUSE): _t(S.REFUSED, {Role.DESK_OFFICER}, needs_reason=True),
    # Guided to the right agency: handling ends here; the dossier is not refused.
    (S.SUBMITTED, A.REDIRECT): _t(S.CLOSED, {Role.DESK_OFFICER}, needs_reason=True),
    (S.SUBMITTED, A.WITHDRAW): _t(S.WITHDRAWN, _CITIZEN_OR_DESK),
    (S.WAITING_SUPPLEMENT, A.RESUBMIT): _t(
        S.IN_PROCESSING, _CITIZEN_OR_DESK, restarts_clock=True,
        target_before_receipt=S.SUBMITTED, step_state_after=StepState.PENDING,
    ),
    (S.WAITING_SUPPLEMENT, A.WITHDRAW): _t(S.WITHDRAWN, _CITIZEN_OR_DESK),
    # A dossier handled at the desk itself (same-day certification…) has no internal steps.
    (S.RECEIVED, A.RESOLVE): _t(S.RESOLVED, OFFICIALS, step_move=StepMove.CLEAR),
    (S.RECEIVED, A.START_STEP): _t(
        S.IN_PROCESSING, HANDLERS | {Role.DESK_OFFICER},
        step_move=StepMove.FIRST, step_state_after=StepState.ACTIVE,
    ),
    (S.RECEIVED, A.WITHDRAW): _t(S.WITHDRAWN, _CITIZEN_OR_DESK),
    # Internal steps, each handed over with a record of who, when (processing control sheet).
    (S.IN_PROCESSING, A.START_STEP): _t(
        S.IN_PROCESSING, OFFICIALS, step_states=frozenset({StepState.PENDING}),
        step_state_after=StepState.ACTIVE,
    ),
    (S.IN_PROCESSING, A.COMPLETE_STEP): _t(
        S.IN_PROCESSING, OFFICIALS, step_states=_WORKING,
        step_move=StepMove.NEXT, step_state_after=StepState.PENDING,
    ),
    (S.IN_PROCESSING, A.RETURN_STEP): _t(
        S.IN_PROCESSING, OFFICIALS, needs_reason=True, step_states=_WAITING_OR_WORKING,
        step_move=StepMove.PREVIOUS, step_state_after=StepState.PENDING,
    ),
    (S.IN_PROCESSING, A.PROPOSE): _t(
        S.IN_PROCESSING, {Role.SPECIALIST}, step_states=_WORKING,
        step_state_after=StepState.PROPOSED,
    ),
    (S.IN_PROCESSING, A.APPROVE): _t(
        S.RESOLVED, {Role.LEADER}, step_states=frozenset({StepState.PROPOSED}),
        step_move=StepMove.CLEAR,
    ),
    (S.IN_PROCESSING, A.RETURN_TO_STEP): _t(
        S.IN_PROCESSING, {Role.LEADER}, needs_reason=True,
        step_states=frozenset({StepState.PROPOSED}), step_move=StepMove.CHOSEN,
        step_state_after=StepState.PENDING,
    ),
    # Stopping the clock: a supplement restarts the whole limit; a suspension only pauses it.
    (S.IN_PROCESSING, A.REQUEST_SUPPLEMENT): _t(S.WAITING_SUPPLEMENT, OFFICIALS),
    (S.IN_PROCESSING, A.SUSPEND): _t(S.SUSPENDED, {Role.LEADER}, needs_reason=True),
    (S.IN_PROCESSING, A.REFUSE): _t(
        S.REFUSED, {Role.LEADER}, needs_reason=True, step_move=StepMove.CLEAR
    ),
    (S.IN_PROCESSING, A.WITHDRAW): _t(S.WITHDRAWN, _CITIZEN_OR_DESK),
    (S.SUSPENDED, A.RESUME): _t(S.IN_PROCESSING, {Role.LEADER}),
    (S.SUSPENDED, A.WITHDRAW): _t(S.WITHDRAWN, _CITIZEN_OR_DESK),
    # The competent agency's leader hands the dossier to a specialist (or takes it back);
    # the status stays, ``Dossier.assignee`` changes (the workflow checks the agency).
    (S.RECEIVED, A.ASSIGN): _t(S.RECEIVED, {Role.LEADER}),
    (S.IN_PROCESSING, A.ASSIGN): _t(S.IN_PROCESSING, {Role.LEADER}),
    (S.SUSPENDED, A.ASSIGN): _t(S.SUSPENDED, {Role.LEADER}),
    # A dossier that will be late is never left silent: the leader of the competent agency or
    # the assignee apologises with a reason and a new appointment (Mẫu 04).
    (S.RECEIVED, A.APOLOGISE): _t(S.RECEIVED, HANDLERS, needs_reason=True),
    (S.IN_PROCESSING, A.APOLOGISE): _t(S.IN_PROCESSING, HANDLERS, needs_reason=True),
    # The result: decided, handed over, archived.
    (S.RESOLVED, A.RETURN_RESULT): _t(S.RESULT_RETURNED, {Role.DESK_OFFICER}),
    # Archiving is also the administrators' housekeeping (admin action on returned dossiers).
    (S.RESULT_RETURNED, A.CLOSE): _t(S.CLOSED, {Role.DESK_OFFICER, Role.LEADER, Role.ADMINISTRATOR}),
}

# Statuses in which the legal clock runs (a dossier waiting for the applicant or suspended
# cannot be late; reports and reminders use this).
CLOCK_RUNNING = frozenset({Status.RECEIVED, Status.IN_PROCESSING})
FINAL = frozenset({Status.REFUSED, Status.WITHDRAWN, Status.CLOSED})


def transition_for(status: str, action: str) -> Transition | None:
    return TRANSITIONS.get((Status(status), Action(action)))


def allowed_actions(status: str, roles: frozenset[str] | set[str] = frozenset()) -> list[Action]:
    """The actions possible from ``status`` for someone holding ``roles`` (all roles if empty)."""
    status = Status(status)
    return [
        action
        for (source, action), transition in TRANSITIONS.items()
        if source == status and (not roles or transition.roles & set(roles))
    ]


def _flags(transition: Transition, *, before_receipt: bool) -> list[str]:
    flags = []
    if transition.restarts_clock and not before_receipt:
        flags.append("clock starts again")
    if transition.needs_reason:
        flags.append("reason")
    if transition.step_states:
        flags.append("step " + "/".join(sorted(s.value for s in transition.step_states)))
    return flags


def mermaid() -> str:
    """The table as a Mermaid state diagram; an edge reads ``action · roles · conditions``."""
    lines = ["stateDiagram-v2", "    [*] --> draft"]
    for (source, action), transition in TRANSITIONS.items():
        roles = ", ".join(sorted(role.value for role in transition.roles))
        edges = [(transition.target, action.value, False)]
        if transition.target_before_receipt:
            edges = [
                (transition.target, f"{action.value} after receipt", False),
                (transition.target_before_receipt, f"{action.value} before receipt", True),
            ]
        for target, label, before_receipt in edges:
            parts = [label, roles, *_flags(transition, before_receipt=before_receipt)]
            lines.append(f"    {source.value} --> {target.value}: {' · '.join(parts)}")
    for final in sorted(FINAL, key=lambda status: status.value):
        lines.append(f"    {final.value} --> [*]")
    return "\n".join(lines) + "\n"
