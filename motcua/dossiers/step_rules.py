"""What a procedure's internal steps (``catalog.WorkflowStep``) allow, beyond the role table.

The role table (``transitions``) says which roles may take an action in a state; the steps of
the procedure say more, and a forged or hurried action must not skip them:

- **resolve** straight after receipt is for dossiers handled at the desk itself: a procedure
  whose steps include a specialist's or a leader's (appraisal, signature) reaches "resolved"
  only through ``propose`` and the leader's ``approve``;
- each step belongs to a role: only an official holding it (or a leader of the dossier) starts,
  completes or returns it; a desk officer does not appraise, a specialist does not do the
  desk's check;
- ``propose`` (to the leader) is the specialist's, at a specialist's step: never from the
  desk's check, skipping the appraisal (the step's role, above, and the role table);
- ``complete_step`` never hands over into the leader's signature step: that hand-over is a
  proposal, which the leader approves or returns.

``refusal`` gives the reason (a Vietnamese sentence) or None, so ``guards.check`` refuses with
it and ``workflow.available_actions`` does not offer what would be refused.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from motcua.dossiers.transitions import Action
from motcua.units.models import Role

STEP_ACTIONS = frozenset({Action.START_STEP, Action.COMPLETE_STEP, Action.RETURN_STEP, Action.PROPOSE})
CHECKED = STEP_ACTIONS | {Action.RESOLVE}
_NOT_AT_DESK = frozenset({Role.SPECIALIST, Role.LEADER})


def steps_of(dossier) -> list:
    from motcua.catalog.models import WorkflowStep

    return list(WorkflowStep.objects.filter(procedure_id=dossier.procedure_id).order_by("order"))


def refusal(action: Action, dossier, roles, steps: list | None = None) -> str | None:
    """Why ``action`` is refused on ``dossier`` by someone holding ``roles``; None if allowed."""
    if action not in CHECKED:
        return None
    steps = steps_of(dossier) if steps is None else steps
    if not steps:
        return None
    if action == Action.RESOLVE:
        if any(step.role in _NOT_AT_DESK for step in steps):
            return _(
                "Thủ tục này có bước thẩm định và ký duyệt; kết quả phải được trình và lãnh đạo "
                "phê duyệt, không ghi nhận có kết quả ngay tại bộ phận một cửa."
            )
        return None
    step = _acted_step(action, dossier, steps)
    if step is None:
        return None
    if step.role and step.role not in roles and Role.LEADER not in roles:
        return _("Bước «%(step)s» do %(role)s thực hiện.") % {
            "step": step.name, "role": str(Role(step.role).label).lower()
        }
    following = _after(step, steps)
    if action == Action.COMPLETE_STEP and following is not None and following.role == Role.LEADER:
        return _(
            "Bước tiếp theo «%(step)s» là bước lãnh đạo ký duyệt: hãy «Trình lãnh đạo phê duyệt»."
        ) % {"step": following.name}
    if action == Action.COMPLETE_STEP and following is None:
        return _("Đây là bước cuối của quy trình; hãy trình lãnh đạo phê duyệt kết quả.")
    return None


def _acted_step(action: Action, dossier, steps: list):
    if action == Action.START_STEP and dossier.current_step_id is None:
        return steps[0]
    return next((step for step in steps if step.pk == dossier.current_step_id), None)


def _after(step, steps: list):
    index = next(i for i, candidate in enumerate(steps) if candidate.pk == step.pk)
    return steps[index + 1] if index + 1 < len(steps) else None
