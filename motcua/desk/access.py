"""Who may use the desk screens, and which dossiers they reach.

The rule is ``units.scoping.visibility``: an official sees a dossier whose receiving *or*
competent agency is in scope (since 2025 a desk receives for other communes). Anything else
answers 404, so a forged id tells nothing about other units' dossiers.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.shortcuts import render

from motcua.dossiers.models import Dossier
from motcua.units.scoping import Visibility, request_visibility


def visible_dossiers(seen: Visibility, queryset: QuerySet | None = None) -> QuerySet:
    """The dossiers of ``queryset`` (all by default) an official with ``seen`` may open."""
    queryset = Dossier.objects.all() if queryset is None else queryset
    if seen.everything:
        return queryset
    return seen.filter_agencies(queryset, path="receiving_agency") | seen.filter_agencies(
        queryset, path="competent_agency"
    )


def official_required(view):
    """Anonymous → login page; citizens and officials without a unit → 403.

    The view gets ``request.visibility`` so it does not compute it twice (and the header's
    menu reads it too). It comes from ``units.scoping.request_visibility``: the user's posts
    read on every request, their expansion into units and agencies kept for a few minutes.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        seen = request_visibility(request.user)
        if seen.nothing:
            # Our own page: the project has no Vietnamese 403 template yet.
            return render(request, "desk/forbidden.html", status=403)
        request.visibility = seen
        return view(request, *args, **kwargs)

    return wrapped
