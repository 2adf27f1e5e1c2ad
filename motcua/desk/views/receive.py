"""Entering a walk-in or postal dossier: pick the procedure, then the receipt form."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.desk import notices
from motcua.desk.access import official_required
from motcua.desk.forms import ProcedureChoiceForm, ReceiveForm
from motcua.desk.intake import AlreadyReceived, find_by_key, procedures_for, receive
from motcua.dossiers.errors import WorkflowError
from motcua.units.models import Role
from motcua.units.scoping import holds_role


def _already(request, dossier):
    notices.add(
        request, notices.INFO, _("Biểu mẫu này đã được gửi trước đó; không tạo thêm hồ sơ mới.")
    )
    return redirect("desk:detail", pk=dossier.pk)


@official_required
def receive_dossier(request):
    # Asked first, not after the whole form is typed: receiving is the desk officer's act.
    if not holds_role(request.user, Role.DESK_OFFICER):
        return render(
            request, "desk/forbidden.html",
            {"reason": _("Chỉ cán bộ bộ phận một cửa (tiếp nhận và trả kết quả) mới được tiếp nhận "
                         "hồ sơ trực tiếp hoặc qua bưu chính.")},
            status=403,
        )
    procedures = procedures_for(request.visibility)
    chooser = ProcedureChoiceForm(
        request.GET if "thu_tuc" in request.GET else None, procedures=procedures
    )
    if not chooser.is_bound or not chooser.is_valid():
        return render(request, "desk/receive_choose.html", {"chooser": chooser})
    procedure = chooser.cleaned_data["thu_tuc"]

    if request.method != "POST":
        form = ReceiveForm(procedure=procedure, confirm=True)
        return render(request, "desk/receive.html", {"form": form, "procedure": procedure})

    first = find_by_key(request.POST.get("form_key", "")[:64])
    if first is not None:
        return _already(request, first)
    form = ReceiveForm(request.POST, request.FILES, procedure=procedure, confirm=True)
    if form.is_valid():
        try:
            dossier = receive(form, by=request.user, seen=request.visibility)
        except AlreadyReceived as done:
            return _already(request, done.dossier)
        except WorkflowError as error:
            form.add_error(None, str(error))
        else:
            notices.add(request, notices.SUCCESS, _("Đã ghi nhận hồ sơ."))
            return redirect("desk:detail", pk=dossier.pk)
    return render(request, "desk/receive.html", {"form": form, "procedure": procedure}, status=400)
