"""The public catalogue: home, the filtered list, a procedure's record and its print view.

Server-rendered and usable without JavaScript. Every bad input (unknown filter, page past the
end, version that is not a number) gives a page with a Vietnamese sentence, never an error.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.core.text import clean_query
from motcua.units.models import Agency

from .filters import filter_leniently
from .models import Field, Level, Procedure, VersionStatus
from .search import find_version, published_versions, search_procedures

PAGE_SIZE = 20
# Above this many pages the pager elides the middle; below it every page has a link, so any
# procedure stays three clicks from home (field → page → procedure).
FULL_PAGER_LIMIT = 30
LEVEL_ORDER = [Level.COMMUNE, Level.DISTRICT, Level.PROVINCE, Level.CENTRAL]


def public_procedures() -> QuerySet:
    """The versions the public catalogue lists: the active one of each procedure."""
    return Procedure.objects.current()


def home(request):
    current = Q(procedures__status=VersionStatus.ACTIVE)
    fields = (
        Field.objects.annotate(procedure_count=Count("procedures", filter=current))
        .filter(procedure_count__gt=0)
        .order_by("name_folded")
    )
    counts = dict(public_procedures().order_by().values_list("level").annotate(n=Count("pk")))
    levels = [
        {"value": level.value, "label": level.label, "count": counts.get(level.value, 0)}
        for level in LEVEL_ORDER
        if level != Level.CENTRAL or counts.get(level.value)
    ]
    return render(
        request,
        "catalog/home.html",
        {"fields": fields, "levels": levels, "total": sum(counts.values())},
    )


def procedure_list(request):
    query = clean_query(request.GET.get("q"))
    agencies = (
        Agency.objects.filter(procedures__status=VersionStatus.ACTIVE).distinct().order_by("name")
    )
    filterset, notices = filter_leniently(
        request.GET, public_procedures(), agency_queryset=agencies
    )
    procedures = filterset.qs.select_related("field")
    if query:
        procedures = search_procedures(procedures, query)
    else:
        procedures = procedures.order_by("field__name_folded", "search_text", "code")

    paginator = Paginator(procedures, PAGE_SIZE)
    requested = request.GET.get("page", "1")
    page = paginator.get_page(requested)
    if "page" in request.GET and not _is_page_number(requested, page.number):
        notices.append(
            _("Không có trang “%(requested)s”; đang hiển thị trang %(shown)s.")
            % {"requested": requested[:20], "shown": page.number}
        )
    if paginator.num_pages > FULL_PAGER_LIMIT:
        page_links = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    else:
        page_links = list(paginator.page_range)

    return render(
        request,
        "catalog/procedure_list.html",
        {
            "filterset": filterset,
            "form": filterset.form,
            "query": query,
            "page": page,
            "page_links": page_links,
            "ellipsis": paginator.ELLIPSIS,
            "total": paginator.count,
            "notices": notices,
            "filters_active": any(
                filterset.form.cleaned_data.get(name) for name in filterset.filters
            ),
        },
    )


def _is_page_number(requested: str, number: int) -> bool:
    try:
        return int(requested) == number
    except ValueError:
        return False


def record_queryset() -> QuerySet:
    """A version with everything its record shows, in a fixed number of queries."""
    return Procedure.objects.select_related(
        "field", "publishing_unit", "replaces"
    ).prefetch_related(
        Prefetch("agencies", queryset=Agency.objects.select_related("unit").order_by("name")),
        "citizen_steps",
        "documents",
        "fees",
        "legal_bases",
        "workflow_steps",
    )


def deadline_preview_for(procedure: Procedure):
    """ "Nếu nộp hồ sơ bây giờ, kết quả dự kiến vào …": filled in by the calendar issue.

    Expected to return ``None`` or an object with ``due`` (an aware datetime) and an optional
    ``explanation`` (text shown under it); ``catalog/_deadline_preview.html`` renders it.
    A procedure without a usable time limit, or "now" outside the calendar, shows nothing
    rather than a guess.
    """
    from django.utils import timezone

    from motcua.workcalendar.services import deadline_for

    try:
        due = deadline_for(procedure, timezone.now())
    except ValueError:  # no time limit, or outside the calendar's years (OutOfCalendarRange)
        return None
    return SimpleNamespace(due=due.due_at, explanation=due.explanation)


def procedure_type_label(procedure: Procedure) -> str:
    """ "Loại thủ tục": liên thông when internal steps run in parallel at other agencies.

    The model has no explicit type yet; parallel workflow groups are the only signal we hold.
    """
    steps = list(procedure.workflow_steps.all())
    if not steps:
        return _("Chưa có thông tin")
    if any(step.parallel_group for step in steps):
        return _("Thủ tục liên thông (có bước phối hợp giữa các cơ quan)")
    return _("Thủ tục không liên thông")


def _record_context(request, code: str) -> dict:
    notices: list[str] = []
    raw_version = request.GET.get("version")
    version = None
    if raw_version is not None:
        try:
            version = int(raw_version)
            if version < 1:
                raise ValueError
        except ValueError:
            notices.append(
                _("Phiên bản phải là một số nguyên dương; đang hiển thị phiên bản hiện hành.")
            )
            version = None
    procedure = find_version(code, version, record_queryset())
    if procedure is None and version is not None:
        notices.append(
            _("Thủ tục này không có phiên bản %(version)s; đang hiển thị phiên bản hiện hành.")
            % {"version": version}
        )
        version = None
        procedure = find_version(code, None, record_queryset())
    if procedure is None:
        raise Http404(_("Không tìm thấy thủ tục có mã này."))
    versions = list(published_versions(code).select_related("publishing_unit"))
    return {
        "procedure": procedure,
        "versions": versions,
        "is_requested_version": version is not None,
        "is_current": procedure.status == VersionStatus.ACTIVE,
        "procedure_type": procedure_type_label(procedure),
        "deadline_preview": deadline_preview_for(procedure),
        "notices": notices,
    }


def procedure_detail(request, code: str):
    return render(request, "catalog/procedure_detail.html", _record_context(request, code))


def procedure_print(request, code: str):
    return render(request, "catalog/procedure_print.html", _record_context(request, code))
