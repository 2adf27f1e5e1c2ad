"""Report pages for officials (cut by ``units.scoping.visibility``) and the public statistics.

- ``/bao-cao/``: the leader's dashboard (indicators, SVG charts, filters as a GET form);
- ``/bao-cao/ho-so/?…&chi-so=late``: the dossiers behind any figure (drill-down);
- ``/bao-cao/qua-han/``: overdue dossiers now, most overdue first;
- ``/bao-cao/xuat/excel/``, ``/bao-cao/xuat/pdf/`` and ``/bao-cao/xuat/csv/``: the
  dashboard's report as files (invalid filters: 400 with the reasons, never a default report);
- ``/bao-cao/cong-khai/``: public statistics, counts only, no personal data;
- ``/bao-cao/nam/<year>/``: the yearly page of the seed's figures.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from motcua.catalog.models import Field, Level
from motcua.dossiers.models import Channel
from motcua.units.scoping import visibility

from . import charts
from .exports import cohort_note, stock_label, stock_overdue_label, to_csv, to_pdf, to_xlsx
from .filters import ReportFilterForm, parse_period, resolve
from .indicators import (
    DRILL_DOWN,
    STOCK_INDICATORS,
    Period,
    Scope,
    by_unit,
    counts,
    dossiers_behind,
    monthly,
    overdue_now,
)
from .report import build_report
from .summary_figures import (
    by_field,
    enabled,
    summary_by_agency,
    summary_counts,
    summary_monthly,
)
from .yearly import dossier_summary, dossiers_per_procedure, online_procedures

# Years the pages accept: before 2000 there was no one-stop system to report on.
FIRST_YEAR, LAST_YEAR = 2000, 2200
PAGE_SIZE = 50
INDICATOR_LABELS = {
    "received": gettext_lazy("Hồ sơ tiếp nhận trong kỳ"),
    "online": gettext_lazy("Hồ sơ nộp trực tuyến"),
    "resolved": gettext_lazy("Hồ sơ đã giải quyết (tính đến nay)"),
    "early": gettext_lazy("Hồ sơ giải quyết trước hạn"),
    "on_time": gettext_lazy("Hồ sơ giải quyết đúng hạn"),
    "late": gettext_lazy("Hồ sơ giải quyết quá hạn"),
    "returned": gettext_lazy("Hồ sơ trả lại, rút (tính đến nay)"),
    "open_today": gettext_lazy("Hồ sơ tiếp nhận trong kỳ còn đang giải quyết (tính đến nay)"),
    "waiting": gettext_lazy("Hồ sơ đang giải quyết tại ngày cuối kỳ (tồn cuối kỳ)"),
    "waiting_overdue": gettext_lazy("Hồ sơ đang giải quyết tại ngày cuối kỳ, đã quá hạn"),
    "overdue": gettext_lazy("Hồ sơ đang quá hạn"),
}


class CountedPaginator(Paginator):
    """A paginator given its count: the figure from the summary tables, which equals the
    count of the dossiers behind it (tested), so the list is not counted again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # ``Paginator.count`` is a cached property


def _official_visibility(request):
    seen = visibility(request.user)
    if seen.nothing:
        raise PermissionDenied(_("Chỉ cán bộ, công chức mới xem được báo cáo."))
    return seen


def _request_for(request):
    seen = _official_visibility(request)
    base = Scope.of_visibility(seen, with_predecessors=request.GET.get("theo") == "nay")
    form = ReportFilterForm(request.GET or None, visibility=seen, base_scope=base)
    return form, resolve(form, base)


def filter_labels(report_request) -> dict:
    """The filters in words (for exports and headings)."""
    labels = {}
    f = report_request.filters
    if report_request.unit is not None:
        labels[_("Đơn vị")] = report_request.unit.name
    if f.field_id:
        labels[_("Lĩnh vực")] = (
            Field.objects.filter(pk=f.field_id).values_list("name", flat=True).first()
        )
    if f.level:
        labels[_("Cấp thực hiện")] = str(Level(f.level).label)
    if f.channel:
        labels[_("Hình thức nộp")] = str(Channel(f.channel).label)
    if f.procedure_code:
        labels[_("Mã thủ tục")] = f.procedure_code
    if report_request.today_units:
        labels[_("Đơn vị hành chính")] = _("quy về đơn vị hiện nay")
    return labels


@login_required
@require_GET
def dashboard(request):
    form, rr = _request_for(request)
    report = build_report(rr.scope, rr.period, rr.filters, today_units=rr.today_units)
    trend = charts.columns(
        [(f"{m['month']:%m/%y}", m["received"], m["late"]) for m in report.months],
        title=_("Hồ sơ tiếp nhận theo tháng, kỳ {period}").format(period=rr.period.label),
        description=_(
            "Cột xanh: hồ sơ tiếp nhận; phần đỏ: hồ sơ giải quyết quá hạn. Số liệu ở bảng bên dưới."
        ),
        series=(_("Tiếp nhận"), _("Quá hạn")),
    )
    compare = charts.bars(
        [(u["unit"], u["received"]) for u in report.units],
        title=_("So sánh số hồ sơ tiếp nhận giữa các đơn vị"),
        description=_(
            "Mỗi thanh là một đơn vị, dài theo số hồ sơ tiếp nhận. Số liệu ở bảng bên dưới."
        ),
    )
    overdue_units = [u for u in report.units if u["overdue"]]
    overdue = (
        charts.bars(
            [(u["unit"], u["overdue"]) for u in sorted(overdue_units, key=lambda u: -u["overdue"])],
            title=_("Hồ sơ đang quá hạn theo đơn vị"),
            description=_("Mỗi thanh là một đơn vị, dài theo số hồ sơ đang quá hạn hôm nay."),
            colour=charts.RED,
        )
        if overdue_units
        else None
    )
    months = [
        {**m, "qs": rr.querystring(period=Period.month(m["month"].year, m["month"].month))}
        for m in report.months
    ]
    units = [{**u, "qs": rr.querystring(**{"don-vi": u["unit_id"]})} for u in report.units]
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "rr": rr,
            "report": report,
            "qs": rr.querystring(),
            "months": months,
            "units": units,
            "trend_chart": trend,
            "compare_chart": compare,
            "overdue_chart": overdue,
            "labels": filter_labels(rr),
            "stock_label": stock_label(rr.period),
            "stock_overdue_label": stock_overdue_label(rr.period),
            "cohort_note": cohort_note(rr.period),
        },
    )


@login_required
@require_GET
def dossier_list(request):
    form, rr = _request_for(request)
    indicator = request.GET.get("chi-so", "received")
    if indicator not in DRILL_DOWN and indicator not in STOCK_INDICATORS:
        raise Http404(_("Không có chỉ số này."))
    dossiers = (
        dossiers_behind(indicator, rr.scope, rr.period, rr.filters)
        .select_related("procedure", "competent_agency")
        .order_by("-received_at", "-pk")
    )
    if enabled() and indicator != "overdue":
        # The figure the leader clicked is the list's length: no second count of millions.
        known = getattr(summary_counts(rr.scope, rr.period, rr.filters), indicator)
        paginator = CountedPaginator(dossiers, PAGE_SIZE, count=known)
    else:
        paginator = Paginator(dossiers, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "reports/dossiers.html",
        {
            "form": form,
            "rr": rr,
            "page": page,
            "indicator": indicator,
            "indicator_label": INDICATOR_LABELS[indicator],
            "qs": rr.querystring(**{"chi-so": indicator}),
            "labels": filter_labels(rr),
        },
    )


@login_required
@require_GET
def overdue_list(request):
    form, rr = _request_for(request)
    now = timezone.now()
    dossiers = (
        overdue_now(rr.scope, rr.filters, now=now)
        .select_related("procedure", "competent_agency")
        .order_by("due_at", "pk")
    )
    page = Paginator(dossiers, PAGE_SIZE).get_page(request.GET.get("page"))
    from motcua.desk.urgency import UrgencyScale

    scale = UrgencyScale(now)
    rows = [(d, -scale.working_days_left(timezone.localdate(d.due_at))) for d in page.object_list]
    return render(
        request,
        "reports/overdue.html",
        {
            "form": form,
            "rr": rr,
            "page": page,
            "rows": rows,
            "qs": rr.querystring(),
            "labels": filter_labels(rr),
        },
    )


def _export_request(request):
    """The report an export asks for, or a 400 saying why not: a file has no form to show
    its errors, and a default report under a file name the user chose would mislead."""
    form, rr = _request_for(request)
    if request.GET and not form.is_valid():
        reasons = [str(m) for errors in form.errors.values() for m in errors]
        message = _("Không tạo được báo cáo: {reasons}").format(reasons=" ".join(reasons))
        return None, HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    return rr, None


def _export_title(rr) -> str:
    return _("Báo cáo tình hình giải quyết thủ tục hành chính kỳ {period}").format(
        period=rr.period.label
    )


def _export(request, extension: str, content_type: str, render) -> HttpResponse:
    """One export: the filters checked (400 with the reasons), the report built, ``render``
    making the file's bytes, the file named after the period as typed."""
    rr, refusal = _export_request(request)
    if refusal:
        return refusal
    report = build_report(rr.scope, rr.period, rr.filters, today_units=rr.today_units)
    response = HttpResponse(render(rr, report), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{_slug(rr.period)}.{extension}"'
    return response


@login_required
@require_GET
def export_xlsx(request):
    return _export(
        request, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        lambda rr, report: to_xlsx(report, _export_title(rr), filter_labels(rr)),
    )


@login_required
@require_GET
def export_pdf(request):
    agency = _heading_agency(request.user)
    return _export(
        request, "pdf", "application/pdf",
        lambda rr, report: to_pdf(report, _export_title(rr), filter_labels(rr), agency_name=agency),
    )


@login_required
@require_GET
def export_csv(request):
    """The whole report as one CSV for Excel (the API's CSV is one table, for programs)."""
    return _export(
        request, "csv", "text/csv; charset=utf-8",
        lambda rr, report: to_csv(report, _export_title(rr), filter_labels(rr)),
    )


def _slug(period: Period) -> str:
    """``2017``, ``2017-q2``, ``2017-03`` (as typed in the filter) or ``20170101-20170415``."""
    label = period.label
    if label.isdigit():
        return label
    if label.startswith("Q"):
        return f"{period.start.year}-q{label[1]}"
    if period == Period.month(period.start.year, period.start.month):
        return f"{period.start:%Y-%m}"
    return f"{period.start:%Y%m%d}-{period.end:%Y%m%d}"


def _heading_agency(user) -> str:
    """The agency named in the PDF's national heading: the user's first valid post."""
    from motcua.units.models import Membership

    membership = (
        Membership.objects.valid_on(timezone.localdate())
        .filter(user_id=user.pk)
        .select_related("agency")
        .order_by("pk")
        .first()
    )
    return membership.agency.name if membership else ""


@require_GET
def public_statistics(request):
    """Counts only (by unit, field and month), on-time and online shares: no personal data."""
    period = parse_period(request.GET.get("ky", "")) or Period.year(timezone.localdate().year)
    scope = Scope(None)
    if enabled():
        figures = summary_counts(scope, period)
        units = by_unit(scope, period, per_agency=summary_by_agency(scope, period))
        months = summary_monthly(scope, period)
    else:
        figures = counts(scope, period)
        units = by_unit(scope, period)
        months = monthly(scope, period)
    fields = by_field(scope, period)
    trend = charts.columns(
        [(f"{m['month']:%m/%y}", m["received"], m["late"]) for m in months],
        title=_("Hồ sơ tiếp nhận theo tháng, kỳ {period}").format(period=period.label),
        description=_(
            "Cột xanh: hồ sơ tiếp nhận; phần đỏ: hồ sơ giải quyết quá hạn. Số liệu ở bảng bên dưới."
        ),
        series=(_("Tiếp nhận"), _("Quá hạn")),
    )
    return render(
        request,
        "reports/public.html",
        {
            "period": period,
            "counts": figures,
            "fields": list(fields),
            "units": units,
            "months": months,
            "trend_chart": trend,
            "ky": request.GET.get("ky", ""),
        },
    )


@login_required
def year_report(request, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Không có báo cáo cho năm {year}.").format(year=year))
    period = Period.year(year)
    seen = _official_visibility(request)
    scope = Scope.of_visibility(seen)
    return render(
        request,
        "reports/year.html",
        {
            "year": year,
            "summary": dossier_summary(scope, period),
            "offer": online_procedures(scope, period),
            "per_procedure": dossiers_per_procedure(scope, period),
        },
    )
