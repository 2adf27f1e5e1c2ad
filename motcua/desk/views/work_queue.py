"""The official's work queue: open dossiers of their units, most urgent first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render

from motcua.desk.access import official_required, visible_dossiers
from motcua.desk.tabs import TABS, tab_for
from motcua.desk.urgency import UrgencyScale
from motcua.dossiers.models import Dossier

PAGE_SIZE = 25


@official_required
def queue(request):
    scale = UrgencyScale()
    tab = tab_for(request.GET.get("tab"))
    dossiers = (
        visible_dossiers(request.visibility, Dossier.objects.filter(tab.condition(scale)))
        .select_related("procedure")
        .only(
            "id",
            "code",
            "status",
            "applicant_name",
            "received_at",
            "submitted_at",
            "due_at",
            "channel",
            "procedure__name",
            "procedure__code",
        )
        # Overdue dossiers have the earliest due dates, so they come first; undated last.
        .order_by(F("due_at").asc(nulls_last=True), "submitted_at", "id")
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(dossier, scale.of(dossier.due_at)) for dossier in page.object_list]
    return render(
        request,
        "desk/queue.html",
        {"tabs": TABS, "tab": tab, "page": page, "rows": rows},
    )
