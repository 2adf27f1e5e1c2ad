"""The rows of the processing control sheet (phiếu kiểm soát), read from the dossier's audit trail.

Every transition is an audit event; a hand-over is the moment one person's work ends and the
next person's starts, so each transition row names who handed over (the event's actor), who
took over (the actor of the next transition) and, for an internal step, the step's own deadline
counted from when the step began with its budget on the working calendar.

"Who took over" is the person it was handed to: for an assignment, the assignee named by the
leader; for the result returned, the applicant; otherwise the official who acted next on the
dossier (who actually took it), or, while nobody has yet, the assignee in charge. Consultations and reads are not hand-overs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.audit import READ
from motcua.dossiers.consultations import ACTIONS as CONSULTATION_ACTIONS
from motcua.dossiers.models import Dossier
from motcua.dossiers.transitions import Action
from motcua.workcalendar.services import get_calendar, parse_hhmm
from motcua.workdays.deadlines import due_for
from motcua.workdays.limits import TimeLimit

EARLY = "early"
ON_TIME = "on_time"
LATE = "late"
VERDICT_LABELS = {EARLY: _("Trước hạn"), ON_TIME: _("Đúng hạn"), LATE: _("Quá hạn")}


@dataclass(frozen=True)
class HandOver:
    action: str
    step: str
    handed_by: str
    taken_by: str
    at: dt.datetime
    step_due: dt.datetime | None
    verdict: str

    @property
    def verdict_label(self) -> str:
        return str(VERDICT_LABELS.get(self.verdict, ""))


def person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def applicant_of(dossier: Dossier) -> str:
    """Who receives the result: the applicant by name, else "Người nộp"."""
    if dossier.applicant_name:
        return dossier.applicant_name
    return person(dossier.applicant) if dossier.applicant_id else str(_("Người nộp"))


def verdict(done: dt.datetime, due: dt.datetime | None) -> str:
    """Early before the due day, on time on it (up to the due moment), late after it."""
    if due is None:
        return ""
    if done > due:
        return LATE
    if timezone.localdate(done) < timezone.localdate(due):
        return EARLY
    return ON_TIME


def _step_due(calendar, step, began: dt.datetime) -> dt.datetime | None:
    try:
        limit = TimeLimit(step.budget_value, step.budget_unit, parse_hhmm(settings.MOTCUA_SAME_DAY_CUTOFF))
        return due_for(calendar, limit, began).due_at
    except ValueError:  # no budget, or a calendar year not entered: the sheet shows no deadline
        return None


def _action_label(action: str) -> str:
    try:
        return str(Action(action).label)
    except ValueError:
        return action


def hand_overs(dossier: Dossier) -> list[HandOver]:
    """One row per transition of ``dossier`` in order; official reads are not hand-overs."""
    events = list(
        dossier.audit_events.exclude(action__in=[READ, *CONSULTATION_ACTIONS])
        .select_related("actor")
        .order_by("seq")
    )
    assignee_ids = {
        (event.details or {}).get("assignee_to") for event in events if event.action == Action.ASSIGN
    } - {None}
    assignees = get_user_model().objects.in_bulk(list(assignee_ids)) if assignee_ids else {}
    in_charge = None
    steps = {step.order: step for step in dossier.procedure.workflow_steps.all()}
    calendar = get_calendar()  # once: each lookup checks the calendar's revision in the database
    rows: list[HandOver] = []
    current_step = None
    step_began: dt.datetime | None = None
    for index, event in enumerate(events):
        following = events[index + 1] if index + 1 < len(events) else None
        step_due = _step_due(calendar, current_step, step_began) if current_step and step_began else None
        new_step = steps.get((event.details or {}).get("step"))
        # The step being worked on when the event happened, else the one the event starts.
        shown_step = current_step or new_step
        if event.action == Action.ASSIGN:
            in_charge = assignees.get((event.details or {}).get("assignee_to"))
            taken_by = person(in_charge)
        elif event.action == Action.RETURN_RESULT:
            # The result goes to the applicant, whoever acts on the dossier afterwards.
            taken_by = applicant_of(dossier)
        else:
            taken_by = person(following.actor) if following else person(in_charge)
        rows.append(
            HandOver(
                action=_action_label(event.action),
                step=shown_step.name if shown_step else "",
                handed_by=person(event.actor),
                taken_by=taken_by,
                at=event.at,
                step_due=step_due,
                verdict=verdict(event.at, step_due),
            )
        )
        if new_step is not None and new_step != current_step:
            current_step, step_began = new_step, event.at
        elif new_step is None:
            current_step, step_began = None, None
    return rows
