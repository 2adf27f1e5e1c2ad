"""The account holder's representations (ủy quyền, đại diện), managed from the profile page.

Every lookup is filtered by the owner, so another user's id answers 404, never the record.
"""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .forms import RepresentationForm
from .models import Representation


def _own(request, pk: int) -> Representation:
    return get_object_or_404(Representation, pk=pk, user=request.user)


@login_required
def representation_create(request):
    form = RepresentationForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        representation = form.save(commit=False)
        representation.user = request.user
        representation.save()
        messages.success(request, _("Đã thêm người hoặc tổ chức bạn đại diện."))
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/representation_form.html",
        {"form": form, "creating": True},
        status=400 if form.errors else 200,
    )


@login_required
def representation_detail(request, pk: int):
    return render(
        request, "accounts/representation_detail.html", {"representation": _own(request, pk)}
    )


@login_required
def representation_edit(request, pk: int):
    representation = _own(request, pk)
    old_document = representation.document.name
    form = RepresentationForm(
        request.POST or None, request.FILES or None, instance=representation, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        saved = form.save()
        if old_document and old_document != saved.document.name:
            saved.document.storage.delete(old_document)
        messages.success(request, _("Đã lưu thông tin đại diện."))
        return redirect("accounts:representation", pk=saved.pk)
    return render(
        request,
        "accounts/representation_form.html",
        {"form": form, "representation": representation, "creating": False},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def representation_delete(request, pk: int):
    representation = _own(request, pk)
    if representation.document:
        representation.document.delete(save=False)
    representation.delete()
    messages.success(request, _("Đã xóa thông tin đại diện."))
    return redirect("accounts:profile")


@login_required
def representation_document(request, pk: int):
    """The uploaded document, to its owner only (the media URL is not used for it)."""
    representation = _own(request, pk)
    if not representation.document:
        raise Http404
    content_type = (
        mimetypes.guess_type(representation.document.name)[0] or "application/octet-stream"
    )
    response = FileResponse(representation.document.open("rb"), content_type=content_type)
    extension = representation.document.name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f"attachment; filename=uy-quyen-{representation.pk}.{extension}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
