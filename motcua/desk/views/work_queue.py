"""The official's work queue: open dossiers of their units, most urgent first.

The "Xin ý kiến" tab lists consultations addressed to the official's agencies instead: the
consulted agency may be outside the dossier's unit, so scoping filters the consultation's
agency (``units.scoping``), not the dossier's.

The dossier tabs keep their rendered table in the cache until a dossier in scope changes
(``desk/queue_cache.py``), shared by every official with the same scope; each official's whole
page is kept too, under the same key plus who and which browser. A hit costs the session and the
page from the cache, and two small queries: the user with their posts (``accounts.backends``)
and the scope's stamp.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua.core.text import clean_query
from motcua.desk import queue_cache
from motcua.desk.access import official_required
from motcua.desk.tabs import (
    ASSIGNED,
    CONSULTATIONS,
    SEARCH_MAX_LENGTH,
    TABS,
    Tab,
    queue_dossiers,
    search_condition,
    tab_for,
)
from motcua.desk.urgency import UrgencyScale
from motcua.dossiers.models import Consultation, Dossier, Status
from motcua.units.models import Role
from motcua.units.scoping import holds_role

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
    return _page(request, {"tabs": TABS, "tab": tab, "page": page, "consultations": rows})


def _page(request, context: dict, status: int = 200):
    """The queue page; the receiving button only for desk officers (whose act it is)."""
    context["can_receive"] = holds_role(request.user, Role.DESK_OFFICER)
    return render(request, "desk/queue.html", context, status=status)


def _page_number(raw: str | None) -> int:
    """The page asked for; anything but a positive number is page 1 (as ``get_page`` does)."""
    return int(raw) if raw and raw.isdigit() and 0 < int(raw) < 10**6 else 1


@official_required
def queue(request):
    query = clean_query(request.GET.get("q"), max_length=SEARCH_MAX_LENGTH + 1)
    if query:
        return _search(request, query)
    tab = tab_for(request.GET.get("tab"))
    if tab.slug == CONSULTATIONS:
        return _consultations(request, UrgencyScale(), tab)
    now = timezone.now()
    number = _page_number(request.GET.get("page"))
    user = request.user.pk if tab.slug == ASSIGNED else ""
    key = queue_cache.key(
        request.visibility,
        variant=f"{tab.slug}:{number}:{PAGE_SIZE}:{get_language()}:{user}",
        minute=int(now.timestamp() // 60),
    )
    page_key = _page_key(request, key)
    if page_key is not None and (content := cache.get(page_key)) is not None:
        return HttpResponse(content)
    table = cache.get(key)
    if table is None:
        table = _table(request, tab, number, UrgencyScale(now))
        cache.set(key, table, queue_cache.TTL)
    response = _page(request, {"tabs": TABS, "tab": tab, "table": mark_safe(table)})
    if page_key is not None:
        cache.set(page_key, response.content, queue_cache.TTL)
    return response


def _page_key(request, table_key: str) -> str | None:
    """The whole page, kept for this user and browser: the header has their name and the
    logout form a CSRF token made from their browser's CSRF cookie, so both are in the key.
    Not kept when a message is waiting to be shown once, or before the browser has a cookie."""
    cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not cookie or len(messages.get_messages(request)):
        return None
    browser = hashlib.blake2b(cookie.encode(), digest_size=8).hexdigest()
    return f"{table_key}:page:{request.user.pk}:{browser}"


def _local(moment) -> str:
    """``moment`` as the queue shows it, local time: what ``|date:"d/m/Y H:i"`` gives, faster."""
    return timezone.localtime(moment).strftime("%d/%m/%Y %H:%M") if moment else ""


def _search(request, query: str):
    """Any dossier in scope, open or finished, by code or applicant (with or without
    diacritics), the most recently submitted first: for the citizen at the counter with a
    receipt, or with only a name. Never kept in the cache: queries are as varied as typing."""
    tab = Tab("tim-kiem", _("Kết quả tìm kiếm"))
    context = {"tabs": TABS, "tab": tab, "query": query}
    if len(query) > SEARCH_MAX_LENGTH:
        context["search_error"] = _("Từ khóa tìm kiếm dài quá %(n)d ký tự.") % {"n": SEARCH_MAX_LENGTH}
        return _page(request, context, status=400)
    found = queue_dossiers(
        request.visibility,
        Dossier.objects.exclude(status=Status.DRAFT).filter(search_condition(query)),
    ).order_by(F("submitted_at").desc(nulls_last=True), "-id")
    context["table"] = mark_safe(
        _render_table(
            found, _page_number(request.GET.get("page")), UrgencyScale(), heading=tab.label,
            pager_query=urlencode({"q": query}) + "&",
        )
    )
    return _page(request, context)


def _table(request, tab, number: int, scale: UrgencyScale) -> str:
    dossiers = queue_dossiers(
        request.visibility, Dossier.objects.filter(tab.condition(scale, request.user))
    )
    return _render_table(
        dossiers, number, scale, heading=tab.label,
        pager_query=urlencode({"tab": tab.slug}) + "&" if tab.slug else "",
    )


def _render_table(dossiers, number: int, scale: UrgencyScale, *, heading, pager_query: str) -> str:
    page = Paginator(dossiers, PAGE_SIZE).get_page(number)
    # What each row shows is prepared here, once per page where it can be: the template engine's
    # filters and {% url %} per row were half of a table's rendering (a miss after each change).
    labels = {value: str(label) for value, label in Status.choices}
    link = reverse("desk:detail", args=[1]).removesuffix("1/")
    rows = []
    for dossier in page.object_list:
        dossier.status_label = labels.get(dossier.status, dossier.status)
        dossier.link = f"{link}{dossier.pk}/"
        dossier.received_text = _local(dossier.received_at)
        dossier.due_text = _local(dossier.due_at)
        dossier.new_due_text = _local(dossier.new_due_at)
        rows.append((dossier, scale.of_dossier(dossier)))
    # No request: the table must not depend on who renders it (it is shared, see queue_cache).
    return render_to_string(
        "desk/_queue_table.html",
        {"heading": heading, "pager_query": pager_query, "page": page, "rows": rows},
    )
