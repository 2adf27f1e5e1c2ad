"""The OpenAPI schema documents the rating and feedback endpoints and what they answer."""

from __future__ import annotations

import json

import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from rest_framework.test import APIClient


@pytest.fixture
def schema(client, db):
    return json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)


def assert_matches(schema, path, method, response):
    documented = schema["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{status} not documented for {method.upper()} {path}"
    body = documented[status]["content"]["application/json"]["schema"]
    validator = OAS30Validator({**body, "components": schema["components"]}, format_checker=oas30_format_checker)
    assert [e.message for e in validator.iter_errors(response.json())] == []


def test_endpoints_and_their_codes_are_documented(schema):
    paths = schema["paths"]
    rating = paths["/api/v1/dossiers/{id}/rating/"]
    assert {"200", "401", "403", "404"} <= set(rating["get"]["responses"])
    assert {"201", "400", "401", "403", "404", "409"} <= set(rating["post"]["responses"])
    assert {"201", "400", "429"} <= set(paths["/api/v1/feedback/"]["post"]["responses"])
    assert {"200", "404"} <= set(paths["/api/v1/feedback/{number}/"]["get"]["responses"])


def test_answers_match_the_documented_bodies(schema, citizen, resolved_dossier, frozen, procedure_a):
    dossier = resolved_dossier()
    api = APIClient()
    path = "/api/v1/dossiers/{id}/rating/"
    assert_matches(schema, path, "get", api.get(f"/api/v1/dossiers/{dossier.pk}/rating/"))
    api.force_authenticate(citizen)
    assert_matches(schema, path, "get", api.get(f"/api/v1/dossiers/{dossier.pk}/rating/"))
    scores = {"access": 5, "procedure": 4, "officials": 4, "result": 3, "handling": 5}
    url = f"/api/v1/dossiers/{dossier.pk}/rating/"
    assert_matches(schema, path, "post", api.post(url, {**scores, "result": 9}, format="json"))
    assert_matches(schema, path, "post", api.post(url, scores, format="json"))
    assert_matches(schema, path, "post", api.post(url, scores, format="json"))  # 409
    assert_matches(schema, path, "get", api.get(url))
    sent = api.post("/api/v1/feedback/", {
        "procedure": procedure_a.code, "content": "Nội dung phản ánh đủ dài.",
        "sender_name": "A", "sender_phone": "0912345678",
    }, format="json")
    assert_matches(schema, "/api/v1/feedback/", "post", sent)
    number, secret = sent.json()["number"], sent.json()["secret"]
    status_path = "/api/v1/feedback/{number}/"
    assert_matches(schema, status_path, "get", api.get(f"/api/v1/feedback/{number}/", {"secret": secret}))
    assert_matches(schema, status_path, "get", api.get(f"/api/v1/feedback/{number}/", {"secret": "x"}))
