"""The results API: public verification by code and file, and the applicant's own result."""

import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from drf_spectacular.drainage import GENERATOR_STATS
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from rest_framework.authtoken.models import Token

from motcua.dossiers.tests.conftest import make_user

DETAIL = "/api/v1/results/{code}/"
VERIFY = "/api/v1/results/{code}/verify/"
MINE = "/api/v1/my/dossiers/{id}/result/"
MINE_FILE = "/api/v1/my/dossiers/{id}/result/file/"


def original_bytes(result) -> bytes:
    with result.file.open("rb") as handle:
        return handle.read()


def upload(content: bytes):
    return SimpleUploadedFile("ket-qua.pdf", content, content_type="application/pdf")


@pytest.fixture
def schema(client, db):
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


def assert_documented(schema, path, method, response):
    documented = schema["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{status} not documented for {method.upper()} {path}"
    body_schema = documented[status]["content"]["application/json"]["schema"]
    validator = OAS30Validator(
        {**body_schema, "components": schema["components"]}, format_checker=oas30_format_checker
    )
    assert [error.message for error in validator.iter_errors(response.json())] == []


# Public verification.


@pytest.mark.django_db
def test_anyone_gets_the_public_facts_of_a_code_without_personal_data(client, schema, issued, resolved):
    response = client.get(DETAIL.format(code=issued.printed_code.lower()))
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == issued.code
    assert body["sha256"] == issued.sha256
    assert body["status"] == "valid"
    assert body["dossier_code"] == resolved.code
    assert body["issuing_agency"] == "Ủy ban nhân dân phường Kim Liên"
    assert "Nguyễn Thị Ánh" not in response.content.decode()
    assert_documented(schema, DETAIL, "get", response)


@pytest.mark.django_db
def test_unknown_code_is_404_and_malformed_code_is_400(client, schema, issued):
    missing = client.get(DETAIL.format(code="ABCDEFGH2345"))
    assert missing.status_code == 404
    assert "Không tìm thấy" in missing.json()["detail"]
    assert_documented(schema, DETAIL, "get", missing)
    malformed = client.get(DETAIL.format(code="abc"))
    assert malformed.status_code == 400
    assert_documented(schema, DETAIL, "get", malformed)


@pytest.mark.django_db
def test_repeated_wrong_codes_are_throttled_with_429(client, schema, issued, settings):
    settings.MOTCUA_RESULT_VERIFY_MAX_MISSES = 2
    for guess in ("AAAAAAAAAAAA", "BBBBBBBBBBBB"):
        assert client.get(DETAIL.format(code=guess)).status_code == 404
    throttled = client.get(DETAIL.format(code=issued.code))
    assert throttled.status_code == 429
    assert_documented(schema, DETAIL, "get", throttled)
    assert client.post(VERIFY.format(code=issued.code), {"tep": upload(b"x")}).status_code == 429


@pytest.mark.django_db
def test_verify_original_file_matches(client, schema, issued):
    response = client.post(VERIFY.format(code=issued.code), {"tep": upload(original_bytes(issued))})
    assert response.status_code == 200
    assert response.json()["match"] is True
    assert response.json()["message"] == "Tệp khớp với bản gốc"
    assert_documented(schema, VERIFY, "post", response)


@pytest.mark.django_db
def test_verify_file_with_one_byte_changed_does_not_match(client, schema, issued):
    content = bytearray(original_bytes(issued))
    content[100] ^= 0xFF
    response = client.post(VERIFY.format(code=issued.code), {"tep": upload(bytes(content))})
    assert response.status_code == 200
    body = response.json()
    assert body["match"] is False
    assert body["sha256"] == hashlib.sha256(bytes(content)).hexdigest()
    assert body["expected_sha256"] == issued.sha256


@pytest.mark.django_db
def test_verify_without_a_file_or_with_a_file_over_10_mb_is_400(client, schema, issued):
    missing = client.post(VERIFY.format(code=issued.code), {})
    assert missing.status_code == 400
    assert_documented(schema, VERIFY, "post", missing)
    big = client.post(VERIFY.format(code=issued.code), {"tep": upload(b"\0" * (10 * 1024 * 1024 + 1))})
    assert big.status_code == 400
    assert "10 MB" in big.json()["errors"]["tep"][0]
    assert_documented(schema, VERIFY, "post", big)


@pytest.mark.django_db
def test_verify_an_unknown_code_is_404(client, schema, issued):
    response = client.post(VERIFY.format(code="ABCDEFGH2345"), {"tep": upload(b"x")})
    assert response.status_code == 404
    assert_documented(schema, VERIFY, "post", response)


@pytest.mark.django_db
def test_verify_works_for_a_logged_in_session_without_csrf_token(issued, citizen):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(citizen)
    response = strict.post(VERIFY.format(code=issued.code), {"tep": upload(original_bytes(issued))})
    assert response.status_code == 200


# The applicant's own result.


@pytest.mark.django_db
def test_anonymous_gets_403_for_my_result(client, schema, issued, resolved):
    response = client.get(MINE.format(id=resolved.pk))
    assert response.status_code == 403
    assert_documented(schema, MINE, "get", response)


@pytest.mark.django_db
def test_other_citizen_and_official_get_404_for_my_result(client, schema, issued, resolved, desk):
    for user in (make_user("stranger"), desk):
        client.force_login(user)
        response = client.get(MINE.format(id=resolved.pk))
        assert response.status_code == 404
        assert client.get(MINE_FILE.format(id=resolved.pk)).status_code == 404
    assert_documented(schema, MINE, "get", response)


@pytest.mark.django_db
def test_owner_gets_metadata_and_downloads_with_a_token(client, schema, issued, resolved, citizen):
    token = Token.objects.create(user=citizen)
    auth = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    response = client.get(MINE.format(id=resolved.pk), **auth)
    assert response.status_code == 200
    body = response.json()
    assert body["code"] == issued.code and body["size"] == issued.size
    assert body["download_url"].endswith(MINE_FILE.format(id=resolved.pk))
    assert_documented(schema, MINE, "get", response)
    download = client.get(body["download_url"], **auth)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == issued.sha256


@pytest.mark.django_db
def test_owner_without_a_result_yet_gets_404(client, resolved, citizen):
    client.force_login(citizen)
    assert client.get(MINE.format(id=resolved.pk)).status_code == 404


@pytest.mark.django_db
def test_results_endpoints_are_documented_without_schema_errors(client):
    GENERATOR_STATS.reset()
    schema = json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)
    assert list(GENERATOR_STATS._error_cache) == []
    for path in (DETAIL, VERIFY, MINE, MINE_FILE):
        assert path in schema["paths"]
        for operation in schema["paths"][path].values():
            assert operation["summary"] and {"400", "404"} <= set(operation["responses"])
    # The result status is a pattern, not a named enum that would collide with other "status".
    status = schema["components"]["schemas"]["ResultVerification"]["properties"]["status"]
    assert status["pattern"] == "^(valid|superseded|revoked)$"
    assert "multipart/form-data" in schema["paths"][VERIFY]["post"]["requestBody"]["content"]
