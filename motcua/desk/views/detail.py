"""One dossier for an official: state, due date, history and the actions they may take.

Every action form posts to ``act`` (and the "Hoàn tác" button to ``undo_action``). A plain POST
answers with a redirect to the page (or the page itself when a confirmation is missing); an htmx
POST (``HX-Request`` header) answers with the re-rendered panel (``desk/_dossier_panel.html``):
200 when done, 400 for a missing or bad input, 409 for a stale version or a refused action.
"""

from __future__ import annotations

from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from motcua import payments, results
from motcua.desk import notices, undo
from motcua.desk.access import official_required, visible_dossiers
from motcua.desk.forms import UNDO_QUESTION, ConfirmForm, dossier_ref, question
from motcua.desk.history import history_of
from motcua.desk.models import DeskIntake
from motcua.desk.urgency import UrgencyScale
from motcua.documents.issued import issued_kinds
from motcua.documents.templates_registry import (
    APOLOGY,
    CONTROL_SHEET,
    RECEIPT,
    REFUSAL,
    STOP_NOTICE,
    SUPPLEMENT_REQUEST,
)
from motcua.dossiers import audit, consultations, guards, lateness, workflow
from motcua.dossiers.errors import MissingDetails, OutsideScope, StaleDossier, WorkflowError
from motcua.dossiers.models import Channel, Consultation, Dossier, Status
from motcua.dossiers.transitions import Action, transition_for
from motcua.portal.summary import online_summary
from motcua.units.models import Agency, Role

# The dossier's slips as the documents app serves them, labelled as the page lists them.
DOCUMENT_URL = "/van-ban/ho-so/{pk}/{kind}.pdf"
DOCUMENT_LABELS = {
    RECEIPT: gettext_lazy("Giấy tiếp nhận hồ sơ và hẹn trả kết quả (PDF)"),
    SUPPLEMENT_REQUEST: gettext_lazy("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (PDF)"),
    REFUSAL: gettext_lazy("Phiếu từ chối tiếp nhận, giải quyết hồ sơ (PDF)"),
    APOLOGY: gettext_lazy("Phiếu xin lỗi và hẹn lại ngày trả kết quả (PDF)"),
    STOP_NOTICE: gettext_lazy("Thông báo dừng giải quyết hồ sơ (PDF)"),
    CONTROL_SHEET: gettext_lazy("Phiếu kiểm soát quá trình giải quyết (PDF)"),
}


def _dossier_in_scope(request, pk: int) -> Dossier:
    queryset = visible_dossiers(request.visibility).select_related(
        "procedure", "receiving_agency", "competent_agency", "current_step", "assignee"
    )
    return get_object_or_404(queryset, pk=pk)


# The fields an action form may carry; kept when the form comes back with a message.
FORM_FIELDS = ("missing_items", "to_agency_name", "channel", "assignee", "new_due_at", "reason")
Posted = tuple[str, QueryDict]  # the action posted and what was typed into its form


def _action_forms(
    dossier: Dossier, user, available: list[Action] | None = None, posted: Posted | None = None
) -> list[dict]:
    """One small form per available action, with the fields that action needs (and, for
    the action just ``posted`` and refused, what was typed into it)."""
    forms = []
    if available is None:
        available = workflow.available_actions(dossier, user)
    for action in available:
        transition = transition_for(dossier.status, action)
        typed = posted[1] if posted and posted[0] == action else QueryDict()
        form = {
            "action": action.value,
            "label": action.label,
            "question": question(action, dossier),
            "needs_confirmation": ConfirmForm.needed(action),
            "values": {name: typed.get(name, "") for name in FORM_FIELDS},
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


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _render(request, dossier: Dossier, *, status: int = 200, posted: Posted | None = None):
    """The page, or only its panel for an htmx request."""
    intake = DeskIntake.objects.filter(dossier=dossier).first()
    late_warning = lateness.will_be_late(dossier)
    shown_notices = notices.pop(request)
    available = workflow.available_actions(dossier, request.user)
    offer = undo.offer_for(dossier, request.user, available)
    context = {
        "late_warning": late_warning,
        "overdue": lateness.is_overdue(dossier),
        # Every slip whose act happened (documents.issued): a walk-in applicant refused or asked
        # for more documents must be handed that slip too.
        "document_links": [
            {"kind": kind, "label": DOCUMENT_LABELS[kind], "url": DOCUMENT_URL.format(pk=dossier.pk, kind=kind)}
            for kind in issued_kinds(dossier)
        ],
        "assignee_name": guards.person(dossier.assignee) if dossier.assignee_id else "",
        **_consultation_context(dossier, request.user),
        "dossier": dossier,
        "status_label": Status(dossier.status).label,
        "urgency": UrgencyScale().of_dossier(dossier),
        "history": history_of(dossier),
        "actions": _action_forms(dossier, request.user, available, posted),
        "channels": Channel.choices,
        "intake": intake,
        # Names only: scans hold personal data and need a permission-checked download view.
        "scans": list(intake.scans.all()) if intake else [],
        "notices": shown_notices,
        # An error is announced at once (role=alert), anything else politely (role=status).
        "notice_role": "alert" if any(n["level"] == notices.ERROR for n in shown_notices) else "status",
        "undo": offer,
        "undo_question": (
            UNDO_QUESTION % {"action": offer.action_label, "ref": dossier_ref(dossier)} if offer else ""
        ),
        # What the applicant filled in and uploaded online (None for a walk-in dossier).
        "online": online_summary(dossier),
        "electronic_result": results.current_for(dossier),
        "payment": payments.status_for(dossier),
    }
    template = "desk/_dossier_panel.html" if _is_htmx(request) else "desk/detail.html"
    return render(request, template, context, status=status)


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


def _expected_version(request) -> int | None:
    try:
        return int(request.POST.get("expected_version", ""))
    except ValueError:
        return None


def _shown_again(request, dossier: Dossier, *, status: int, posted: Posted | None = None):
    """The current state after a POST: the panel for htmx (a read is logged, as for the page),
    else a redirect to the page, where the notice waits."""
    if not _is_htmx(request):
        return redirect("desk:detail", pk=dossier.pk)
    dossier = _dossier_in_scope(request, dossier.pk)
    audit.record_read(dossier, request.user)
    return _render(request, dossier, status=status, posted=posted)


def _refused(request, dossier: Dossier, message, *, status: int, posted: Posted | None = None):
    notices.add(request, notices.ERROR, message)
    return _shown_again(request, dossier, status=status, posted=posted)


def _stale(request, current: Dossier):
    """Someone else changed the dossier: 409 with its current state (page or panel)."""
    notices.add(request, notices.ERROR, str(StaleDossier()))
    dossier = _dossier_in_scope(request, current.pk)
    audit.record_read(dossier, request.user)  # the current state is shown: a read
    return _render(request, dossier, status=409)


def _error_status(error: WorkflowError) -> int:
    return 400 if isinstance(error, MissingDetails) else 409


@require_POST
@official_required
def act(request, pk: int, action: str):
    dossier = _dossier_in_scope(request, pk)
    if action not in Action.values or action == Action.SUBMIT:
        raise Http404
    expected = _expected_version(request)
    if expected is None:
        return _refused(
            request, dossier,
            _("Biểu mẫu thiếu phiên bản hồ sơ; vui lòng tải lại trang rồi thao tác lại."),
            status=400,
        )
    if dossier.version != expected:
        return _stale(request, dossier)
    posted = (action, request.POST)
    if ConfirmForm.needed(action) and not ConfirmForm(request.POST).is_valid():
        notices.add(
            request,
            notices.ERROR,
            _("Vui lòng đánh dấu ô «%(box)s» rồi bấm lại «%(action)s»; hồ sơ chưa thay đổi.")
            % {"box": ConfirmForm.base_fields["confirmed"].label, "action": Action(action).label},
        )
        audit.record_read(dossier, request.user)  # the page is shown again: a read
        return _render(request, dossier, status=400, posted=posted)
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
        return _stale(request, error.current or dossier)
    except WorkflowError as error:
        return _refused(request, dossier, str(error), status=_error_status(error), posted=posted)
    notices.add(
        request, notices.SUCCESS, _("Đã thực hiện: %(action)s.") % {"action": Action(action).label}
    )
    return _shown_again(request, dossier, status=200)


@require_POST
@official_required
def undo_action(request, pk: int):
    """The "Hoàn tác" button: the inverse of the official's last action (see ``desk.undo``)."""
    dossier = _dossier_in_scope(request, pk)
    expected = _expected_version(request)
    try:
        event_id = int(request.POST.get("event", ""))
    except ValueError:
        event_id = None
    if expected is None or event_id is None:
        return _refused(
            request, dossier,
            _("Biểu mẫu hoàn tác không hợp lệ; vui lòng tải lại trang rồi thao tác lại."),
            status=400,
        )
    try:
        undone = undo.undo(dossier, event_id, by=request.user, expected_version=expected)
    except OutsideScope as error:
        raise Http404 from error
    except StaleDossier as error:
        return _stale(request, error.current or dossier)
    except WorkflowError as error:
        return _refused(request, dossier, str(error), status=_error_status(error))
    notices.add(
        request, notices.SUCCESS, _("Đã hoàn tác: %(action)s.") % {"action": undo.label(undone)}
    )
    return _shown_again(request, dossier, status=200)
