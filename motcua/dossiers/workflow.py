"""The only code that changes a dossier's state.

One public function per action (``accept``, ``refuse``…), all going through ``apply``:

1. one ``transaction.atomic()``; the row is re-read with ``select_for_update()``;
2. the official must see the dossier (``units.scoping``) or be its applicant, the dossier must
   still be at ``expected_version`` (else ``StaleDossier``), the action must be allowed from
   its status for one of the actor's roles (``transitions.TRANSITIONS``, else
   ``TransitionNotAllowed``), with its reason or details where needed;
3. the new state is written by ``UPDATE … WHERE version = expected`` (so two writers cannot both
   win even where rows cannot be locked, as on SQLite), with the code, times and due date;
4. the audit event is appended (hash-chained), the ``hooks.in_transaction`` hooks run;
5. ``hooks.on_transition`` hooks are scheduled with ``transaction.on_commit``.

Views, API endpoints, admin actions and commands call these functions and show
``str(error)`` of a ``WorkflowError`` to the person; they never assign ``status``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import WorkflowStep
from motcua.dossiers import audit, codes, guards, hooks, step_rules
from motcua.dossiers.deadlines import CalendarDeadlines, Deadlines
from motcua.dossiers.errors import (
    MissingDetails,
    OutsideScope,
    StaleDossier,
    TransitionNotAllowed,
    WorkflowError,
)
from motcua.dossiers.models import Channel, Dossier, Status, StepState
from motcua.dossiers.transitions import Action, StepMove, Transition, transition_for
from motcua.units.models import Membership, Role

__all__ = [
    "Action", "StaleDossier", "TransitionNotAllowed", "MissingDetails", "OutsideScope",
    "WorkflowError", "apply", "roles_of", "available_actions",
    "submit", "accept", "request_supplement", "refuse", "redirect", "resubmit",
    "start_step", "complete_step", "return_step", "propose", "approve", "return_to_step",
    "suspend", "resume", "resolve", "return_result", "withdraw", "close", "assign", "apologise",
]

MAX_TEXT = 2000
DETAIL_NAMES = frozenset(
    {"reason", "note", "missing_items", "to_agency_name", "channel", "step_order", "assignee", "new_due_at"}
)
Scope = Callable[[object, Dossier], bool]


def now() -> dt.datetime:
    """The moment of a transition (a function, so tests can move the clock)."""
    return timezone.now()


def _visible_through_units(user, dossier: Dossier) -> bool:
    from motcua.units.scoping import visibility

    seen = visibility(user)
    return seen.can_see_agency(dossier.receiving_agency_id) or seen.can_see_agency(
        dossier.competent_agency_id
    )


def roles_of(user, dossier: Dossier, *, scope: Scope | None = None) -> frozenset[str]:
    """The roles ``user`` may act in on ``dossier``: citizen on their own dossier, and their
    official roles (``units.Membership``) when the dossier is within their units."""
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    roles: set[str] = set()
    if dossier.applicant_id is not None and dossier.applicant_id == user.pk:
        roles.add(Role.CITIZEN)
    official = set(
        Membership.objects.valid_on(timezone.localdate())
        .filter(user=user)
        .exclude(role=Role.CITIZEN)
        .values_list("role", flat=True)
    )
    if official and (scope or _visible_through_units)(user, dossier):
        roles |= official
    return frozenset(roles)


def available_actions(dossier: Dossier, user, *, scope: Scope | None = None) -> list[Action]:
    """The actions ``user`` could take on ``dossier`` now (the buttons to show)."""
    from motcua.dossiers.transitions import allowed_actions

    roles = roles_of(user, dossier, scope=scope)
    if not roles:
        return []
    candidates = [
        action
        for action in allowed_actions(dossier.status, roles)
        if _step_allows(transition_for(dossier.status, action), dossier)
    ]
    # What the procedure's steps would refuse is not offered (one query for the steps).
    steps = step_rules.steps_of(dossier) if set(candidates) & step_rules.CHECKED else []
    return [a for a in candidates if step_rules.refusal(a, dossier, roles, steps) is None]


def _step_allows(transition: Transition, dossier: Dossier) -> bool:
    return not transition.step_states or dossier.step_state in transition.step_states


def _text(value, field: str, *, required: bool) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise MissingDetails(_("Vui lòng nhập %(field)s.") % {"field": field})
    if len(text) > MAX_TEXT:
        raise MissingDetails(
            _("%(field)s dài quá %(limit)s ký tự; vui lòng viết ngắn gọn hơn.")
            % {"field": field, "limit": MAX_TEXT}
        )
    return text


def _clean_details(action: Action, transition: Transition, raw: dict) -> dict:
    """The details an action needs, validated; they go into the audit event as they are."""
    details: dict = {}
    reason = _text(raw.get("reason"), _("lý do"), required=transition.needs_reason)
    if reason:
        details["reason"] = reason
    note = _text(raw.get("note"), _("ghi chú"), required=False)
    if note:
        details["note"] = note
    if action == Action.REQUEST_SUPPLEMENT:
        items = raw.get("missing_items") or []
        if isinstance(items, str):
            items = [items]
        items = [_text(item, _("giấy tờ cần bổ sung"), required=False) for item in items]
        items = [item for item in items if item]
        if not items:
            raise MissingDetails(
                _("Vui lòng liệt kê đầy đủ, một lần, các giấy tờ hoặc nội dung cần bổ sung.")
            )
        details["missing_items"] = items
    if action == Action.REDIRECT:
        details["to_agency_name"] = _text(
            raw.get("to_agency_name"), _("tên cơ quan có thẩm quyền tiếp nhận"), required=True
        )
    if action == Action.RETURN_RESULT:
        channel = str(raw.get("channel") or "")
        if channel not in Channel.values:
            raise MissingDetails(
                _("Vui lòng chọn hình thức trả kết quả: trực tiếp, bưu chính hoặc trực tuyến.")
            )
        details["channel"] = channel
    if action == Action.RETURN_TO_STEP and raw.get("step_order") not in (None, ""):
        try:
            details["step_order"] = int(raw["step_order"])
        except (TypeError, ValueError):
            raise MissingDetails(_("Bước xử lý được chọn không hợp lệ.")) from None
    return details


def _steps(dossier: Dossier) -> list[WorkflowStep]:
    return list(WorkflowStep.objects.filter(procedure_id=dossier.procedure_id).order_by("order"))


def _move_step(move: StepMove, dossier: Dossier, details: dict) -> WorkflowStep | None:
    current = dossier.current_step
    if move == StepMove.KEEP:
        return current
    if move == StepMove.CLEAR:
        return None
    steps = _steps(dossier)
    if move == StepMove.FIRST:
        return steps[0] if steps else None
    if move == StepMove.CHOSEN:
        order = details.get("step_order")
        if order is None:
            return current
        chosen = next((step for step in steps if step.order == order), None)
        if chosen is None:
            raise MissingDetails(_("Quy trình của thủ tục này không có bước số %(order)s.") % {"order": order})
        return chosen
    position = next((i for i, step in enumerate(steps) if current and step.pk == current.pk), None)
    if move == StepMove.NEXT:
        if position is None or position + 1 >= len(steps):
            raise TransitionNotAllowed(
                _("Đây là bước cuối của quy trình; hãy trình lãnh đạo phê duyệt kết quả.")
            )
        return steps[position + 1]
    if position is None or position == 0:
        raise TransitionNotAllowed(_("Đây là bước đầu của quy trình, không có bước trước để trả lại."))
    return steps[position - 1]


def _not_allowed_here(action: Action, dossier: Dossier) -> TransitionNotAllowed:
    return TransitionNotAllowed(
        _("Không thể thực hiện «%(action)s» khi hồ sơ đang ở trạng thái «%(status)s».")
        % {"action": action.label, "status": Status(dossier.status).label}
    )


def _changes(
    action: Action, transition: Transition, current: Dossier, details: dict, at: dt.datetime,
    deadlines: Deadlines,
) -> dict:
    """The fields the action writes, ``status`` and timestamps included."""
    target = transition.target
    if transition.target_before_receipt and current.received_at is None:
        target = transition.target_before_receipt
    changes: dict = {"status": target}
    if action == Action.SUBMIT or (action == Action.RESUBMIT and target == Status.SUBMITTED):
        changes["submitted_at"] = at
    if action == Action.ACCEPT:
        changes["received_at"] = at
        if not current.code:
            changes["code"] = codes.next_code(current.receiving_agency, timezone.localdate(at))
    if transition.restarts_clock and target != Status.SUBMITTED:
        try:
            due = deadlines.due(current.procedure, at, restarted=action == Action.RESUBMIT)
        except ValueError as error:  # no time limit in the catalogue, calendar year missing…
            raise TransitionNotAllowed(
                _("Chưa tính được hạn trả kết quả: %(error)s") % {"error": error}
            ) from error
        changes.update(
            clock_started_at=at, due_at=due.due_at, due_explanation=due.explanation,
            calendar_revision=due.calendar_revision, suspended_working_time=dt.timedelta(0),
        )
    if action == Action.SUSPEND:
        changes["suspended_at"] = at
    if action == Action.RESUME:
        changes["suspended_at"] = None
        if current.due_at and current.suspended_at:
            shifted = deadlines.extend(current.due_at, current.suspended_at, at)
            explanation = "\n".join(filter(None, [current.due_explanation, shifted.explanation]))
            changes.update(
                due_at=shifted.due_at, due_explanation=explanation,
                calendar_revision=shifted.calendar_revision,
                suspended_working_time=current.suspended_working_time + shifted.added,
            )
            details["due_at"] = shifted.due_at.isoformat()
    if target == Status.RESOLVED:
        changes["resolved_at"] = at
    if target == Status.RESULT_RETURNED:
        changes["returned_at"] = at
    if target == Status.IN_PROCESSING:
        changes["current_step"] = _move_step(transition.step_move, current, details)
        if transition.step_state_after is not None:
            changes["step_state"] = transition.step_state_after
    elif target not in (Status.WAITING_SUPPLEMENT, Status.SUSPENDED):
        changes["current_step"] = None
        changes["step_state"] = StepState.NONE
    if changes.get("current_step") is not None:
        details["step"] = changes["current_step"].order
    if "code" in changes:
        details["code"] = changes["code"]
    if "due_at" in changes and changes["due_at"] is not None:
        details.setdefault("due_at", changes["due_at"].isoformat())
    return changes


def _extra_changes(action: Action, extra: dict, details: dict, at: dt.datetime) -> dict:
    """The fields of the actions that keep the status: assignment and apology."""
    if action == Action.ASSIGN:
        details.update(assignee_from=extra["assignee_from"], assignee_to=extra["assignee_to"])
        return {"assignee_id": extra["assignee_to"], "assigned_at": at}
    if action == Action.APOLOGISE:
        details["new_due_at"] = extra["new_due_at"].isoformat()
        return {"apologised_at": at, "new_due_at": extra["new_due_at"]}
    return {}


def apply(
    dossier: Dossier, action: str, *, by, expected_version: int,
    deadlines: Deadlines | None = None, scope: Scope | None = None, **raw_details,
) -> Dossier:
    """Carry out ``action`` on ``dossier`` for ``by``; see the module docstring for the steps.

    On success ``dossier`` (the caller's instance) holds the new state and is returned.
    """
    action = Action(action)
    unknown = set(raw_details) - DETAIL_NAMES
    if unknown:
        raise TypeError(f"Unknown details for {action.value}: {', '.join(sorted(unknown))}")
    deadlines = deadlines or CalendarDeadlines()
    with transaction.atomic():
        current = (
            # of=self: PostgreSQL cannot lock the nullable side of the outer joins.
            Dossier.objects.select_for_update(of=("self",))
            .select_related(
                "procedure", "receiving_agency", "competent_agency", "current_step", "assignee"
            )
            .get(pk=dossier.pk)
        )
        roles = roles_of(by, current, scope=scope)
        if not roles:
            raise OutsideScope()
        if current.version != expected_version:
            raise StaleDossier(current)
        transition = transition_for(current.status, action)
        if transition is None:
            raise _not_allowed_here(action, current)
        if not transition.roles & roles:
            raise TransitionNotAllowed(
                _("Vai trò của bạn không được phép thực hiện «%(action)s» với hồ sơ này.")
                % {"action": action.label}
            )
        if not _step_allows(transition, current):
            raise TransitionNotAllowed(
                _("Không thể thực hiện «%(action)s» khi bước hiện tại đang «%(state)s».")
                % {"action": action.label, "state": StepState(current.step_state).label}
            )
        details = _clean_details(action, transition, raw_details)
        at = now()
        extra = guards.check(action, current, by, roles, raw_details, at)
        from_status = current.status
        changes = _changes(action, transition, current, details, at, deadlines)
        changes.update(_extra_changes(action, extra, details, at))
        changes["version"] = expected_version + 1
        written = Dossier.objects.filter(pk=current.pk, version=expected_version).update(**changes)
        if written != 1:
            raise StaleDossier(Dossier.objects.filter(pk=current.pk).first())
        for name, value in changes.items():
            setattr(current, name, value)
        event = audit.append(
            current, action=action.value, by=by, from_status=from_status,
            to_status=current.status, details=details, at=at,
        )
        record = hooks.TransitionRecord(
            dossier=current, action=action.value, from_status=from_status,
            to_status=current.status, by=by, event=event, details=details,
        )
        for hook in list(hooks.in_transaction):
            hook(record)
        for hook in list(hooks.on_transition):
            transaction.on_commit(partial(hook, record), robust=True)
    for field in Dossier._meta.concrete_fields:
        setattr(dossier, field.attname, getattr(current, field.attname))
    dossier.current_step = current.current_step
    return dossier


# One function per action: the names the desk, the portal and the API call.


def submit(dossier, *, by, expected_version, **options):
    """The applicant (or the desk for a paper dossier) hands the dossier in."""
    return apply(dossier, Action.SUBMIT, by=by, expected_version=expected_version, **options)


def accept(dossier, *, by, expected_version, **options):
    """The desk accepts a complete dossier: code, receipt time, due date (receipt slip)."""
    return apply(dossier, Action.ACCEPT, by=by, expected_version=expected_version, **options)


def request_supplement(dossier, *, by, expected_version, missing_items: list[str], **options):
    """Everything missing, listed once and in full; during processing the clock stops."""
    return apply(
        dossier, Action.REQUEST_SUPPLEMENT, by=by, expected_version=expected_version,
        missing_items=missing_items, **options,
    )


def refuse(dossier, *, by, expected_version, reason: str, **options):
    return apply(dossier, Action.REFUSE, by=by, expected_version=expected_version, reason=reason, **options)


def redirect(dossier, *, by, expected_version, to_agency_name: str, reason: str, **options):
    """The applicant is guided to the competent agency; handling ends here."""
    return apply(
        dossier, Action.REDIRECT, by=by, expected_version=expected_version,
        to_agency_name=to_agency_name, reason=reason, **options,
    )


def resubmit(dossier, *, by, expected_version, **options):
    """The supplement arrived: back to the desk's check, or, once accepted, the whole time
    limit starts again from now."""
    return apply(dossier, Action.RESUBMIT, by=by, expected_version=expected_version, **options)


def start_step(dossier, *, by, expected_version, **options):
    return apply(dossier, Action.START_STEP, by=by, expected_version=expected_version, **options)


def complete_step(dossier, *, by, expected_version, **options):
    return apply(dossier, Action.COMPLETE_STEP, by=by, expected_version=expected_version, **options)


def return_step(dossier, *, by, expected_version, reason: str, **options):
    return apply(
        dossier, Action.RETURN_STEP, by=by, expected_version=expected_version, reason=reason, **options
    )


def propose(dossier, *, by, expected_version, **options):
    return apply(dossier, Action.PROPOSE, by=by, expected_version=expected_version, **options)


def approve(dossier, *, by, expected_version, **options):
    return apply(dossier, Action.APPROVE, by=by, expected_version=expected_version, **options)


def return_to_step(dossier, *, by, expected_version, reason: str, step_order: int | None = None, **options):
    return apply(
        dossier, Action.RETURN_TO_STEP, by=by, expected_version=expected_version, reason=reason,
        step_order=step_order, **options,
    )


def suspend(dossier, *, by, expected_version, reason: str, **options):
    return apply(dossier, Action.SUSPEND, by=by, expected_version=expected_version, reason=reason, **options)


def resume(dossier, *, by, expected_version, **options):
    """Handling continues; the due date moves later by the working time suspended."""
    return apply(dossier, Action.RESUME, by=by, expected_version=expected_version, **options)


def resolve(dossier, *, by, expected_version, **options):
    """The result is ready for a dossier handled without internal steps."""
    return apply(dossier, Action.RESOLVE, by=by, expected_version=expected_version, **options)


def return_result(dossier, *, by, expected_version, channel: str, **options):
    return apply(
        dossier, Action.RETURN_RESULT, by=by, expected_version=expected_version, channel=channel, **options
    )


def withdraw(dossier, *, by, expected_version, reason: str = "", **options):
    return apply(dossier, Action.WITHDRAW, by=by, expected_version=expected_version, reason=reason, **options)


def close(dossier, *, by, expected_version, **options):
    return apply(dossier, Action.CLOSE, by=by, expected_version=expected_version, **options)


def assign(dossier, *, by, expected_version, assignee, **options):
    """The competent agency's leader hands the dossier to ``assignee`` (a user or its id)."""
    return apply(dossier, Action.ASSIGN, by=by, expected_version=expected_version, assignee=assignee, **options)


def apologise(dossier, *, by, expected_version, reason: str, new_due_at, **options):
    """The apology for a dossier that will be late, with a new appointment (Mẫu 04)."""
    return apply(
        dossier, Action.APOLOGISE, by=by, expected_version=expected_version, reason=reason,
        new_due_at=new_due_at, **options,
    )
