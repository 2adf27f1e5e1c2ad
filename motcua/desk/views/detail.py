"""One dossier for an official: state, due date, history and the actions they may take."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.desk import notices
from motcua.desk.access import official_required, visible_dossiers
from motcua.desk.history import history_of
from motcua.desk.models import DeskIntake
from motcua.desk.tabs import CLOCK_RUNNING
from motcua.desk.urgency import UrgencyScale
from motcua.dossiers import audit, workflow
from motcua.dossiers.errors import OutsideScope, StaleDossier, WorkflowError
from motcua.dossiers.models import Channel, Dossier, Status
from motcua.dossiers.transitions import Action, transition_for

# Where the documents app serves the receipt and appointment slip.
RECEIPT_URL = "/van-ban/ho-so/{pk}/receipt.pdf"
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
        "procedure", "receiving_agency", "competent_agency", "current_step"
    )
    return get_object_or_404(queryset, pk=pk)


def _action_forms(dossier: Dossier, user) -> list[dict]:
    """One small form per available action, with the fields that action needs."""
    forms = []
    for action in workflow.available_actions(dossier, user):
        transition = transition_for(dossier.status, action)
        forms.append(
            {
                "action": action.value,
                "label": action.label,
                "needs_reason": bool(transition and transition.needs_reason),
                "needs_missing_items": action == Action.REQUEST_SUPPLEMENT,
                "needs_agency": action == Action.REDIRECT,
                "needs_channel": action == Action.RETURN_RESULT,
            }
        )
    return forms


def _render(request, dossier: Dossier, *, status: int = 200):
    if dossier.received_at is not None and dossier.status in RECEIPT_STATUSES and dossier.code:
        receipt_url = RECEIPT_URL.format(pk=dossier.pk)
    else:
        receipt_url = ""
    intake = DeskIntake.objects.filter(dossier=dossier).first()
    context = {
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
