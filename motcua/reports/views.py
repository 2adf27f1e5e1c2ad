"""Report pages for officials: what they see is cut by ``units.scoping.visibility``."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from motcua.units.scoping import visibility

from .indicators import Period, Scope, dossier_summary, dossiers_per_procedure, online_procedures

# Years the pages accept: before 2000 there was no one-stop system to report on.
FIRST_YEAR, LAST_YEAR = 2000, 2200


@login_required
def year_report(request, year: int):
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404(_("Không có báo cáo cho năm {year}.").format(year=year))
    period = Period.year(year)
    seen = visibility(request.user)
    if seen.nothing:
        raise PermissionDenied(_("Chỉ cán bộ, công chức mới xem được báo cáo."))
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
