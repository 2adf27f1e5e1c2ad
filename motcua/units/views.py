"""Public pages: the units as a tree on a chosen day, and one unit with its history."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from motcua.core.text import clean_query, fold

from . import history
from .forms import MAX_ID, UnitBrowseForm
from .models import AdministrativeUnit, UnitType, valid_on_q

PAGE_SIZE = 50
# A pasted paragraph must not become dozens of LIKE clauses.
MAX_WORDS = 6
LEVEL_ORDER = (UnitType.PROVINCE, UnitType.DISTRICT, UnitType.COMMUNE)


def unit_list(request):
    """``units:list``: provinces → districts → communes valid on ``?on=``, or a search."""
    today = timezone.localdate()
    form = UnitBrowseForm(request.GET or None)
    form.is_valid()  # an invalid field is reported and ignored; the valid ones still apply
    data = getattr(form, "cleaned_data", {})
    on = data.get("on") or today
    query = clean_query(data.get("q"))
    parent = None
    if data.get("parent"):
        parent = get_object_or_404(
            AdministrativeUnit.objects.select_related("parent__parent"), pk=data["parent"]
        )

    units = AdministrativeUnit.objects.valid_on(on).select_related("parent__parent")
    if query:
        units = _search(units, query)
    else:
        units = (
            units.filter(parent=parent)
            .annotate(child_count=Count("children", filter=valid_on_q(on, "children__")))
            .order_by("name_folded", "code")
        )
    page = Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))

    context = {
        "form": form,
        "errors": [str(e) for errors in form.errors.values() for e in errors]
        if form.is_bound
        else [],
        "on": on,
        "is_today": on == today,
        "query": query,
        "parent": parent,
        "ancestors": _ancestors(parent),
        "page": page,
    }
    return render(
        request, "units/unit_list.html", context, status=400 if context["errors"] else 200
    )


def unit_detail(request, pk: int):
    """``units:detail``: a unit, what it belongs to and contains, and its history of changes."""
    if pk > MAX_ID:
        raise Http404
    unit = get_object_or_404(
        AdministrativeUnit.objects.select_related("parent__parent").prefetch_related(
            *history.LINEAGE_PREFETCH
        ),
        pk=pk,
    )
    today = timezone.localdate()
    children = unit.children.order_by("-valid_to", "name_folded", "code")
    agencies = unit.agencies.select_related("parent").order_by("kind", "name_folded")
    context = {
        "unit": unit,
        "ancestors": _ancestors(unit.parent),
        "in_force": unit.is_valid_on(today),
        "today": today,
        "children_page": Paginator(children, PAGE_SIZE).get_page(request.GET.get("page")),
        "agencies": agencies,
        "before": history.before(unit),
        "after": history.after(unit),
    }
    return render(request, "units/unit_detail.html", context)


def _search(units, query: str):
    folded = fold(query)
    words = [w for w in folded.split(" ") if w][:MAX_WORDS]
    matches = units.filter(code__startswith=query) if query.isdigit() else units.none()
    by_name = units
    for word in words:
        by_name = by_name.filter(name_folded__contains=word)
    level = Case(
        *(When(unit_type=t, then=Value(rank)) for rank, t in enumerate(LEVEL_ORDER)),
        default=Value(len(LEVEL_ORDER)),
        output_field=IntegerField(),
    )
    return (matches | by_name).annotate(level=level).order_by("level", "name_folded", "code")


def _ancestors(unit: AdministrativeUnit | None) -> list[AdministrativeUnit]:
    """``unit`` and its parents, outermost first (uses select_related parents when loaded)."""
    chain = []
    while unit is not None and len(chain) < 5:
        chain.append(unit)
        unit = unit.parent
    return list(reversed(chain))
