"""The applicant's account: "my dossiers", one dossier with its history and slips, answering a
supplement request, withdrawing.

Only the applicant sees a dossier here (``following.my_dossier``); anyone else, officials
included, gets 404: officials work on the desk screens, which check their units.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motcua import feedback, payments, results
from motcua.documents import render as documents
from motcua.documents.context import reference_date
from motcua.documents.issued import is_issued
from motcua.documents.templates_registry import (
    APOLOGY,
    RECEIPT,
    REFUSAL,
    STOP_NOTICE,
    SUPPLEMENT_REQUEST,
    UnknownForm,
    form_for,
)
from motcua.dossiers import workflow
from motcua.dossiers.audit import READ
from motcua.dossiers.errors import StaleDossier, WorkflowError
from motcua.dossiers.models import AuditEvent, Dossier, Status
from motcua.dossiers.transitions import Action
from motcua.payments.receipt import format_vnd
from motcua.portal import following
from motcua.portal.history import local_text, timeline
from motcua.portal.summary import online_summary

PAGE_SIZE = 20
DRAFT_URL = "/dich-vu-cong/ho-so-nhap/{pk}/"  # the applying helper's draft page
TABS = (
    ("", gettext_lazy("Tất cả")),
    ("da-nop", gettext_lazy("Đã nộp")),
    ("nhap", gettext_lazy("Bản nháp")),
)
# The slips an applicant may download, by the slug in their address. Whether one exists (its
# act happened, its form is in the dossier's set) is ``documents.issued``'s rule, as on the desk.
DOCUMENTS = {
    "giay-tiep-nhan": (RECEIPT, gettext_lazy("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")),
    "phieu-yeu-cau-bo-sung": (SUPPLEMENT_REQUEST, gettext_lazy("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")),
    "phieu-tu-choi": (REFUSAL, gettext_lazy("Phiếu từ chối tiếp nhận, giải quyết hồ sơ")),
    "thong-bao-dung": (STOP_NOTICE, gettext_lazy("Thông báo dừng giải quyết hồ sơ")),
    "phieu-xin-loi": (APOLOGY, gettext_lazy("Phiếu xin lỗi và hẹn lại ngày trả kết quả")),
}
# What the applicant should know or do, by status.
STATUS_HELP = {
    Status.DRAFT: gettext_lazy("Hồ sơ chưa được nộp. Hãy hoàn thành tờ khai và nộp hồ sơ."),
    Status.SUBMITTED: gettext_lazy(
        "Bộ phận một cửa đang kiểm tra hồ sơ. Khi hồ sơ được tiếp nhận, bạn sẽ nhận được mã hồ sơ "
        "và giấy hẹn trả kết quả."
    ),
    Status.RECEIVED: gettext_lazy("Hồ sơ đã được tiếp nhận và đang chờ chuyển xử lý."),
    Status.IN_PROCESSING: gettext_lazy("Cơ quan có thẩm quyền đang giải quyết hồ sơ."),
    Status.WAITING_SUPPLEMENT: gettext_lazy(
        "Cơ quan đề nghị bạn bổ sung, hoàn thiện hồ sơ. Thời hạn giải quyết được tính lại từ đầu "
        "khi nhận đủ hồ sơ bổ sung."
    ),
    Status.SUSPENDED: gettext_lazy("Việc giải quyết hồ sơ đang tạm dừng."),
    Status.REFUSED: gettext_lazy("Hồ sơ bị từ chối; lý do được ghi trong lịch sử xử lý bên dưới."),
    Status.WITHDRAWN: gettext_lazy("Hồ sơ đã được rút; cơ quan dừng giải quyết."),
    Status.RESOLVED: gettext_lazy("Đã có kết quả; bạn có thể nhận kết quả theo hình thức đã chọn."),
    Status.RESULT_RETURNED: gettext_lazy("Kết quả đã được trả."),
    Status.CLOSED: gettext_lazy("Hồ sơ đã kết thúc."),
}
SESSION_DONE = "portal:supplement-done"
MAX_REMEMBERED = 20


def status_label(dossier: Dossier) -> str:
    return str(Status(dossier.status).label) if dossier.status in Status.values else dossier.status


@login_required
def my_dossiers(request):
    tab = request.GET.get("tab", "")
    if tab not in dict(TABS):
        tab = ""
    dossiers = following.my_dossiers(request.user)
    if tab == "nhap":
        dossiers = dossiers.filter(status=Status.DRAFT)
    elif tab == "da-nop":
        dossiers = dossiers.exclude(status=Status.DRAFT)
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "dossier": dossier,
            "status_label": status_label(dossier),
            "url": DRAFT_URL.format(pk=dossier.pk)
            if dossier.status == Status.DRAFT
            else f"/dich-vu-cong/ho-so/{dossier.pk}/",
            # After an apology the new appointment is the one to come for; the first (legal)
            # one is shown beside it, marked as replaced.
            "due": local_text(dossier.new_due_at or dossier.due_at),
            "first_due": local_text(dossier.due_at) if dossier.new_due_at else "",
        }
        for dossier in page.object_list
    ]
    context = {"tabs": TABS, "tab": tab, "page": page, "rows": rows}
    return render(request, "portal/account/my_dossiers.html", context)


def _events(dossier: Dossier) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(dossier_id=dossier.pk)
        .exclude(action=READ)
        .only("at", "action", "from_status", "to_status", "details", "actor_id", "seq")
        .order_by("seq")
    )


def _document_links(dossier: Dossier, actions: set[str]) -> list[dict]:
    return [
        {"slug": slug, "label": label, "url": f"/dich-vu-cong/ho-so/{dossier.pk}/{slug}.pdf"}
        for slug, (kind, label) in DOCUMENTS.items()
        if available_document(dossier, kind, actions)
    ]


def available_document(dossier: Dossier, kind: str, acts: set[str] | None = None) -> bool:
    """Whether the slip ``kind`` exists for ``dossier``: ``documents.issued.is_issued`` (``acts``,
    the dossier's recorded actions when the caller has them, saves its query) and a form for it
    in the dossier's set."""
    if not is_issued(dossier, kind, acts):
        return False
    try:
        form_for(kind, reference_date(dossier))
    except UnknownForm:
        return False
    return True


def _detail_context(request, dossier: Dossier) -> dict:
    events = _events(dossier)
    actions = set(workflow.available_actions(dossier, request.user))
    return {
        "dossier": dossier,
        "status_label": status_label(dossier),
        "status_help": STATUS_HELP.get(dossier.status, ""),
        "due": local_text(dossier.due_at),
        # An apology's new appointment (dossiers.workflow ``apologise``); due_at stays the legal one.
        "new_due": local_text(getattr(dossier, "new_due_at", None)),
        "received": local_text(dossier.received_at),
        "submitted": local_text(dossier.submitted_at),
        "history": timeline(dossier, events),
        "documents": _document_links(dossier, {event.action for event in events}),
        "can_withdraw": Action.WITHDRAW in actions,
        "can_supplement": Action.RESUBMIT in actions,
        "summary": online_summary(dossier),
        "draft_url": DRAFT_URL.format(pk=dossier.pk) if dossier.status == Status.DRAFT else "",
        # Level 4: the fee paid online, the electronic result, then the rating.
        "payment": payments.status_for(dossier),
        "electronic_result": results.current_for(dossier),
        "rating": feedback.rating_for(dossier),
        "can_rate": feedback.can_rate(dossier, request.user),
    }


@login_required
def dossier_detail(request, pk: int):
    dossier = following.my_dossier(request.user, pk)
    return render(request, "portal/account/dossier_detail.html", _detail_context(request, dossier))


@login_required
def dossier_document(request, pk: int, slug: str):
    """One of the applicant's slips as a PDF, generated from the dossier (``documents.render``)."""
    if slug not in DOCUMENTS:
        raise Http404
    following.my_dossier(request.user, pk)  # 404 for anyone but the applicant
    dossier = (
        Dossier.objects.select_related(
            "procedure", "receiving_agency__unit", "receiving_agency__parent", "applicant"
        ).get(pk=pk)
    )
    kind, _label = DOCUMENTS[slug]
    if not available_document(dossier, kind):
        raise Http404
    content = documents.render_pdf(kind, dossier, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("tai-ve") else "inline"
    # The code, not a name: nothing personal in a file name that lands in a download folder.
    response["Content-Disposition"] = f'{disposition}; filename="{slug}-{dossier.code or dossier.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


def _expected_version(request) -> int | None:
    try:
        return int(request.POST.get("expected_version", ""))
    except ValueError:
        return None


def _remember_done(request, token: str) -> None:
    done = [t for t in request.session.get(SESSION_DONE, []) if t != token]
    request.session[SESSION_DONE] = (done + [token])[-MAX_REMEMBERED:]


def _answered_message(request, dossier: Dossier) -> None:
    text = _("Hồ sơ bổ sung của bạn đã được gửi. Trạng thái hiện tại: %(status)s.") % {
        "status": status_label(dossier)
    }
    if dossier.due_at and dossier.status not in (Status.SUBMITTED, Status.WAITING_SUPPLEMENT):
        text += " " + _("Hẹn trả kết quả mới: %(due)s.") % {"due": local_text(dossier.due_at)}
    messages.success(request, text)


def _supplement_page(request, dossier, request_info, *, errors=None, note="", status=200):
    context = {
        "dossier": dossier,
        "status_label": status_label(dossier),
        "request_info": request_info,
        "items": [
            {"index": i, "text": item, "field": f"item_{i}", "error": (errors or {}).get(f"item_{i}", "")}
            for i, item in enumerate(request_info.items)
        ],
        "errors": errors or {},
        "note": note,
        "token": secrets.token_urlsafe(16),
    }
    return render(request, "portal/account/supplement.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def supplement(request, pk: int):
    dossier = following.my_dossier(request.user, pk)
    token = request.POST.get("token", "")
    if request.method == "POST" and token and token in request.session.get(SESSION_DONE, []):
        _answered_message(request, dossier)
        return redirect("portal:dossier", pk=dossier.pk)
    expected = _expected_version(request) if request.method == "POST" else None
    if request.method == "POST" and following.already_answered(dossier, request.user, expected):
        _answered_message(request, dossier)
        return redirect("portal:dossier", pk=dossier.pk)
    request_info = following.supplement_request(dossier)
    if dossier.status != Status.WAITING_SUPPLEMENT or request_info is None:
        messages.info(request, _("Hồ sơ không ở trạng thái chờ bổ sung; không cần nộp bổ sung."))
        return redirect("portal:dossier", pk=dossier.pk)
    if request.method == "GET":
        return _supplement_page(request, dossier, request_info)
    note = request.POST.get("note", "")
    if expected is None:
        messages.error(request, _("Biểu mẫu thiếu phiên bản hồ sơ; vui lòng tải lại trang rồi gửi lại."))
        return redirect("portal:supplement", pk=dossier.pk)
    files = {i: request.FILES.get(f"item_{i}") for i in range(len(request_info.items))}
    try:
        following.answer_supplement(dossier, request.user, files=files, note=note, expected_version=expected)
    except following.SupplementInvalid as error:
        return _supplement_page(request, dossier, request_info, errors=error.errors, note=note, status=400)
    except StaleDossier:
        dossier = following.my_dossier(request.user, pk)
        if following.already_answered(dossier, request.user, expected):
            _answered_message(request, dossier)
            return redirect("portal:dossier", pk=dossier.pk)
        messages.error(
            request,
            _("Hồ sơ vừa được cập nhật (trạng thái hiện tại: %(status)s); vui lòng xem lại rồi gửi lại.")
            % {"status": status_label(dossier)},
        )
        return redirect("portal:dossier", pk=dossier.pk)
    except WorkflowError as error:
        messages.error(request, str(error))
        return redirect("portal:dossier", pk=dossier.pk)
    if token:
        _remember_done(request, token)
    _answered_message(request, dossier)
    return redirect("portal:dossier", pk=dossier.pk)


@login_required
@require_http_methods(["GET", "POST"])
def withdraw(request, pk: int):
    dossier = following.my_dossier(request.user, pk)
    # A fee paid online: the page says before the confirmation how it is refunded.
    payment = payments.status_for(dossier)
    context = {"dossier": dossier, "status_label": status_label(dossier), "reason": "", "payment": payment}
    if Action.WITHDRAW not in workflow.available_actions(dossier, request.user):
        messages.info(
            request,
            _("Không thể rút hồ sơ ở trạng thái «%(status)s».") % {"status": status_label(dossier)},
        )
        return redirect("portal:dossier", pk=dossier.pk)
    if request.method == "GET":
        return render(request, "portal/account/withdraw.html", context)
    reason = request.POST.get("reason", "")
    context["reason"] = reason
    expected = _expected_version(request)
    if expected is None:
        context["error"] = _("Biểu mẫu thiếu phiên bản hồ sơ; vui lòng tải lại trang rồi thao tác lại.")
        return render(request, "portal/account/withdraw.html", context, status=400)
    try:
        following.withdraw(dossier, request.user, expected_version=expected, reason=reason)
    except StaleDossier as error:
        fresh = following.my_dossier(request.user, pk)
        context.update(dossier=fresh, status_label=status_label(fresh), error=str(error), stale=True)
        return render(request, "portal/account/withdraw.html", context, status=409)
    except WorkflowError as error:
        context["error"] = str(error)
        return render(request, "portal/account/withdraw.html", context, status=400)
    text = _("Đã rút hồ sơ. Cơ quan dừng giải quyết hồ sơ này.")
    if payment["paid"]:
        text += " " + _(
            "Khoản phí, lệ phí đã nộp (%(amount)s đồng) chờ cơ quan hoàn trả; cách nhận lại tiền "
            "ghi ở mục «Phí, lệ phí» bên dưới."
        ) % {"amount": format_vnd(payment["paid_amount"])}
    messages.success(request, text)
    return redirect("portal:dossier", pk=dossier.pk)
