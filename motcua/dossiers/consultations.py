"""Consultations of other agencies during an internal step (liên thông, RULES.md "Receiving").

A consultation is not a state change: the dossier keeps its status and version. Each request
and each answer is one transaction that takes the dossier row lock and appends its own audit
event (``consult_request`` / ``consult_answer``) to the dossier's chain. While one is open the
step cannot be completed (``dossiers.guards``).

Where a consultation is possible is the catalogue's data: the current step belongs to a
parallel group (``WorkflowStep.parallel_group > 0``, the liên thông steps of the procedure).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from motcua.dossiers import audit, guards
from motcua.dossiers.errors import MissingDetails, OutsideScope, StaleDossier, TransitionNotAllowed
from motcua.dossiers.models import Consultation, Dossier, Status, StepState
from motcua.units.models import Agency, Membership, Role

REQUEST = "consult_request"
ANSWER = "consult_answer"
ACTIONS = {REQUEST: _("Xin ý kiến cơ quan phối hợp"), ANSWER: _("Trả lời xin ý kiến")}
MAX_TEXT = 2000
MAX_AGENCIES = 10


def _now() -> dt.datetime:
    from motcua.dossiers import workflow

    return workflow.now()  # the workflow's clock, so tests move both at once


def _text(value, label, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise MissingDetails(_("Vui lòng nhập %(field)s.") % {"field": label})
    if len(text) > MAX_TEXT:
        raise MissingDetails(
            _("%(field)s dài quá %(limit)s ký tự; vui lòng viết ngắn gọn hơn.")
            % {"field": label, "limit": MAX_TEXT}
        )
    return text


def can_consult(dossier: Dossier) -> bool:
    """The dossier is at an active step of a parallel group: the procedure defines liên thông."""
    step = dossier.current_step
    return (
        dossier.status == Status.IN_PROCESSING
        and dossier.step_state == StepState.ACTIVE
        and step is not None
        and step.parallel_group > 0
    )


def _step_due(step, began: dt.datetime) -> dt.datetime | None:
    from motcua.workcalendar.services import get_calendar, parse_hhmm
    from motcua.workdays.deadlines import due_for
    from motcua.workdays.limits import TimeLimit

    try:
        limit = TimeLimit(
            step.budget_value, step.budget_unit,
            parse_hhmm(getattr(settings, "MOTCUA_SAME_DAY_CUTOFF", "15:00")),
        )
        return due_for(get_calendar(), limit, began).due_at
    except ValueError:
        return None


def _locked(dossier: Dossier) -> Dossier:
    return (
        Dossier.objects.select_for_update(of=("self",))
        .select_related("current_step", "competent_agency", "receiving_agency", "assignee")
        .get(pk=dossier.pk)
    )


def request(
    dossier: Dossier, *, by, expected_version: int, agencies: Iterable, question: str,
) -> list[Consultation]:
    """Ask each of ``agencies`` (rows or ids) for an opinion on ``dossier``'s current step."""
    from motcua.dossiers.workflow import roles_of

    question = _text(question, _("nội dung xin ý kiến"))
    agency_ids = sorted({int(getattr(a, "pk", a)) for a in agencies if str(getattr(a, "pk", a)).isdigit()})
    if not agency_ids:
        raise MissingDetails(_("Vui lòng chọn ít nhất một cơ quan cần xin ý kiến."))
    if len(agency_ids) > MAX_AGENCIES:
        raise MissingDetails(_("Mỗi lần chỉ xin ý kiến tối đa %(n)s cơ quan.") % {"n": MAX_AGENCIES})
    with transaction.atomic():
        current = _locked(dossier)
        roles = roles_of(by, current)
        if not roles - {Role.CITIZEN}:
            raise OutsideScope()
        if current.version != expected_version:
            raise StaleDossier(current)
        if not roles & {Role.SPECIALIST, Role.LEADER}:
            raise TransitionNotAllowed(_("Chỉ người xử lý hồ sơ hoặc lãnh đạo mới được xin ý kiến."))
        if not can_consult(current):
            raise TransitionNotAllowed(
                _("Bước đang xử lý của hồ sơ không có quy định xin ý kiến cơ quan phối hợp, "
                  "hoặc bước chưa được bắt đầu.")
            )
        if (
            current.assignee_id and current.assignee_id != by.pk and Role.LEADER not in roles
        ):
            raise TransitionNotAllowed(
                _("Hồ sơ đã được giao cho %(name)s; chỉ người được giao hoặc lãnh đạo mới được xin ý kiến.")
                % {"name": guards.person(current.assignee)}
            )
        found = list(Agency.objects.filter(pk__in=agency_ids).exclude(pk=current.competent_agency_id))
        if len(found) != len(agency_ids):
            raise MissingDetails(_("Cơ quan được chọn không hợp lệ; vui lòng chọn lại."))
        at = _now()
        due = _step_due(current.current_step, at)
        made = []
        for agency in found:
            consultation = Consultation.objects.create(
                dossier=current, step=current.current_step, agency=agency, question=question,
                requested_by=by, requested_at=at, due_at=due,
            )
            made.append(consultation)
        audit.append(
            current, action=REQUEST, by=by, from_status=current.status, to_status=current.status,
            details={
                "consultations": [c.pk for c in made], "agencies": [a.pk for a in found],
                "step": current.current_step.order, "question": question,
            },
            at=at,
        )
    return made


def may_answer(user, consultation: Consultation) -> bool:
    """A specialist or leader of the consulted agency (membership valid today)."""
    from django.utils import timezone

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return (
        Membership.objects.valid_on(timezone.localdate())
        .filter(user_id=user.pk, agency_id=consultation.agency_id, role__in=(Role.SPECIALIST, Role.LEADER))
        .exists()
    )


def answer(consultation: Consultation, *, by, answer: str) -> Consultation:
    """The consulted agency's opinion; a consultation is answered once."""
    text = _text(answer, _("ý kiến trả lời"))
    if not may_answer(by, consultation):
        raise TransitionNotAllowed(
            _("Chỉ chuyên viên hoặc lãnh đạo của cơ quan được xin ý kiến mới được trả lời.")
        )
    with transaction.atomic():
        dossier = _locked(consultation.dossier)
        fresh = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if fresh.answered_at is not None:
            raise TransitionNotAllowed(_("Cơ quan của bạn đã trả lời xin ý kiến này."))
        at = _now()
        Consultation.objects.filter(pk=fresh.pk, answered_at__isnull=True).update(
            answered_at=at, answer=text, answered_by=by
        )
        audit.append(
            dossier, action=ANSWER, by=by, from_status=dossier.status, to_status=dossier.status,
            details={"consultation": fresh.pk, "agency": fresh.agency_id, "answer": text}, at=at,
        )
    consultation.answered_at, consultation.answer, consultation.answered_by = at, text, by
    return consultation


def open_for(dossier: Dossier):
    return Consultation.objects.filter(dossier=dossier, answered_at__isnull=True)
