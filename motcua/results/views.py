"""Pages of the electronic result: issuing (officials), downloading (the applicant, officials),
and the public verification page the QR code opens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from motcua.desk.access import official_required, visible_dossiers
from motcua.dossiers import audit
from motcua.dossiers.models import Dossier, Status
from motcua.units.scoping import visibility

from .issue import (
    AlreadyIssued,
    ResultError,
    can_issue,
    current_for,
    default_title,
    issue_result,
)
from .models import ElectronicResult, ResultStatus
from .verification import (
    UPLOAD_FIELD,
    Lookup,
    hashes_match,
    install_hashing_handler,
    max_upload_bytes,
)

PDF = "application/pdf"


# Issuing (officials).


def _issue_context(request, dossier: Dossier, **extra) -> dict:
    history = list(
        ElectronicResult.objects.filter(dossier_id=dossier.pk)
        .select_related("issued_by", "superseded_by")
        .order_by("-sequence")
    )
    current = next((r for r in history if r.status == ResultStatus.VALID), None)
    allowed = can_issue(request.user, dossier)
    return {
        "dossier": dossier,
        "history": history,
        "current": current,
        "allowed": allowed,
        "resolved": dossier.status == Status.RESOLVED,
        "expected_sequence": history[0].sequence if history else 0,
        "default_title": default_title(dossier),
        **extra,
    }


@official_required
@require_http_methods(["GET", "POST"])
def issue(request, pk: int):
    dossier = get_object_or_404(
        visible_dossiers(request.visibility).select_related(
            "procedure", "competent_agency", "receiving_agency"
        ),
        pk=pk,
    )
    if request.method == "GET":
        return render(request, "results/issue.html", _issue_context(request, dossier))
    if not can_issue(request.user, dossier):
        context = _issue_context(
            request, dossier,
            error=_("Chỉ chuyên viên hoặc lãnh đạo của cơ quan giải quyết mới được phát hành kết quả."),
        )
        return render(request, "results/issue.html", context, status=403)
    try:
        expected = int(request.POST.get("expected_sequence", ""))
    except ValueError:
        expected = -1  # a forged form never issues: it is treated as stale
    try:
        result = issue_result(
            dossier, request.user, title=request.POST.get("title", ""),
            number=request.POST.get("number", ""), expected_sequence=expected,
            base_url=None,
        )
    except AlreadyIssued as error:
        messages.info(request, str(error))
        return redirect("results:issue", pk=dossier.pk)
    except ResultError as error:
        return render(request, "results/issue.html", _issue_context(request, dossier, error=str(error)), status=400)
    messages.success(
        request,
        _("Đã phát hành kết quả điện tử, mã xác minh %(code)s.") % {"code": result.printed_code},
    )
    return redirect("results:issue", pk=dossier.pk)


# Downloading the current result (the applicant, officials who see the dossier).


@require_http_methods(["GET", "HEAD"])
def download(request, pk: int):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    dossier = get_object_or_404(Dossier.objects.only("pk", "applicant_id", "code", "receiving_agency_id", "competent_agency_id"), pk=pk)
    is_owner = dossier.applicant_id == request.user.pk
    if not is_owner:
        seen = visibility(request.user)
        if not (seen.can_see_agency(dossier.receiving_agency_id) or seen.can_see_agency(dossier.competent_agency_id)):
            raise Http404
    result = current_for(dossier)
    if result is None:
        raise Http404(_("Hồ sơ chưa có kết quả điện tử."))
    if not is_owner:
        audit.record_read(dossier, request.user, purpose="electronic_result")
    return pdf_response(result)


def pdf_response(result: ElectronicResult) -> FileResponse:
    response = FileResponse(
        result.file.open("rb"), as_attachment=True, filename=f"ket-qua-{result.code}.pdf",
        content_type=PDF,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Public verification.


@csrf_exempt
def verify(request, code: str | None = None):
    """``/xac-minh/`` (the form) and ``/xac-minh/<code>/`` (what the QR code opens).

    CSRF is checked by the inner view: the hashing upload handler has to be installed before
    the CSRF middleware would read the POST body with Django's default handlers.
    """
    handler = install_hashing_handler(request) if request.method == "POST" else None
    return _verify(request, code, handler)


@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def _verify(request, code, handler):
    if request.method in ("GET", "HEAD") and code is None:
        raw = request.GET.get("ma")
        if raw is None:
            return render(request, "results/verify.html", {"form_only": True})
        lookup = Lookup(request, raw)
        if lookup.code and lookup.result is not None:
            return redirect("results:verify_code", code=lookup.code)
        return _verify_response(request, lookup)
    raw = code if code is not None else request.POST.get("ma")
    lookup = Lookup(request, raw)
    comparison = None
    file_error = ""
    if request.method == "POST" and lookup.result is not None:
        upload = request.FILES.get(UPLOAD_FIELD)
        if handler is not None and handler.too_large:
            file_error = _("Tệp lớn hơn %(mb)d MB: không thể so sánh.") % {"mb": max_upload_bytes() // (1024 * 1024)}
        elif upload is None:
            file_error = "" if code is None else _("Vui lòng chọn tệp PDF cần so sánh.")
        elif upload.size == 0:
            file_error = _("Tệp đã chọn không có nội dung.")
        else:
            comparison = {
                "match": hashes_match(lookup.result.sha256, upload.sha256),
                "sha256": upload.sha256,
            }
    return _verify_response(request, lookup, comparison=comparison, file_error=file_error)


def _verify_response(request, lookup: Lookup, *, comparison=None, file_error=""):
    context = {"lookup": lookup, "result": lookup.result, "comparison": comparison, "file_error": file_error}
    if lookup.throttled:
        return render(request, "results/verify.html", context, status=429)
    if lookup.invalid:
        context["code_error"] = _("Mã xác minh gồm 12 chữ và số in ở chân văn bản (ví dụ ABCD-EFGH-2345).")
        return render(request, "results/verify.html", context, status=400)
    if lookup.missing:
        return render(request, "results/verify.html", context, status=404)
    status = 400 if file_error else 200
    context["verify_url"] = reverse("results:verify_code", kwargs={"code": lookup.code})
    return render(request, "results/verify.html", context, status=status)
