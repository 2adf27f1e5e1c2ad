"""Adapters to the apps that feed some indicators: ratings, payments, electronic results,
apology letters, desk scans.

Those apps are built alongside reports and may not exist yet (or not have their models or
helpers yet). Each adapter imports lazily and answers ``None`` — "not available", shown as
"—" with a note — instead of failing, so a report never breaks because an optional source is
missing. Every adapter receives the report's ``indicators.Cohort`` (scope, period, filters)
and aggregates in the database, driven from the source's own table (payments, results,
scans, ratings): those tables are small even when dossiers are counted in millions.
"""

from __future__ import annotations

import importlib
import logging

from django.apps import apps
from django.db.models import QuerySet

from motcua.dossiers.models import Channel, Dossier

logger = logging.getLogger(__name__)


def _model(app_label: str, name: str):
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _function(module: str, name: str):
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _relation_to_dossier(model) -> str | None:
    """The name of ``model``'s foreign key (or one-to-one) to ``dossiers.Dossier``, if any."""
    for field in model._meta.get_fields():
        if not (field.concrete and field.is_relation and (field.many_to_one or field.one_to_one)):
            continue
        if (
            field.related_model is not None
            and field.related_model._meta.label == "dossiers.Dossier"
        ):
            return field.name
    return None


def late_counts(late_dossiers: QuerySet) -> dict | None:
    """``{"with_apology": n, "without_apology": m}`` of late dossiers (``dossiers.lateness``)."""
    helper = _function("motcua.dossiers.lateness", "late_counts")
    if helper is None:
        return None
    result = helper(late_dossiers)
    return {
        "with_apology": int(result.get("late_with_apology", 0)),
        "without_apology": int(result.get("late_without_apology", 0)),
    }


def paid_online(cohort, *, paying: int | None = None) -> dict | None:
    """``{"paying": n, "online": m}``: dossiers whose procedure charges a fee, and those of
    them paid through the online payment gateway (``payments.Payment`` with status paid).

    Every ``Payment`` row is an online payment (cash at the desk is not recorded there).
    ``paying`` comes from the summary rows when the report reads them. The payments drive
    the query (the cohort is a condition on their dossier): few dossiers are paid online
    even among millions.
    """
    payment = _model("payments", "Payment")
    if payment is None or _relation_to_dossier(payment) is None:
        return None
    link = _relation_to_dossier(payment)
    if paying is None:
        paying = (
            cohort.dossiers().filter(procedure__fees__amount__gt=0).values("pk").distinct().count()
        )
    online = (
        payment.objects.filter(cohort.q(f"{link}__"), status="paid").values(link).distinct().count()
    )
    return {"paying": max(paying, online), "online": online}


def electronic_results(cohort) -> int | None:
    """Dossiers with at least one electronic result issued and not revoked, or None."""
    result = _model("results", "ElectronicResult")
    if result is None or _relation_to_dossier(result) is None:
        return None
    link = _relation_to_dossier(result)
    issued = result.objects.filter(cohort.q(f"{link}__"))
    if "revoked_at" in {f.name for f in result._meta.get_fields()}:
        issued = issued.filter(revoked_at__isnull=True)
    return issued.values(link).distinct().count()


def scanned_dossiers(cohort) -> int | None:
    """Desk dossiers (not online) whose paper documents were scanned (``desk.ScannedFile``)."""
    scanned = _model("desk", "ScannedFile")
    if scanned is None:
        return None
    path = "intake__dossier"
    return (
        scanned.objects.filter(cohort.q(f"{path}__"))
        .exclude(**{f"{path}__channel": Channel.ONLINE})
        .values(path)
        .distinct()
        .count()
    )


def satisfaction(cohort) -> list | None:
    """``[{"dimension", "label", "percent", "answers"}]`` from ``feedback.stats.satisfaction``
    (share of scores ≥ 4 per dimension), or None when there is no source or no rating.

    The helper is given the cohort's rated dossiers, found from the ratings' side."""
    helper = _function("motcua.feedback.stats", "satisfaction")
    if helper is None:
        return None
    rating = _model("feedback", "Rating")
    link = None if rating is None else _relation_to_dossier(rating)
    if link is None:
        dossiers = cohort.dossiers()
    else:
        rated = rating.objects.filter(cohort.q(f"{link}__")).values(f"{link}_id")
        dossiers = Dossier.objects.filter(pk__in=rated)
    raw = helper(dossiers)
    if not raw or not raw.get("ratings"):
        return None
    return [
        {
            "dimension": name,
            "label": str(value.get("label", name)),
            "percent": None
            if value.get("satisfied_share") is None
            else 100 * value["satisfied_share"],
            "answers": raw["ratings"],
        }
        for name, value in raw.get("dimensions", {}).items()
    ]


def feedback_on_time(agency_ids, start, end) -> dict | None:
    """``{"answered", "on_time", "percent"}`` of feedback received in [start, end) by the
    agencies (``None`` = all), from ``feedback.stats.answered_on_time``; open feedback
    already past its due date counts against the share."""
    helper = _function("motcua.feedback.stats", "answered_on_time")
    feedback = _model("feedback", "Feedback")
    if helper is None or feedback is None:
        return None
    rows = feedback.objects.filter(received_at__gte=start, received_at__lt=end)
    if agency_ids is not None:
        rows = rows.filter(agency_id__in=agency_ids)
    raw = helper(rows)
    share = raw.get("on_time_share")
    return {
        "answered": raw.get("answered", 0),
        "on_time": raw.get("answered_on_time", 0),
        "percent": None if share is None else 100 * share,
    }
