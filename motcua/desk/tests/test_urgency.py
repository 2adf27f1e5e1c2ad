"""Urgency counts working days of the official calendar, not calendar days."""

from __future__ import annotations

import pytest

from motcua.desk.urgency import UrgencyScale

from .conftest import local


@pytest.mark.django_db
def test_dossier_due_monday_is_due_soon_on_the_friday_before():
    scale = UrgencyScale(now=local(2026, 3, 13, 10, 0))  # Friday
    assert scale.of(local(2026, 3, 16, 17, 0)).css == "due-soon"  # Monday: next working day


@pytest.mark.django_db
def test_dossier_due_tuesday_is_still_on_time_on_the_friday_before():
    scale = UrgencyScale(now=local(2026, 3, 13, 10, 0))
    urgency = scale.of(local(2026, 3, 17, 17, 0))
    assert (urgency.css, urgency.label) == ("on-time", "Trong hạn")


@pytest.mark.django_db
def test_tet_holidays_do_not_count_as_days_left():
    # Tết 2026: 14–22 February are days off; on Fri 13 Feb a dossier due Mon 23 Feb has
    # one working day left, so it is due soon although ten calendar days remain.
    scale = UrgencyScale(now=local(2026, 2, 13, 10, 0))
    assert scale.of(local(2026, 2, 23, 17, 0)).css == "due-soon"


@pytest.mark.django_db
def test_past_due_date_is_late_and_no_due_date_has_no_urgency():
    scale = UrgencyScale(now=local(2026, 3, 10, 9, 0))
    assert scale.of(local(2026, 3, 10, 8, 59)).label == "Quá hạn"
    assert scale.of(None) is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "resolved_at", "expected"),
    [
        # The clock runs: the urgency of the due date (Tue 10 March 17:00, now 18:00).
        ("received", None, ("late", "Quá hạn")),
        ("in_processing", None, ("late", "Quá hạn")),
        # The clock is stopped or never started: no badge, the status says why.
        ("submitted", None, None),
        ("waiting_supplement", None, None),
        ("suspended", None, None),
        ("refused", None, None),
        # Resolved: whether it was in time, however long ago.
        ("resolved", local(2026, 3, 10, 16, 0), ("resolved-on-time", "Giải quyết đúng hạn")),
        ("result_returned", local(2026, 3, 10, 16, 0), ("resolved-on-time", "Giải quyết đúng hạn")),
        ("closed", local(2026, 3, 11, 9, 0), ("resolved-late", "Giải quyết quá hạn")),
    ],
)
def test_row_badge_follows_the_legal_clock_then_the_outcome(status, resolved_at, expected):
    from types import SimpleNamespace

    scale = UrgencyScale(now=local(2026, 3, 10, 18, 0))
    dossier = SimpleNamespace(status=status, due_at=local(2026, 3, 10, 17, 0), resolved_at=resolved_at)

    urgency = scale.of_dossier(dossier)

    assert (urgency and (urgency.css, urgency.label)) == expected
