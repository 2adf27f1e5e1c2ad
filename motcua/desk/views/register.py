"""The way to the dossier register (sổ theo dõi hồ sơ, Mẫu 06/07): pick a desk and a period.

The register itself is served by the documents app for one agency id; officials do not know
those ids, so this page offers the receiving desks in their scope by name and sends the choice
on to the PDF or Excel address. Nothing outside the scope is offered, and an agency id that was
not offered (forged or outside the scope) answers 404, like every other desk screen.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from motcua.desk.access import official_required
from motcua.documents.views import BadPeriod, parse_period
from motcua.dossiers.models import Dossier
from motcua.units.models import Agency, AgencyKind, Membership, Role
from motcua.units.scoping import Visibility

FORMATS = ("pdf", "xlsx")
# Agencies whose business is receiving dossiers; any other agency in scope is offered once it
# has received one (an online dossier is received by the competent People's Committee).
DESK_KINDS = (AgencyKind.ONE_STOP_DESK, AgencyKind.SERVICE_CENTRE)


def register_agencies(seen: Visibility):
    """The receiving desks in scope: one-stop desks and centres, and any agency that received."""
    received = Dossier.objects.filter(receiving_agency=OuterRef("pk"), received_at__isnull=False)
    return (
        seen.filter_agencies(Agency.objects.all())
        .filter(Q(kind__in=DESK_KINDS) | Exists(received))
        .only("id", "name")
        .order_by("name", "pk")
    )


def this_month(today: dt.date) -> tuple[dt.date, dt.date]:
    first = today.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


def _own_desk(user, agencies: list[Agency]) -> int | None:
    """The agency of the official's desk post, when it is offered: the usual choice."""
    offered = {agency.pk for agency in agencies}
    posts = (
        Membership.objects.valid_on(timezone.localdate())
        .filter(user_id=user.pk, agency_id__in=offered)
        .order_by("id")
        .values_list("agency_id", "role")
    )
    ordered = sorted(posts, key=lambda post: post[1] != Role.DESK_OFFICER)
    return ordered[0][0] if ordered else None


def _chosen_agency(raw: str, agencies: list[Agency]) -> Agency:
    by_id = {str(agency.pk): agency for agency in agencies}
    if raw not in by_id:
        raise Http404  # forged, outside the scope, or not a receiving desk
    return by_id[raw]


@official_required
def register(request):
    agencies = list(register_agencies(request.visibility))
    start, end = this_month(timezone.localdate())
    fmt = request.GET.get("dinh-dang")
    context = {
        "agencies": agencies,
        "chosen": request.GET.get("co-quan") or str(_own_desk(request.user, agencies) or ""),
        "date_from": request.GET.get("tu", start.isoformat()),
        "date_to": request.GET.get("den", end.isoformat()),
        "error": "",
    }
    if fmt is None:
        return render(request, "desk/register.html", context)
    if fmt not in FORMATS:
        raise Http404
    agency = _chosen_agency(request.GET.get("co-quan", ""), agencies)
    try:
        date_from, date_to = parse_period(request.GET)
    except BadPeriod as error:
        context["error"] = str(error)
        return render(request, "desk/register.html", context, status=400)
    url = reverse("documents:register", kwargs={"agency_pk": agency.pk, "fmt": fmt})
    return redirect(f"{url}?{urlencode({'tu': date_from.isoformat(), 'den': date_to.isoformat()})}")

