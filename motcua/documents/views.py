"""Downloads of official documents: officials only, within their units (desk.access rules).

A dossier or agency outside the official's scope answers 404, like every other desk screen;
each download of a dossier's document is an official read and goes to its audit trail. A slip
whose act has not happened (a receipt before acceptance, a refusal of a dossier never refused)
answers 404 with the reason in Vietnamese (``documents.issued``).
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from motcua.desk.access import official_required, visible_dossiers
from motcua.dossiers import audit
from motcua.units.models import Agency

from . import render as documents
from .context import reference_date
from .issued import is_issued, not_issued_message
from .templates_registry import DOSSIER_KINDS, UnknownForm, form_for

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_REGISTER_DAYS = 366  # one year per file keeps a render within a request's time


class BadPeriod(ValueError):
    pass


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bad_request(request, message: str) -> HttpResponse:
    return render(request, "documents/bad_request.html", {"message": message}, status=400)


@official_required
def dossier_document(request, pk: int, kind: str):
    if kind not in DOSSIER_KINDS:
        raise Http404
    dossier = get_object_or_404(
        visible_dossiers(request.visibility).select_related(
            "procedure", "receiving_agency__unit", "receiving_agency__parent",
            "competent_agency__unit", "competent_agency__parent", "applicant",
        ),
        pk=pk,
    )
    try:
        form_for(kind, reference_date(dossier))
    except UnknownForm:
        # Checked first: such a slip can never exist for this dossier, whatever happens to it.
        return _bad_request(
            request,
            _("Mẫu văn bản này không có trong bộ biểu mẫu áp dụng cho hồ sơ (theo ngày tiếp nhận)."),
        )
    if not is_issued(dossier, kind):
        # A slip records an act: printing it before the act would state something false.
        return render(
            request, "documents/not_issued.html", {"message": not_issued_message(kind), "dossier": dossier},
            status=404,
        )
    content = documents.render_pdf(kind, dossier, base_url=request.build_absolute_uri("/"))
    audit.record_read(dossier, request.user, purpose=f"document:{kind}")
    filename = f"{kind}-{dossier.code or dossier.pk}.pdf"
    return _attachment(content, PDF, filename)


def parse_period(query) -> tuple[dt.date, dt.date]:
    """``tu`` and ``den`` as dates (YYYY-MM-DD); ``BadPeriod`` with a Vietnamese message."""
    values = {}
    for name, label in (("tu", _("Từ ngày")), ("den", _("Đến ngày"))):
        raw = (query.get(name) or "").strip()
        if not raw:
            raise BadPeriod(_("Thiếu «%(label)s»: hãy ghi ngày theo dạng NNNN-TT-NN, ví dụ 2026-03-31.") % {"label": label})
        try:
            values[name] = dt.date.fromisoformat(raw)
        except ValueError:
            raise BadPeriod(
                _("«%(label)s» không phải là một ngày hợp lệ: hãy ghi theo dạng NNNN-TT-NN, ví dụ 2026-03-31.")
                % {"label": label}
            ) from None
    if values["tu"] > values["den"]:
        raise BadPeriod(_("«Từ ngày» phải trước hoặc bằng «Đến ngày»."))
    if (values["den"] - values["tu"]).days >= MAX_REGISTER_DAYS:
        raise BadPeriod(_("Mỗi lần chỉ xuất được sổ theo dõi của tối đa một năm."))
    return values["tu"], values["den"]


@official_required
def register_document(request, agency_pk: int, fmt: str):
    agency = get_object_or_404(
        request.visibility.filter_agencies(Agency.objects.select_related("unit", "parent")),
        pk=agency_pk,
    )
    try:
        date_from, date_to = parse_period(request.GET)
    except BadPeriod as error:
        return _bad_request(request, str(error))
    filename = f"so-theo-doi-{agency.code or agency.pk}-{date_from:%Y%m%d}-{date_to:%Y%m%d}"
    if fmt == "xlsx":
        return _attachment(documents.render_register_xlsx(agency, date_from, date_to), XLSX, f"{filename}.xlsx")
    return _attachment(documents.render_register_pdf(agency, date_from, date_to), PDF, f"{filename}.pdf")
