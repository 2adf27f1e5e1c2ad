"""``/phan-anh/danh-gia/<pk>/``: the applicant rates a finished dossier, once."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier

from ..forms import RatingForm
from ..ratings import (
    RatingError,
    already_rated_message,
    is_owner,
    is_rateable,
    not_rateable_message,
    rate,
    rating_for,
)


def _own_dossier(request, pk: int) -> Dossier:
    dossier = Dossier.objects.select_related("procedure", "rating").filter(pk=pk).first()
    # Someone else's dossier and a dossier that does not exist look the same.
    if dossier is None or not is_owner(dossier, request.user):
        raise Http404
    return dossier


@login_required
def rate_dossier(request, pk: int):
    dossier = _own_dossier(request, pk)
    rating = rating_for(dossier)
    if rating is not None or not is_rateable(dossier):
        notice = already_rated_message(dossier) if rating else not_rateable_message(dossier)
        status = 409 if request.method == "POST" else 200
        return render(
            request,
            "feedback/rate.html",
            {"dossier": dossier, "rating": rating, "notice": notice, "form": None},
            status=status,
        )
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rate(
                dossier,
                by=request.user,
                scores=form.scores(),
                comment=form.cleaned_data["comment"],
            )
        except RatingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Cảm ơn bạn đã đánh giá. Ý kiến của bạn đã được ghi nhận."))
            return redirect("feedback:rate", pk=dossier.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(
        request, "feedback/rate.html", {"dossier": dossier, "form": form, "rating": None}, status=status
    )
