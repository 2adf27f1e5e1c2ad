"""Figures for reports (issue 6): satisfaction of ratings and feedback answered on time.

Both take a queryset (any filter the report applies: unit, field, period) and answer with one
aggregate query. The formulas are in docs/feedback.md; shares are fractions in [0, 1] (None
when there is nothing to divide by), averages are on the 1–5 scale.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from .models import DIMENSIONS, SATISFIED_FROM, Feedback, Rating


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def satisfaction(dossiers: QuerySet) -> dict:
    """Satisfaction of the ratings of ``dossiers`` (a Dossier queryset).

    Per dimension d over the n ratings: satisfied_share_d = #(score_d ≥ 4) / n and
    average_d = Σ score_d / n. Overall, every score of every dimension counts once:
    satisfied_share = Σ_d #(score_d ≥ 4) / (5 n), average = Σ_d Σ score_d / (5 n).
    """
    aggregates = {"n": Count("pk")}
    for name, _label, _help in DIMENSIONS:
        aggregates[f"{name}_avg"] = Avg(name)
        aggregates[f"{name}_ok"] = Count("pk", filter=Q(**{f"{name}__gte": SATISFIED_FROM}))
    row = Rating.objects.filter(dossier__in=dossiers.values("pk")).aggregate(**aggregates)
    n = row["n"]
    dimensions = {}
    satisfied_total = 0
    score_total = 0.0
    for name, label, _help in DIMENSIONS:
        satisfied = row[f"{name}_ok"]
        average = row[f"{name}_avg"]
        satisfied_total += satisfied
        score_total += (average or 0) * n
        dimensions[name] = {
            "label": str(label),
            "satisfied": satisfied,
            "satisfied_share": _share(satisfied, n),
            "average": float(average) if average is not None else None,
        }
    scores = n * len(DIMENSIONS)
    return {
        "ratings": n,
        "dimensions": dimensions,
        "satisfied_share": _share(satisfied_total, scores),
        "average": score_total / scores if scores else None,
    }


def answered_on_time(feedback: QuerySet | None = None, *, at: dt.datetime | None = None) -> dict:
    """Timeliness of the answers to ``feedback`` (a Feedback queryset), as seen at ``at``.

    on_time_share = answered on time / (answered + unanswered past due): feedback still
    open but already late counts against the share, open feedback not yet due does not
    count. on_time_share_of_answered = answered on time / answered.
    """
    feedback = Feedback.objects.all() if feedback is None else feedback
    at = at or timezone.now()
    row = feedback.aggregate(
        received=Count("pk"),
        answered=Count("pk", filter=Q(answered_at__isnull=False)),
        on_time=Count("pk", filter=Q(answered_on_time=True)),
        late=Count("pk", filter=Q(answered_on_time=False)),
        open=Count("pk", filter=Q(answered_at__isnull=True)),
        open_overdue=Count("pk", filter=Q(answered_at__isnull=True, due_at__lt=at)),
    )
    return {
        "received": row["received"],
        "answered": row["answered"],
        "answered_on_time": row["on_time"],
        "answered_late": row["late"],
        "open": row["open"],
        "open_overdue": row["open_overdue"],
        "on_time_share": _share(row["on_time"], row["answered"] + row["open_overdue"]),
        "on_time_share_of_answered": _share(row["on_time"], row["answered"]),
    }
