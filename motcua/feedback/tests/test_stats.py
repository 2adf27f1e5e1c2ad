"""Report figures on small hand-computed fixtures (formulas in docs/feedback.md)."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier
from motcua.feedback import handling
from motcua.feedback.models import Feedback, Rating
from motcua.feedback.stats import answered_on_time, satisfaction

from .conftest import local

NAMES = ("access", "procedure", "officials", "result", "handling")


@pytest.fixture
def rated(online_dossier, procedure_a, procedure_b, citizen):
    """Three rated dossiers of ward A, one unrated, one rated in ward B."""
    rows = [(5, 4, 3, 2, 1), (4, 4, 4, 4, 4), (1, 5, 2, 5, 3)]
    dossiers = []
    for scores in rows:
        dossier = online_dossier(procedure_a)
        Rating.objects.create(dossier=dossier, rated_by=citizen, **dict(zip(NAMES, scores, strict=True)))
        dossiers.append(dossier)
    online_dossier(procedure_a)  # not rated: does not count
    other = online_dossier(procedure_b)
    Rating.objects.create(dossier=other, rated_by=citizen, **dict.fromkeys(NAMES, 1))
    return Dossier.objects.filter(procedure=procedure_a)


def test_satisfaction_per_dimension_and_overall(rated):
    figures = satisfaction(rated)
    assert figures["ratings"] == 3
    dims = figures["dimensions"]
    # access 5,4,1: two of three satisfied (≥ 4), average 10/3.
    assert dims["access"]["satisfied"] == 2
    assert dims["access"]["satisfied_share"] == pytest.approx(2 / 3)
    assert dims["access"]["average"] == pytest.approx(10 / 3)
    assert dims["procedure"]["satisfied_share"] == pytest.approx(1.0)
    assert dims["procedure"]["average"] == pytest.approx(13 / 3)
    assert dims["officials"]["satisfied_share"] == pytest.approx(1 / 3)
    assert dims["officials"]["average"] == pytest.approx(3.0)
    assert dims["result"]["satisfied_share"] == pytest.approx(2 / 3)
    assert dims["handling"]["average"] == pytest.approx(8 / 3)
    # Overall: 9 satisfied scores out of 15; all scores sum to 51.
    assert figures["satisfied_share"] == pytest.approx(9 / 15)
    assert figures["average"] == pytest.approx(51 / 15)
    assert dims["access"]["label"] == "Tiếp cận dịch vụ"


def test_satisfaction_of_nothing_has_no_shares(db):
    figures = satisfaction(Dossier.objects.none())
    assert figures["ratings"] == 0
    assert figures["satisfied_share"] is None and figures["average"] is None
    assert figures["dimensions"]["result"]["satisfied_share"] is None


def test_satisfaction_is_one_query(rated, django_assert_num_queries):
    with django_assert_num_queries(1):
        satisfaction(rated)


def test_answered_on_time_counts_late_open_feedback_against_the_share(frozen, make_feedback, procedure_a, desk_a):
    # Received Tue 10 Mar 2026 09:00: due Tue 24 Mar 17:00.
    on_time_1, late, on_time_2, open_overdue = (make_feedback(procedure_a) for _ in range(4))
    frozen.set(local(2026, 3, 20, 10, 0))
    for feedback in (on_time_1, on_time_2):
        handling.answer(feedback, text="Đã trả lời", by=desk_a, expected_version=feedback.version)
    not_due = make_feedback(procedure_a)  # due in April
    frozen.set(local(2026, 3, 26, 10, 0))
    handling.answer(late, text="Trả lời muộn", by=desk_a, expected_version=late.version)

    figures = answered_on_time(Feedback.objects.all())
    assert figures == {
        "received": 5,
        "answered": 3,
        "answered_on_time": 2,
        "answered_late": 1,
        "open": 2,
        "open_overdue": 1,
        "on_time_share": pytest.approx(2 / 4),
        "on_time_share_of_answered": pytest.approx(2 / 3),
    }
    assert not_due.due_at > local(2026, 3, 26, 10, 0) > open_overdue.due_at


def test_answered_on_time_of_nothing(db):
    figures = answered_on_time(Feedback.objects.none())
    assert figures["received"] == 0 and figures["on_time_share"] is None
