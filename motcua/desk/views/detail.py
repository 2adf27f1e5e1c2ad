"""One dossier for an official: state, due date, history and the actions they may take."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua import payments, results
from motcua.desk import notices
from motcua.desk.access import official_required, visible_dossiers
from motcua.desk.history import history_of
from motcua.desk.models import DeskIntake
from motcua.desk.tabs import CLOCK_RUNNING
from motcua.desk.urgency import UrgencyScale
from motcua.dossiers import audit, consultations, guards, lateness, workflow
from motcua.dossiers.errors import OutsideScope, StaleDossier, WorkflowError
from motcua.dossiers.models import Channel, Consultation, Dossier, Status
from motcua.dossiers.transitions import Action, transition_for
from motcua.portal.summary import online_summary
from motcua.units.models import Agency, Role

# Where the documents app serves the receipt and appointment slip, the apology (Mẫu 04) and
# the processing control sheet.
RECEIPT_URL = "/van-ban/ho-so/{pk}/receipt.pdf"
APOLOGY_URL = "/van-ban/ho-so/{pk}/apology.pdf"
CONTROL_SHEET_URL = "/van-ban/ho-so/{pk}/control_sheet.pdf"
RECEIPT_STATUSES = {
    Status.RECEIVED,
    Status.IN_PROCESSING,
    Status.WAITING_SUPPLEMENT,
    Status.SUSPENDED,
    Status.RESOLVED,
    Status.RESULT_RETURNED,
    Status.CLOSED,
}


def _dossier_in_scope(request, pk: int) -> Dossier:
    queryset = visible_dossiers(request.visibility).select_related(
        "procedure", "receiving_agency", "competent_agency", "current_step", "assignee"
    )
    return get_object_or_404(queryset, pk=pk)


def _action_forms(dossier: Dossier, user) -> list[dict]:
    """One small form per available action, with the fields that action needs."""
    forms = []
    for action in workflow.available_actions(dossier, user):
        transition = transition_for(dossier.status, action)
        form = {
            "action": action.value,
            "label": action.label,
            "needs_reason": bool(transition and transition.needs_reason),
            "needs_missing_items": action == Action.REQUEST_SUPPLEMENT,
            "needs_agency": action == Action.REDIRECT,
            "needs_channel": action == Action.RETURN_RESULT,
            "needs_assignee": action == Action.ASSIGN,
            "needs_new_due": action == Action.APOLOGISE,
        }
        if action == Action.ASSIGN:
            # Offered to the competent agency's leader only; others would be refused anyway.
            if Role.LEADER not in guards.competent_roles(user, dossier):
                continue
            form["assignees"] = [
                (u.pk, guards.person(u)) for u in guards.assignable_users(dossier)
                if u.pk != dossier.assignee_id
            ]
            if not form["assignees"]:
                continue
        if action == Action.APOLOGISE and not lateness.will_be_late(dossier):
            continue
        forms.append(form)
    return forms


def _consultation_context(dossier: Dossier, user) -> dict:
    rows = list(
        Consultation.objects.filter(dossier=dossier)
        .select_related("agency", "step", "requested_by", "answered_by")
        .order_by("requested_at", "id")
    )
    may_request = consultations.can_consult(dossier) and bool(
        workflow.roles_of(user, dossier) & {Role.SPECIALIST, Role.LEADER}
    )
    agencies = []
    if may_request:
        agencies = list(
            Agency.objects.exclude(pk=dossier.competent_agency_id)
            .filter(unit__in=_nearby_units(dossier))
            .only("id", "name")
            .order_by("name")
        )
    return {"consultations": rows, "may_consult": may_request and bool(agencies), "consult_agencies": agencies}


def _nearby_units(dossier: Dossier) -> list[int]:
    """Where liên thông partners sit: the competent agency's unit, its parent and siblings."""
    unit = dossier.competent_agency.unit
    ids = {unit.pk}
    if unit.parent_id:
        ids.add(unit.parent_id)
    return list(ids)


def _render(request, dossier: Dossier, *, status: int = 200):
    if dossier.received_at is not None and dossier.status in RECEIPT_STATUSES and dossier.code:
        receipt_url = RECEIPT_URL.format(pk=dossier.pk)
    else:
        receipt_url = ""
    intake = DeskIntake.objects.filter(dossier=dossier).first()
    late_warning = lateness.will_be_late(dossier)
    context = {
        "late_warning": late_warning,
        "overdue": lateness.is_overdue(dossier),
        "apology_url": APOLOGY_URL.format(pk=dossier.pk) if dossier.apologised_at else "",
        "control_sheet_url": CONTROL_SHEET_URL.format(pk=dossier.pk) if dossier.received_at else "",
        "assignee_name": guards.person(dossier.assignee) if dossier.assignee_id else "",
        **_consultation_context(dossier, request.user),
        "dossier": dossier,
        "status_label": Status(dossier.status).label,
        "urgency": UrgencyScale().of(dossier.due_at) if dossier.status in CLOCK_RUNNING else None,
        "history": history_of(dossier),
        "actions": _action_forms(dossier, request.user),
        "channels": Channel.choices,
        "receipt_url": receipt_url,
        "intake": intake,
        # Names only: scans hold personal data and need a permission-checked download view.
        "scans": list(intake.scans.all()) if intake else [],
        "notices": notices.pop(request),
        # What the applicant filled in and uploaded online (None for a walk-in dossier).
        "online": online_summary(dossier),
        "electronic_result": results.current_for(dossier),
        "payment": payments.status_for(dossier),
    }
    return render(request, "desk/detail.html", context, status=status)


@official_required
def detail(request, pk: int):
    dossier = _dossier_in_scope(request, pk)
    audit.record_read(dossier, request.user)
    return _render(request, dossier)


def _details_from(post, action: str) -> dict:
    details = {}
    transition_fields = {
        Action.REQUEST_SUPPLEMENT: ("missing_items",),
        Action.REDIRECT: ("to_agency_name", "reason"),
        Action.RETURN_RESULT: ("channel",),
        Action.ASSIGN: ("assignee",),
        Action.APOLOGISE: ("new_due_at", "reason"),
    }
    for name in transition_fields.get(action, ()):
        details[name] = post.get(name, "")
    if post.get("reason") and "reason" not in details:
        details["reason"] = post.get("reason")
    if action == Action.REQUEST_SUPPLEMENT:
        details["missing_items"] = [
            line.strip() for line in details["missing_items"].splitlines() if line.strip()
        ]
    if action == Action.RETURN_RESULT and details["channel"] not in Channel.values:
        details["channel"] = ""
    return details


@require_POST
@official_required
def act(request, pk: int, action: str):
    dossier = _dossier_in_scope(request, pk)
    if action not in Action.values or action == Action.SUBMIT:
        raise Http404
    try:
        expected = int(request.POST.get("expected_version", ""))
    except ValueError:
        notices.add(
            request,
            notices.ERROR,
            _("Biểu mẫu thiếu phiên bản hồ sơ; vui lòng tải lại trang rồi thao tác lại."),
        )
        return redirect("desk:detail", pk=dossier.pk)
    try:
        workflow.apply(
            dossier,
            action,
            by=request.user,
            expected_version=expected,
            **_details_from(request.POST, action),
        )
    except OutsideScope as error:
        raise Http404 from error
    except StaleDossier as error:
        notices.add(request, notices.ERROR, str(error))
        fresh = error.current or dossier
        dossier = _dossier_in_scope(request, fresh.pk)
        audit.record_read(dossier, request.user)  # the current state is shown: a read
        return _render(request, dossier, status=409)
    except WorkflowError as error:
        notices.add(request, notices.ERROR, str(error))
        return redirect("desk:detail", pk=dossier.pk)
    notices.add(
        request, notices.SUCCESS, _("Đã thực hiện: %(action)s.") % {"action": Action(action).label}
    )
    return redirect("desk:detail", pk=dossier.pk)
