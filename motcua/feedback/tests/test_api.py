"""API: the applicant's rating of a dossier, and feedback sent and followed by number + secret."""

from __future__ import annotations

import json

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from motcua.feedback.models import Feedback, Rating

SCORES = {"access": 5, "procedure": 4, "officials": 4, "result": 3, "handling": 5}


def rating_url(dossier) -> str:
    return f"/api/v1/dossiers/{dossier.pk}/rating/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def resolved(resolved_dossier):
    return resolved_dossier()


def test_owner_rates_through_the_api_and_reads_it_back(api, citizen, resolved):
    api.force_authenticate(citizen)
    before = api.get(rating_url(resolved))
    assert before.status_code == 200
    assert before.json() == {"dossier": resolved.pk, "can_rate": True}
    created = api.post(rating_url(resolved), {**SCORES, "comment": "Tốt"}, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["result"] == 3
    after = api.get(rating_url(resolved)).json()
    assert after["can_rate"] is False and after["rating"]["comment"] == "Tốt"


def test_api_rating_twice_is_a_conflict_with_a_message(api, citizen, resolved):
    api.force_authenticate(citizen)
    api.post(rating_url(resolved), SCORES, format="json")
    again = api.post(rating_url(resolved), SCORES, format="json")
    assert again.status_code == 409
    assert again.json()["code"] == "already_rated"
    assert "một lần" in again.json()["detail"]
    assert Rating.objects.count() == 1


@pytest.mark.parametrize(
    "bad", [{**SCORES, "access": 6}, {**SCORES, "access": 0}, {**SCORES, "access": "x"},
            {k: v for k, v in SCORES.items() if k != "result"}, {**SCORES, "handling": None}]
)
def test_api_refuses_bad_scores_with_400(api, citizen, resolved, bad):
    api.force_authenticate(citizen)
    response = api.post(rating_url(resolved), bad, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert not Rating.objects.exists()


def test_api_rating_before_the_result_is_a_conflict(api, citizen, accepted_dossier, procedure_a, desk_a):
    dossier = accepted_dossier(procedure_a, desk_a)
    api.force_authenticate(citizen)
    response = api.post(rating_url(dossier), SCORES, format="json")
    assert response.status_code == 409
    assert response.json()["code"] == "not_rateable"


def test_api_rating_anonymous_is_refused(api, resolved):
    assert api.get(rating_url(resolved)).status_code in (401, 403)
    assert api.post(rating_url(resolved), SCORES, format="json").status_code in (401, 403)
    assert not Rating.objects.exists()


@pytest.mark.parametrize("who", ["other_citizen", "desk_a", "leader_a"])
def test_api_rating_of_someone_elses_dossier_is_404(api, request, resolved, who):
    api.force_authenticate(request.getfixturevalue(who))
    assert api.get(rating_url(resolved)).status_code == 404
    assert api.post(rating_url(resolved), SCORES, format="json").status_code == 404
    assert not Rating.objects.exists()


def feedback_body(of, **overrides):
    body = {
        "procedure": of.code,
        "content": "Niêm yết thủ tục tại bộ phận một cửa chưa cập nhật mức lệ phí.",
        "sender_name": "Lê Thị Hoa",
        "sender_email": "hoa@example.vn",
    }
    body.update(overrides)
    return body


def test_send_feedback_through_the_api_and_follow_it(api, frozen, procedure_a):
    response = api.post("/api/v1/feedback/", feedback_body(procedure_a), format="json")
    assert response.status_code == 201, response.content
    receipt = response.json()
    assert receipt["number"].startswith("PAKN-260310-")
    feedback = Feedback.objects.get(number=receipt["number"])
    assert feedback.agency == procedure_a.agencies.first()
    status = api.get(f"/api/v1/feedback/{receipt['number']}/", {"secret": receipt["secret"]})
    assert status.status_code == 200
    body = status.json()
    assert body["state"] == "received" and body["answer"] == ""
    # Nothing about the sender comes back from a lookup.
    assert "Lê Thị Hoa" not in json.dumps(body) and "hoa@example.vn" not in json.dumps(body)


def test_feedback_lookup_with_a_wrong_secret_or_number_is_404(api, make_feedback, procedure_a):
    feedback = make_feedback(procedure_a)
    assert api.get(f"/api/v1/feedback/{feedback.number}/", {"secret": "sai"}).status_code == 404
    assert api.get(f"/api/v1/feedback/{feedback.number}/").status_code == 404
    assert api.get("/api/v1/feedback/PAKN-000000-0000/", {"secret": feedback.secret}).status_code == 404


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"procedure": "không-có"}, "procedure"),
        ({"sender_email": ""}, "sender_phone"),
        ({"content": "ngắn"}, "content"),
        ({"sender_phone": "12"}, "sender_phone"),
    ],
)
def test_api_feedback_bad_input_is_400_with_field_errors(api, procedure_a, frozen, overrides, field):
    response = api.post("/api/v1/feedback/", feedback_body(procedure_a, **overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Feedback.objects.exists()


@override_settings(MOTCUA_FEEDBACK_PER_IP_PER_HOUR=2)
def test_api_feedback_is_rate_limited_per_address(api, procedure_a, frozen):
    codes = [api.post("/api/v1/feedback/", feedback_body(procedure_a), format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert Feedback.objects.count() == 2
