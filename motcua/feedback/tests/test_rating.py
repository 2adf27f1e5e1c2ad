"""Rating a dossier: who, when, what is accepted, and that it happens once."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from motcua import feedback as feedback_app
from motcua.dossiers import workflow
from motcua.feedback.models import Rating
from motcua.feedback.ratings import AlreadyRated, NotRateableYet, RatingError, rate

GOOD = {"access": "5", "procedure": "4", "officials": "3", "result": "5", "handling": "2"}


def url(dossier):
    return reverse("feedback:rate", args=[dossier.pk])


@pytest.fixture
def resolved(resolved_dossier):
    return resolved_dossier()


def test_owner_rates_a_dossier_with_its_result_and_sees_the_scores(client, citizen, resolved):
    client.force_login(citizen)
    page = client.get(url(resolved))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<fieldset" in html and "<legend>1. Tiếp cận dịch vụ</legend>" in html
    assert "Rất không hài lòng" in html and "Rất hài lòng" in html

    response = client.post(url(resolved), {**GOOD, "comment": "Cán bộ hướng dẫn tận tình."})
    assert response.status_code == 302
    rating = Rating.objects.get(dossier=resolved)
    assert (rating.access, rating.procedure, rating.officials, rating.result, rating.handling) == (
        5, 4, 3, 5, 2,
    )
    assert rating.rated_by == citizen
    shown = client.get(url(resolved)).content.decode()
    assert "Cán bộ hướng dẫn tận tình." in shown
    assert "Mỗi hồ sơ được đánh giá một lần" in shown


@pytest.mark.parametrize("bad", ["6", "0", "-1", "abc", "4.5", ""])
def test_score_out_of_range_is_refused_with_a_message_and_nothing_saved(client, citizen, resolved, bad):
    client.force_login(citizen)
    response = client.post(url(resolved), {**GOOD, "officials": bad})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mức độ hài lòng phải là một số từ 1 đến 5." in html or "Hãy chọn một mức độ hài lòng" in html
    assert not Rating.objects.exists()


def test_missing_dimension_is_named_and_nothing_saved(client, citizen, resolved):
    client.force_login(citizen)
    data = dict(GOOD)
    del data["handling"]
    response = client.post(url(resolved), data)
    assert response.status_code == 400
    assert "Hãy chọn một mức độ hài lòng cho tiêu chí này." in response.content.decode()
    assert not Rating.objects.exists()


def test_rating_twice_gets_a_clear_message_and_keeps_the_first(client, citizen, resolved):
    client.force_login(citizen)
    client.post(url(resolved), GOOD)
    again = client.post(url(resolved), {**GOOD, "access": "1"})
    assert again.status_code == 409
    assert "Mỗi hồ sơ chỉ được đánh giá một lần." in again.content.decode()
    assert Rating.objects.get().access == 5
    with pytest.raises(AlreadyRated):
        rate(resolved, by=citizen, scores=GOOD)


def test_dossier_still_in_processing_cannot_be_rated_yet(client, citizen, accepted_dossier, procedure_a, desk_a):
    dossier = accepted_dossier(procedure_a, desk_a)
    client.force_login(citizen)
    page = client.get(url(dossier))
    assert page.status_code == 200
    assert "chưa thể đánh giá" in page.content.decode()
    assert "<fieldset" not in page.content.decode()
    assert client.post(url(dossier), GOOD).status_code == 409
    assert not Rating.objects.exists()


def test_refused_dossier_can_be_rated_but_withdrawn_cannot(
    citizen, online_dossier, accepted_dossier, procedure_a, desk_a
):
    refused = online_dossier(procedure_a)
    workflow.refuse(refused, by=desk_a, expected_version=refused.version, reason="Hồ sơ không thuộc thẩm quyền.")
    assert feedback_app.can_rate(refused, citizen)
    withdrawn = accepted_dossier(procedure_a, desk_a)
    workflow.withdraw(withdrawn, by=citizen, expected_version=withdrawn.version, reason="Không cần nữa")
    assert not feedback_app.can_rate(withdrawn, citizen)
    with pytest.raises(NotRateableYet):
        rate(withdrawn, by=citizen, scores=GOOD)


def test_helpers_for_the_account_page(citizen, other_citizen, desk_a, resolved):
    assert feedback_app.can_rate(resolved, citizen)
    assert not feedback_app.can_rate(resolved, other_citizen)
    assert not feedback_app.can_rate(resolved, desk_a)
    assert feedback_app.rating_for(resolved) is None
    rate(resolved, by=citizen, scores=GOOD)
    resolved.refresh_from_db()
    assert feedback_app.rating_for(resolved).access == 5
    assert not feedback_app.can_rate(resolved, citizen)


def test_only_the_applicant_can_rate_through_the_service(other_citizen, resolved):
    with pytest.raises(RatingError):
        rate(resolved, by=other_citizen, scores=GOOD)
    assert not Rating.objects.exists()


def test_database_refuses_a_score_outside_one_to_five(citizen, resolved):
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(dossier=resolved, rated_by=citizen, **{**GOOD, "result": 6})


def test_anonymous_is_sent_to_login(client, resolved):
    for method in (client.get, client.post):
        response = method(url(resolved), GOOD) if method == client.post else method(url(resolved))
        assert response.status_code == 302
        assert "/accounts/" in response["Location"]
    assert not Rating.objects.exists()


@pytest.mark.parametrize("who", ["other_citizen", "desk_a", "leader_a"])
def test_other_citizen_and_officials_get_404(client, request, resolved, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(url(resolved)).status_code == 404
    assert client.post(url(resolved), GOOD).status_code == 404
    assert not Rating.objects.exists()


def test_unknown_dossier_is_404(client, citizen):
    client.force_login(citizen)
    assert client.get(reverse("feedback:rate", args=[999999])).status_code == 404
