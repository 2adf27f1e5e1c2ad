"""The following API: the public status by code + secret, and the applicant's own dossiers
(list, detail with history, withdraw, supplement) over anonymous / other citizen / owner /
official."""

from __future__ import annotations

import json

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from motcua.dossiers import workflow
from motcua.dossiers.models import Status
from motcua.portal.models import AttachedDocument
from motcua.portal.tests.following_fixtures import *  # noqa: F403
from motcua.portal.tests.following_fixtures import APPLICANT_NAME, IDENTITY_NUMBER, png_file

pytestmark = pytest.mark.django_db

MINE = "/api/v1/my/dossiers/"


def status_url(dossier) -> str:
    return f"/api/v1/dossiers/{dossier.code}/status/"


@pytest.fixture
def api():
    return APIClient()


def test_public_status_answers_without_login_and_without_personal_data(api, received):
    response = api.get(status_url(received), {"secret": received.lookup_secret})
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == received.code
    assert body["status"] == Status.RECEIVED and body["status_label"] == "Đã tiếp nhận"
    assert body["procedure"] == received.procedure.name
    assert body["receiving_agency"] == received.receiving_agency.name
    assert body["due_at"] and body["returned_at"] is None
    text = response.content.decode()
    assert APPLICANT_NAME not in text and IDENTITY_NUMBER not in text
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("wrong", ["code", "secret"])
def test_public_status_is_the_same_404_for_a_wrong_code_or_secret(api, received, wrong):
    code = received.code + ("9" if wrong == "code" else "")
    secret = received.lookup_secret + ("9" if wrong == "secret" else "")
    response = api.get(f"/api/v1/dossiers/{code}/status/", {"secret": secret})
    assert response.status_code == 404
    assert response.json() == {
        "detail": "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Mã tra cứu phân biệt chữ hoa và chữ thường.",
        "code": "not_found",
    }


def test_public_status_without_secret_is_a_bad_request(api, received):
    assert api.get(status_url(received)).status_code == 400


def test_public_status_throttles_wrong_guesses(api, received, settings):
    settings.MOTCUA_LOOKUP_MAX_FAILURES = 2
    for _ in range(2):
        assert api.get(status_url(received), {"secret": "sai"}).status_code == 404
    response = api.get(status_url(received), {"secret": received.lookup_secret})
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_public_status_shares_the_throttle_with_the_lookup_page(api, client, received, settings):
    settings.MOTCUA_LOOKUP_MAX_FAILURES = 2
    client.get("/tra-cuu/", {"ma": received.code, "bi-mat": "sai"})
    api.get(status_url(received), {"secret": "sai"})
    assert api.get(status_url(received), {"secret": received.lookup_secret}).status_code == 429


def test_my_dossiers_need_a_login(api, received):
    for url in (MINE, f"{MINE}{received.pk}/"):
        assert api.get(url).status_code in (401, 403)
    assert api.post(f"{MINE}{received.pk}/withdraw/", {}).status_code in (401, 403)
    assert api.post(f"{MINE}{received.pk}/supplement/", {}).status_code in (401, 403)


def test_my_dossiers_list_only_mine_with_token_auth(api, owner, other_citizen, received, draft_dossier):
    draft = draft_dossier()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    body = api.get(MINE).json()
    assert [row["id"] for row in body["results"]] == [draft.pk, received.pk]
    assert body["results"][0]["code"] is None
    assert [row["id"] for row in api.get(MINE, {"draft": "false"}).json()["results"]] == [received.pk]
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=other_citizen).key}")
    assert api.get(MINE).json()["results"] == []


def test_my_dossiers_list_query_count_does_not_grow(
    api, owner, online_dossier, procedure_a, django_assert_max_num_queries
):
    online_dossier(procedure_a)
    api.force_authenticate(owner)
    with django_assert_max_num_queries(4) as few:
        api.get(MINE)
    for _ in range(10):
        online_dossier(procedure_a)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(api.get(MINE).json()["results"]) == 11


def test_my_dossier_detail_has_history_and_is_404_for_others(api, owner, other_citizen, desk_a, waiting_supplement):
    url = f"{MINE}{waiting_supplement.pk}/"
    for user in (other_citizen, desk_a):
        api.force_authenticate(user)
        assert api.get(url).status_code == 404
    api.force_authenticate(owner)
    body = api.get(url).json()
    assert body["status"] == Status.WAITING_SUPPLEMENT
    assert body["history"][1]["text"].startswith("Bộ phận một cửa đã tiếp nhận hồ sơ.")
    assert body["supplement_request"] == {
        "round": 1, "items": ["Bản sao Giấy chứng sinh", "Giấy xác nhận cư trú"], "reason": "Giấy chứng sinh bị mờ",
    }
    assert set(body["actions"]) == {"resubmit", "withdraw"}
    assert any(doc["url"].endswith("/phieu-yeu-cau-bo-sung.pdf") for doc in body["documents"])


def test_withdraw_through_the_api_and_stale_versions_conflict(api, owner, other_citizen, desk_a, received, specialist_a):
    url = f"{MINE}{received.pk}/withdraw/"
    for user in (other_citizen, desk_a):
        api.force_authenticate(user)
        assert api.post(url, {"reason": "x"}, format="json").status_code == 404
    api.force_authenticate(owner)
    seen = received.version
    workflow.start_step(received, by=specialist_a, expected_version=received.version)
    stale = api.post(url, {"expected_version": seen}, format="json")
    assert stale.status_code == 409
    assert stale.json()["code"] == "stale" and "Đang xử lý" in stale.json()["detail"]
    done = api.post(url, {"expected_version": seen + 1, "reason": "Không cần nữa"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == Status.WITHDRAWN
    again = api.post(url, {}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "not_allowed"


def test_supplement_through_the_api_is_multipart_atomic_and_idempotent(api, owner, other_citizen, desk_a, waiting_supplement):
    url = f"{MINE}{waiting_supplement.pk}/supplement/"
    version = waiting_supplement.version
    for user in (other_citizen, desk_a):
        api.force_authenticate(user)
        assert api.post(url, {"expected_version": version, "item_0": png_file(seed=8)}, format="multipart").status_code == 404
    api.force_authenticate(owner)
    bad = api.post(url, {"expected_version": version, "item_9": png_file(seed=8)}, format="multipart")
    assert bad.status_code == 400
    done = api.post(url, {"expected_version": version, "item_0": png_file(seed=8), "note": "Bản rõ"}, format="multipart")
    assert done.status_code == 200
    assert done.json()["status"] == Status.IN_PROCESSING
    again = api.post(url, {"expected_version": version, "item_0": png_file(seed=8)}, format="multipart")
    assert again.status_code == 200
    assert AttachedDocument.objects.filter(application__dossier=waiting_supplement).count() == 1


def test_the_schema_documents_the_following_endpoints_without_warnings(client):
    GENERATOR_STATS.reset()
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    problems = sorted([*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache])
    assert [p for p in problems if "lookup_api" in str(p) or "dossiers" in str(p)] == []
    paths = json.loads(response.content)["paths"]
    status = paths["/api/v1/dossiers/{code}/status/"]["get"]
    assert {"200", "400", "404", "429"} <= set(status["responses"])
    assert "security" not in status or status["security"] in ([], [{}])
    supplement = paths["/api/v1/my/dossiers/{id}/supplement/"]["post"]
    assert {"200", "400", "401", "403", "404", "409"} <= set(supplement["responses"])
    assert "multipart/form-data" in supplement["requestBody"]["content"]
