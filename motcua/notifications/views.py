"""The signed-in person's notifications: /thong-bao/ (own only, newest first, paginated)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import Notification

PAGE_SIZE = 20


def notifications_of(user):
    return (
        Notification.objects.filter(user=user)
        .select_related("dossier")
        .only(
            "pk",
            "kind",
            "channel",
            "recipient",
            "subject",
            "body",
            "status",
            "created_at",
            "sent_at",
            "dossier__id",
            "dossier__code",
            "user_id",
        )
        .order_by("-created_at", "-pk")
    )


@login_required
@require_GET
def notification_list(request):
    paginator = Paginator(notifications_of(request.user), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "total": paginator.count},
    )
