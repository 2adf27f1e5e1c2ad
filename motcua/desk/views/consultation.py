"""Consultations (liên thông): the handler asks other agencies; their officials answer.

The request is posted from the dossier's page (the dossier must be in the handler's scope);
the answer page is reached from the consulted agency's "Xin ý kiến" tab, scoped by the
consultation's agency: the consulted officials need not see the dossier's own unit.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua.desk import notices
from motcua.desk.access import official_required
from motcua.desk.views.detail import _dossier_in_scope, _render
from motcua.dossiers import audit, consultations
from motcua.dossiers.errors import OutsideScope, StaleDossier, WorkflowError
from motcua.dossiers.models import Consultation


@require_POST
@official_required
def consult(request, pk: int):
    dossier = _dossier_in_scope(request, pk)
    try:
        expected = int(request.POST.get("expected_version", ""))
    except ValueError:
        notices.add(request, notices.ERROR, _("Biểu mẫu thiếu phiên bản hồ sơ; vui lòng tải lại trang rồi thao tác lại."))
        return redirect("desk:detail", pk=dossier.pk)
    try:
        consultations.request(
            dossier, by=request.user, expected_version=expected,
            agencies=request.POST.getlist("agencies"), question=request.POST.get("question", ""),
        )
    except OutsideScope:
        from django.http import Http404

        raise Http404 from None
    except StaleDossier as error:
        notices.add(request, notices.ERROR, str(error))
        dossier = _dossier_in_scope(request, dossier.pk)
        audit.record_read(dossier, request.user)
        return _render(request, dossier, status=409)
    except WorkflowError as error:
        notices.add(request, notices.ERROR, str(error))
        return redirect("desk:detail", pk=dossier.pk)
    notices.add(request, notices.SUCCESS, _("Đã gửi xin ý kiến cơ quan phối hợp."))
    return redirect("desk:detail", pk=dossier.pk)


@require_http_methods(["GET", "POST"])
@official_required
def consultation(request, pk: int):
    item = get_object_or_404(
        request.visibility.filter_agencies(Consultation.objects.all(), path="agency").select_related(
            "dossier__procedure", "dossier__competent_agency", "agency", "step", "requested_by",
            "answered_by",
        ),
        pk=pk,
    )
    status = 200
    if request.method == "POST":
        try:
            consultations.answer(item, by=request.user, answer=request.POST.get("answer", ""))
        except WorkflowError as error:
            notices.add(request, notices.ERROR, str(error))
            status = 400 if consultations.may_answer(request.user, item) else 403
        else:
            notices.add(request, notices.SUCCESS, _("Đã gửi ý kiến trả lời."))
            return redirect("desk:consultation", pk=item.pk)
    else:
        # The consulted officials read the dossier's question: an official read of the dossier.
        audit.record_read(item.dossier, request.user, purpose=f"consultation:{item.pk}")
    context = {
        "item": item,
        "may_answer": item.answered_at is None and consultations.may_answer(request.user, item),
        "notices": notices.pop(request),
    }
    return render(request, "desk/consultation.html", context, status=status)
