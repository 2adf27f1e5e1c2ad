"""The calendar's revision counter: one row per change of the entries.

Kept apart from ``services`` so that the data migration can bump it with historical models.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max

_ATTEMPTS = 5


def latest_revision_number(revision_model) -> int:
    return revision_model.objects.aggregate(number=Max("number"))["number"] or 0


def record_revision(revision_model, summary: str, *, by=None):
    """Create the next revision. Two writers racing for the same number: the loser retries."""
    for attempt in range(_ATTEMPTS):
        number = latest_revision_number(revision_model) + 1
        try:
            with transaction.atomic():
                return revision_model.objects.create(number=number, summary=summary[:500], by=by)
        except IntegrityError:
            if attempt == _ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")  # pragma: no cover
