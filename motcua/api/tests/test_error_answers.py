"""What an integrator sees when a call goes wrong: JSON in the API's error shape, in Vietnamese
by default and in English with ``Accept-Language: en``; the site's HTML pages stay outside /api/."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from motcua.portal.tests.apply_fixtures import *  # noqa: F403 (fixtures)
from motcua.portal.tests.apply_fixtures import user

pytestmark = pytest.mark.django_db
APPLICATIONS = "/api/v1/applications/"


@pytest.fixture
def token_client(citizen):
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=citizen).key}")


def error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return json.loads(response.content)


def post_json(client, url, body, **headers):
    return client.post(url, body, content_type="application/json", headers=headers)


# --- Built-in DRF and Django messages are in Vietnamese -------------------------------------


def test_anonymous_call_to_my_dossiers_says_in_vietnamese_to_log_in(client):
    body = error(client.get("/api/v1/my/dossiers/"), 403)
    assert body == {
        "detail": "Bạn chưa đăng nhập: cần đăng nhập hoặc gửi kèm token xác thực.",
        "code": "not_authenticated",
    }


def test_anonymous_call_in_english_keeps_the_english_message(client):
    body = error(client.get("/api/v1/my/dossiers/", headers={"accept-language": "en"}), 403)
    assert body["detail"] == "Authentication credentials were not provided."


def test_an_unknown_token_is_refused_in_vietnamese(client):
    response = client.get("/api/v1/my/dossiers/", headers={"authorization": "Token abc"})
    # 401 or 403 is finding 9's business; this test is about the language.
    assert error(response, response.status_code)["detail"] == "Token không hợp lệ."
    assert response.status_code in (401, 403)


def test_a_bad_integer_is_refused_in_vietnamese(token_client, procedure):
    response = post_json(
        token_client, APPLICATIONS, {"procedure_code": procedure.code, "agency_id": "abc"}
    )
    body = error(response, 400)
    assert body["detail"] == "Dữ liệu gửi lên không hợp lệ."
    assert body["errors"]["agency_id"] == ["Cần một số nguyên hợp lệ."]


def test_a_bad_integer_in_english_keeps_the_english_message(token_client, procedure):
    response = post_json(
        token_client,
        APPLICATIONS,
        {"procedure_code": procedure.code, "agency_id": "abc"},
        accept_language="en",
    )
    assert error(response, 400)["errors"]["agency_id"] == ["A valid integer is required."]


def test_a_list_body_is_refused_in_vietnamese(token_client, procedure):
    body = error(post_json(token_client, APPLICATIONS, [1, 2]), 400)
    assert body["errors"]["non_field_errors"] == [
        "Dữ liệu không hợp lệ: cần một đối tượng JSON (dictionary), nhưng nhận được list."
    ]


def test_a_list_body_in_english_keeps_the_english_message(token_client, procedure):
    body = error(post_json(token_client, APPLICATIONS, [1, 2], accept_language="en"), 400)
    assert body["errors"]["non_field_errors"] == [
        "Invalid data. Expected a dictionary, but got list."
    ]


def test_broken_json_is_refused_in_vietnamese_with_its_position(token_client):
    response = token_client.post(APPLICATIONS, "{", content_type="application/json")
    body = error(response, 400)
    assert body["detail"] == "Nội dung gửi lên không phải JSON hợp lệ (lỗi ở dòng 1, cột 2)."
    assert body["code"] == "parse_error"


def test_an_unknown_unit_id_says_not_found_in_vietnamese(client):
    body = error(client.get("/api/v1/units/999999/"), 404)
    assert "matches the given query" not in body["detail"]
    assert body["detail"].startswith("Không tìm thấy")


def test_a_session_post_without_csrf_token_is_refused_in_vietnamese(citizen, procedure):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(citizen)
    response = post_json(browser, APPLICATIONS, {"procedure_code": procedure.code})
    body = error(response, 403)
    assert "CSRF Failed" not in body["detail"]
    assert "X-CSRFToken" in body["detail"]


def test_a_wrong_method_is_refused_in_vietnamese(client):
    body = error(client.delete("/api/v1/procedures/"), 405)
    assert body["detail"] == 'Không hỗ trợ phương thức "DELETE" ở địa chỉ này.'


# --- Errors Django answers before any API view runs are JSON too ----------------------------


@pytest.mark.parametrize(
    "path",
    ["/api/v1/nonexistent/", "/api/v1/desk/dossiers/abc/", "/api/v1/desk/consultations/abc/"],
)
def test_an_unknown_api_path_answers_json_404(client, path):
    body = error(client.get(path), 404)
    assert body["code"] == "not_found"
    assert body["detail"] == f"Không có địa chỉ {path} trong API; xem tài liệu tại /api/v1/docs/."


def test_an_unknown_site_page_keeps_the_html_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert "Không tìm thấy trang" in response.content.decode()


def test_a_json_body_over_the_upload_limit_answers_json_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    client.force_login(user())
    big = json.dumps({"form_data": {"note": "x" * (2 * 1024 * 1024)}})
    body = error(client.post(APPLICATIONS, big, content_type="application/json"), 400)
    assert body == {
        "detail": "Dữ liệu gửi lên quá lớn: nội dung không phải tệp tối đa 1 MB.",
        "code": "bad_request",
    }


def test_a_site_form_over_the_upload_limit_keeps_the_html_400(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = client.post("/accounts/login/", {"username": "x" * (2 * 1024 * 1024)})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")


def test_api_root_leads_to_the_documentation(client):
    response = client.get("/api/")
    assert response.status_code == 302
    assert response["Location"] == "/api/v1/docs/"
