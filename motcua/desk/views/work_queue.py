"""The official's work queue: open dossiers of their units, most urgent first.

The "Xin ý kiến" tab lists consultations addressed to the official's agencies instead: the
consulted agency may be outside the dossier's unit, so scoping filters the consultation's
agency (``units.scoping``), not the dossier's.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import F
from django.shortcuts import render

from motcua.desk.access import official_required, visible_dossiers
from motcua.desk.tabs import CONSULTATIONS, TABS, tab_for
from motcua.desk.urgency import UrgencyScale
from motcua.dossiers.models import Consultation, Dossier

PAGE_SIZE = 25


def _consultations(request, scale: UrgencyScale, tab):
    consultations = (
        request.visibility.filter_agencies(Consultation.objects.all(), path="agency")
        .select_related("dossier__procedure", "agency", "step")
        .only(
            "id", "question", "requested_at", "due_at", "answered_at",
            "agency__name", "step__name", "dossier__id", "dossier__code",
            "dossier__procedure__name", "dossier__procedure__code",
        )
        # Unanswered first, the most urgent of them on top.
        .order_by(F("answered_at").desc(nulls_first=True), F("due_at").asc(nulls_last=True), "id")
    )
    page = Paginator(consultations, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(c, None if c.answered_at else scale.of(c.due_at)) for c in page.object_list]
    return render(
        request, "desk/queue.html",
        {"tabs": TABS, "tab": tab, "page": page, "rows": [], "consultations": rows},
    )


@official_required
def queue(request):
    scale = UrgencyScale()
    tab = tab_for(request.GET.get("tab"))
    if tab.slug == CONSULTATIONS:
        return _consultations(request, scale, tab)
    dossiers = (
        visible_dossiers(request.visibility, Dossier.objects.filter(tab.condition(scale, request.user)))
        .select_related("procedure", "assignee")
        .only(
            "id",
            "code",
            "status",
            "applicant_name",
            "received_at",
            "submitted_at",
            "due_at",
            "channel",
            "apologised_at",
            "new_due_at",
            "procedure__name",
            "procedure__code",
            "assignee__id",
            "assignee__username",
            "assignee__full_name",
            "assignee__first_name",
            "assignee__last_name",
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
