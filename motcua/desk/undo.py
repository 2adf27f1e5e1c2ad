"""Undoing a desk action a moment after it was done, where the law allows it.

Only actions with a lawful inverse that already exists in the state machine and issues nothing
new to the applicant are undoable (``INVERSES``): an assignment (reassign to the previous
assignee) and a suspension (resume). Everything that gives the applicant a receipt, a notice
or a decision (acceptance, refusal, supplement request, approval, result, apology…) is never
undoable. The undo is an ordinary ``workflow.apply`` call, so it is scoped, audited and
notified like any other action; its audit event carries a note naming what it undid.

An action is undoable for ``UNDO_WINDOW`` after it was done, only by the official who did it,
and only while it is still the dossier's last change (no transition or consultation since,
reads aside, and the version the page showed is still the current one).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from motcua.dossiers import workflow
from motcua.dossiers.audit import READ
from motcua.dossiers.errors import TransitionNotAllowed
from motcua.dossiers.models import AuditEvent, Dossier
from motcua.dossiers.transitions import Action

UNDO_WINDOW = dt.timedelta(minutes=10)
# The action done → the action that takes it back. Nothing else is undoable; see
# docs/workflow.md ("Confirmation and undo on the desk") for why.
INVERSES = {Action.ASSIGN: Action.ASSIGN, Action.SUSPEND: Action.RESUME}


class UndoRefused(TransitionNotAllowed):
    """The undo is not (or no longer) possible; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Offer:
    """What the page shows under the notice: a "Hoàn tác" button until ``until``."""

    event_id: int
    action_label: str
    until: dt.datetime


def last_change(dossier: Dossier) -> AuditEvent | None:
    """The dossier's latest event that is not a read (one query)."""
    return (
        AuditEvent.objects.filter(dossier_id=dossier.pk).exclude(action=READ).order_by("-seq").first()
    )


def label(event: AuditEvent) -> str:
    """The undone action's name, as the page says it."""
    return str(Action(event.action).label) if event.action in Action.values else event.action


def refusal(event: AuditEvent, dossier: Dossier, user, *, at: dt.datetime, latest=None) -> str:
    """Why ``user`` may not undo ``event`` now (an empty string when they may)."""
    name = label(event)
    if event.action not in INVERSES:
        return _("Thao tác «%(action)s» không thể hoàn tác.") % {"action": name}
    if event.actor_id is None or event.actor_id != getattr(user, "pk", None):
        return _("Chỉ cán bộ đã thực hiện «%(action)s» mới được hoàn tác thao tác này.") % {
            "action": name
        }
    if at - event.at > UNDO_WINDOW:
        return _(
            "Đã quá %(minutes)s phút kể từ khi thực hiện «%(action)s»; không thể hoàn tác nữa."
        ) % {"minutes": int(UNDO_WINDOW.total_seconds() // 60), "action": name}
    latest = latest if latest is not None else last_change(dossier)
    if latest is None or latest.pk != event.pk:
        return _("Hồ sơ đã thay đổi sau thao tác «%(action)s»; không thể hoàn tác.") % {
            "action": name
        }
    if event.action == Action.ASSIGN and (event.details or {}).get("assignee_from") is None:
        return _("Trước thao tác này hồ sơ chưa được giao cho ai; không có gì để hoàn tác.")
    return ""


def offer_for(dossier: Dossier, user, available: list[Action]) -> Offer | None:
    """The undo the page may offer ``user`` now, if any; ``available`` are the actions
    ``user`` may take (``workflow.available_actions``), the inverse must be among them."""
    event = last_change(dossier)
    if event is None or event.action not in INVERSES or INVERSES[event.action] not in available:
        return None
    if refusal(event, dossier, user, at=timezone.now(), latest=event):
        return None
    return Offer(event_id=event.pk, action_label=label(event), until=event.at + UNDO_WINDOW)


def undo(dossier: Dossier, event_id: int, *, by, expected_version: int) -> AuditEvent:
    """Take back ``event_id`` with its inverse transition and return the event undone;
    ``UndoRefused`` says why not. ``dossier`` holds the new state afterwards.

    The checks and the inverse run in one transaction holding the dossier's row lock, so no
    other action can slip in between them.
    """
    with transaction.atomic():
        current = Dossier.objects.select_for_update().get(pk=dossier.pk)
        event = AuditEvent.objects.filter(dossier_id=current.pk, pk=event_id).first()
        if event is None:
            raise UndoRefused(
                _("Không tìm thấy thao tác cần hoàn tác trên hồ sơ này; vui lòng tải lại trang.")
            )
        reason = refusal(event, current, by, at=timezone.now())
        if not reason and current.version != expected_version:
            reason = _("Hồ sơ đã thay đổi sau thao tác «%(action)s»; không thể hoàn tác.") % {
                "action": label(event)
            }
        if reason:
            raise UndoRefused(reason)
        note = _("Hoàn tác thao tác «%(action)s» lúc %(at)s.") % {
            "action": label(event),
            "at": timezone.localtime(event.at).strftime("%H:%M:%S %d/%m/%Y"),
        }
        inverse = INVERSES[Action(event.action)]
        details = {"note": note}
        if inverse == Action.ASSIGN:
            details["assignee"] = event.details["assignee_from"]
        workflow.apply(dossier, inverse, by=by, expected_version=current.version, **details)
    return event
