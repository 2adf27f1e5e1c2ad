"""The reports API in the OpenAPI schema: generated without warnings, valid, and truthful."""

from __future__ import annotations

import json

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate as validate_spec

from motcua.dossiers.tests.conftest import make_user

pytestmark = pytest.mark.django_db
PATH = "/api/v1/reports/{table}/"


def _schema(client) -> dict:
    GENERATOR_STATS.reset()
    response = client.get("/api/v1/schema/", {"format": "json"})
    assert response.status_code == 200
    problems = sorted([*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache])
    assert [p for p in problems if "report" in str(p).lower()] == []
    return json.loads(response.content)


def test_reports_endpoint_is_documented_with_its_errors(client):
    schema = _schema(client)
    validate_spec(schema)
    responses = schema["paths"][PATH]["get"]["responses"]
    assert {"200", "400", "401", "403", "404"} <= set(responses)
    assert "text/csv" in responses["200"]["content"]
    for parameter in schema["paths"][PATH]["get"]["parameters"]:
        assert parameter.get("description"), parameter["name"]


@pytest.mark.parametrize(
    "who, url, params, status",
    [
        ("leader", "/api/v1/reports/summary/", {"ky": "2017"}, 200),
        ("leader", "/api/v1/reports/months/", {"ky": "2017-q1"}, 200),
        ("leader", "/api/v1/reports/summary/", {"cap": "galaxy"}, 400),
        ("leader", "/api/v1/reports/khong-co/", {}, 404),
        ("citizen", "/api/v1/reports/summary/", {}, 403),
    ],
)
def test_each_answer_matches_the_schema(
    client, year_2017, district_leader, who, url, params, status
):
    schema = _schema(client)
    client.force_login(district_leader if who == "leader" else make_user("congdan"))
    response = client.get(url, params)
    assert response.status_code == status
    body_schema = schema["paths"][PATH]["get"]["responses"][str(status)]["content"][
        "application/json"
    ]["schema"]
    validator = OAS30Validator(
        {**body_schema, "components": schema["components"]}, format_checker=oas30_format_checker
    )
    assert [e.message for e in validator.iter_errors(response.json())] == []
