"""The applicant's pages: start an application, fill in the draft, attach documents, review
and submit. Every page works without JavaScript; ``portal/apply.js`` only autosaves and hides
conditional fields. A citizen sees only their own drafts: anything else is a 404.
"""

from __future__ import annotations

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.accounts.prefill import representations_for
from motcua.dossiers.models import Channel, Dossier, Status
from motcua.payments.fees import payment_required

from .. import drafts, schema_form
from ..models import AttachedDocument, Upload

MAX_FILES_PER_POST = 10


def _token() -> str:
    return secrets.token_urlsafe(24)


@login_required
@require_http_methods(["GET", "POST"])
def start(request, code: str):
    procedure = drafts.current_procedure(code)
    problem = drafts.online_problem(procedure)
    agencies = drafts.agencies_for_choice(procedure)
    representations = list(representations_for(request.user).order_by("represented_name", "pk"))
    context = {
        "procedure": procedure, "problem": problem, "agencies": agencies,
        "representations": representations, "token": _token(), "error": None,
        "chosen_agency": "", "chosen_for": "self",
        "open_drafts": drafts.open_drafts(request.user, procedure),
    }
    if problem:
        return render(request, "portal/apply/start.html", context, status=200)
    if request.method == "POST":
        context.update(
            chosen_agency=request.POST.get("agency", ""), chosen_for=request.POST.get("for", "self"),
            token=request.POST.get("token") or _token(),
        )
        try:
            application = drafts.start(
                request.user, procedure, agency_id=request.POST.get("agency"),
                representation_id=request.POST.get("for"), key=request.POST.get("token", ""),
            )
        except drafts.ApplyError as error:
            context["error"] = error.message
            return render(request, "portal/apply/start.html", context, status=400)
        return redirect("portal:apply_draft", pk=application.dossier_id)
    return render(request, "portal/apply/start.html", context)


def _row_counts(post) -> dict:
    return {key: value for key, value in post.items() if key.startswith(schema_form.ROWS_KEY)}


def _form_context(request, application, data, errors, posted=None, **extra):
    dossier = application.dossier
    schema = dossier.procedure.form_schema or {}
    return {
        "application": application, "dossier": dossier, "procedure": dossier.procedure,
        "nodes": schema_form.build(schema, data, errors, posted),
        "errors": errors, "schema": schema,
        "documents": drafts.document_rows(application),
        "others": drafts.other_attachments(application),
        "earlier": list(drafts.earlier_uploads(request.user)),
        "used_mb": round(drafts.attached_bytes(application) / (1024 * 1024), 1),
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def draft(request, pk: int):
    application = drafts.own_application(request.user, pk)
    dossier = application.dossier
    if dossier.status != Status.DRAFT:
        if request.method == "POST" and (request.headers.get("X-Autosave") or request.POST.get("_action") == "autosave"):
            # The script stops autosaving: the dossier was submitted (in another tab, say).
            return JsonResponse({"saved": False, "message": _("Hồ sơ đã nộp; bản nháp không còn sửa được.")}, status=409)
        return redirect(_dossier_page(dossier))
    schema = dossier.procedure.form_schema or {}
    if request.method == "GET":
        return render(request, "portal/apply/draft.html", _form_context(request, application, application.form_data or {}, {}))
    action = request.POST.get("_action", "save")
    post = request.POST.copy()
    posted = _row_counts(post)
    if action.startswith("remove:"):
        path, index = (action.split(":") + ["", ""])[1:3]
        prefix = f"{path}.{index}."
        for key in [k for k in post.keys() if k.startswith(prefix)]:
            del post[key]
        count_key = schema_form.ROWS_KEY + path
        try:
            posted[count_key] = str(max(int(posted.get(count_key, 1)) - 1, 1))
        except ValueError:
            posted.pop(count_key, None)
    elif action.startswith("add:"):
        path = action.split(":", 1)[1]
        count_key = schema_form.ROWS_KEY + path
        try:
            posted[count_key] = str(int(posted.get(count_key, 1)) + 1)
        except ValueError:
            posted[count_key] = "2"
    data = schema_form.parse(schema, post) if schema else {}
    drafts.save_form(application, data or {})
    saved_at = date_format(timezone.localtime(), "H:i")
    if action == "autosave" or request.headers.get("X-Autosave"):
        return JsonResponse({"saved": True, "at": saved_at, "message": _("Đã tự động lưu nháp lúc %(at)s.") % {"at": saved_at}})
    if action == "review":
        errors = schema_form.validate(schema, data or {})
        if errors:
            context = _form_context(request, application, data or {}, errors, posted, show_errors=True)
            return render(request, "portal/apply/draft.html", context, status=400)
        return redirect("portal:apply_review", pk=dossier.pk)
    if action == "save":
        messages.success(request, _("Đã lưu nháp lúc %(at)s. Bạn có thể đóng trình duyệt và quay lại sau.") % {"at": saved_at})
        return redirect("portal:apply_draft", pk=dossier.pk)
    # Add or remove a row: show the form again with one row more or less (nothing is lost).
    return render(request, "portal/apply/draft.html", _form_context(request, application, data or {}, {}, posted))


@login_required
@require_POST
def upload(request, pk: int):
    application = drafts.own_application(request.user, pk)
    if application.dossier.status != Status.DRAFT:
        return redirect(_dossier_page(application.dossier))
    files = request.FILES.getlist("files")
    reuse = request.POST.getlist("reuse")
    if not files and not reuse:
        messages.error(request, _("Vui lòng chọn tệp để tải lên hoặc chọn một tệp đã tải lên trước đây."))
    elif len(files) > MAX_FILES_PER_POST:
        messages.error(request, _("Mỗi lần chỉ tải lên tối đa %(n)s tệp.") % {"n": MAX_FILES_PER_POST})
    else:
        try:
            made = drafts.attach(application, request.user, request.POST.get("document"), files, reuse)
        except drafts.ApplyError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Đã đính kèm %(n)s tệp.") % {"n": len(made)})
    return redirect(reverse("portal:apply_draft", kwargs={"pk": pk}) + "#giay-to")


@login_required
@require_POST
def detach(request, pk: int, attachment_pk: int):
    application = drafts.own_application(request.user, pk)
    if application.dossier.status != Status.DRAFT:
        return redirect(_dossier_page(application.dossier))
    drafts.detach(application, attachment_pk)
    messages.success(request, _("Đã bỏ tệp khỏi hồ sơ (tệp vẫn còn trong danh sách tệp đã tải lên)."))
    return redirect(reverse("portal:apply_draft", kwargs={"pk": pk}) + "#giay-to")


def _review_context(request, application, **extra):
    dossier = application.dossier
    procedure = dossier.procedure
    schema = procedure.form_schema or {}
    errors = schema_form.validate(schema, application.form_data or {})
    rows = drafts.document_rows(application)
    fees = drafts.fee_lines(application)
    return {
        "application": application, "dossier": dossier, "procedure": procedure,
        "lines": schema_form.summary(schema, application.form_data or {}),
        "form_errors": errors, "documents": rows, "others": drafts.other_attachments(application),
        "missing": [row.document for row in rows if row.missing],
        "fees": fees, "fee_total": drafts.total_fee(fees),
        # "Theo từng trường hợp" (no amount) must not add up to "Không thu".
        "fee_open": any(fee.amount is None for fee in fees),
        # Level 4: the fee is paid online once submitted, not at the desk.
        "pays_online": payment_required(dossier),
        "channels": drafts.RESULT_CHANNELS,
        "chosen_channel": application.result_channel or Channel.ONLINE,
        "contact_email": application.contact_email, "contact_phone": application.contact_phone,
        "token": _token(), "can_submit": request.user.can_submit_dossiers,
        **extra,
    }


@login_required
@require_http_methods(["GET", "POST"])
def review(request, pk: int):
    application = drafts.own_application(request.user, pk)
    dossier = application.dossier
    if request.method == "GET":
        if dossier.status != Status.DRAFT:
            return redirect(_dossier_page(dossier))
        return render(request, "portal/apply/review.html", _review_context(request, application))
    try:
        submitted = drafts.submit(
            application, request.user, key=request.POST.get("token", ""),
            result_channel=request.POST.get("result_channel", ""),
            contact_email=request.POST.get("contact_email", ""),
            contact_phone=request.POST.get("contact_phone", ""),
            commitment=request.POST.get("commitment") == "yes",
        )
    except drafts.ApplyError as error:
        application.result_channel = request.POST.get("result_channel", "")[:10]
        application.contact_email = request.POST.get("contact_email", "")[:254]
        application.contact_phone = request.POST.get("contact_phone", "")[:20]
        context = _review_context(request, application, error=error.message)
        context["token"] = request.POST.get("token") or context["token"]
        return render(request, "portal/apply/review.html", context, status=400)
    # A repeat (double click, back button) lands on the dossier as it is now, without an error.
    return redirect(_dossier_page(submitted))


def _dossier_page(dossier: Dossier) -> str:
    # The account pages (another part of the portal) show a dossier that left the draft stage.
    if dossier.status == Status.SUBMITTED:
        return reverse("portal:apply_done", kwargs={"pk": dossier.pk})
    return f"/dich-vu-cong/ho-so/{dossier.pk}/"


@login_required
def done(request, pk: int):
    application = drafts.own_application(request.user, pk)
    dossier = application.dossier
    if dossier.status == Status.DRAFT:
        return redirect("portal:apply_draft", pk=dossier.pk)
    return render(
        request, "portal/apply/done.html",
        {"application": application, "dossier": dossier, "procedure": dossier.procedure,
         "account_url": f"/dich-vu-cong/ho-so/{dossier.pk}/"},
    )


def _official_can_see(user, upload: Upload) -> bool:
    from motcua.units.scoping import visibility

    seen = visibility(user)
    if seen.nothing:
        return False
    agencies = AttachedDocument.objects.filter(upload=upload).values_list(
        "application__dossier__receiving_agency_id", "application__dossier__competent_agency_id",
        "application__dossier__status",
    )
    return any(
        status != Status.DRAFT and (seen.can_see_agency(receiving) or seen.can_see_agency(competent))
        for receiving, competent, status in agencies
    )


@login_required
def serve_file(request, pk: int):
    upload = Upload.objects.filter(pk=pk).first()
    if upload is None:
        raise Http404
    if upload.owner_id != request.user.pk and not _official_can_see(request.user, upload):
        raise Http404
    try:
        handle = upload.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=upload.content_type, filename=upload.original_name)
    # Served from our origin: never let a file run as a page.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
