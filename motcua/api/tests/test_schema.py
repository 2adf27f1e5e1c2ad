"""The published OpenAPI schema: it generates cleanly, validates, and tells the truth.

"Tells the truth" is checked by calling the procedures API with real and random parameters:
every status code it answers is documented for that operation, and every body matches the
documented schema. (schemathesis would do the same but is not installed; hypothesis is.)
"""

import json

import pytest
from django.contrib.staticfiles import finders
from drf_spectacular.drainage import GENERATOR_STATS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from openapi_spec_validator import validate as validate_spec

from motcua.catalog.tests.factories import make_agency, make_birth_registration, make_procedure

SCHEMA_URL = "/api/v1/schema/"
LIST_PATH = "/api/v1/procedures/"
DETAIL_PATH = "/api/v1/procedures/{code}/"


def fetch_schema(client) -> dict:
    response = client.get(SCHEMA_URL, {"format": "json"})
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def schema(client, db):
    return fetch_schema(client)


@pytest.fixture
def catalogue(db):
    agency = make_agency()
    make_birth_registration(agencies=[agency])
    for _ in range(3):
        make_procedure(agencies=[agency])
    return agency


def assert_documented(schema: dict, path: str, response) -> None:
    """The status is documented for ``GET path`` and the body matches its schema."""
    documented = schema["paths"][path]["get"]["responses"]
    status = str(response.status_code)
    assert status in documented, (
        f"{status} is not documented for GET {path}: {response.content[:200]}"
    )
    body_schema = documented[status]["content"]["application/json"]["schema"]
    validator = OAS30Validator(
        {**body_schema, "components": schema["components"]}, format_checker=oas30_format_checker
    )
    errors = [error.message for error in validator.iter_errors(response.json())]
    assert errors == [], f"GET {path} → {status}: {errors[:3]}"


@pytest.mark.django_db
def test_schema_generates_without_warnings_or_errors(client):
    GENERATOR_STATS.reset()
    fetch_schema(client)
    problems = sorted([*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache])
    assert problems == []


def test_schema_is_a_valid_openapi_document(schema):
    validate_spec(schema)
    assert schema["openapi"].startswith("3.")


def test_every_operation_documents_its_error_responses(schema):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation["responses"]
            for code in ("400", "404"):
                assert code in responses, f"{method.upper()} {path} does not document {code}"
                assert responses[code]["description"], (
                    f"{method.upper()} {path} {code} has no description"
                )


def test_every_procedure_parameter_is_described(schema):
    for path in (LIST_PATH, DETAIL_PATH):
        for parameter in schema["paths"][path]["get"]["parameters"]:
            assert parameter.get("description"), (
                f"{path} parameter {parameter['name']} has no description"
            )
    names = {p["name"] for p in schema["paths"][LIST_PATH]["get"]["parameters"]}
    assert names >= {
        "field",
        "level",
        "agency",
        "online_level",
        "online_class",
        "status",
        "search",
        "page",
        "page_size",
    }


@pytest.mark.parametrize(
    ("path", "url", "params", "headers", "status"),
    [
        (LIST_PATH, LIST_PATH, {}, {}, 200),
        (LIST_PATH, LIST_PATH, {"level": "village"}, {}, 400),
        (LIST_PATH, LIST_PATH, {"page": "999"}, {}, 404),
        # A bad token is refused even on a public endpoint; DRF answers 403 because session
        # authentication comes first and sends no WWW-Authenticate challenge.
        (LIST_PATH, LIST_PATH, {}, {"HTTP_AUTHORIZATION": "Token khong-hop-le"}, 403),
        (DETAIL_PATH, "/api/v1/procedures/1.001193/", {}, {}, 200),
        (DETAIL_PATH, "/api/v1/procedures/1.001193/", {"version": "abc"}, {}, 400),
        (DETAIL_PATH, "/api/v1/procedures/khong-co/", {}, {}, 404),
    ],
)
def test_each_answer_of_the_procedures_api_is_documented(
    client, schema, catalogue, path, url, params, headers, status
):
    response = client.get(url, params, **headers)
    assert response.status_code == status
    assert_documented(schema, path, response)


def test_api_docs_render_swagger_ui_from_the_sidecar_without_a_cdn(client):
    response = client.get("/api/v1/docs/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in body
    assert "cdn.jsdelivr.net" not in body and "unpkg.com" not in body
    assert finders.find("drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")


ANY_TEXT = st.text(max_size=40)
LIST_PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "field": st.one_of(st.just("ho-tich"), ANY_TEXT),
        "level": st.one_of(
            st.sampled_from(["commune", "district", "province", "central"]), ANY_TEXT
        ),
        "agency": st.one_of(st.integers(-5, 10**20).map(str), ANY_TEXT),
        "online_level": st.one_of(st.integers(0, 5).map(str), ANY_TEXT),
        "online_class": st.one_of(st.sampled_from(["info", "partial", "full"]), ANY_TEXT),
        "status": st.one_of(
            st.sampled_from(["active", "replaced", "amended", "abolished"]), ANY_TEXT
        ),
        "search": st.one_of(
            st.sampled_from(["khai sinh", "ĐĂNG KÝ", "1.001193"]), st.text(max_size=300)
        ),
        "page": st.one_of(st.integers(-2, 5).map(str), ANY_TEXT),
        "page_size": st.one_of(st.integers(-2, 200).map(str), ANY_TEXT),
    },
)


@pytest.mark.django_db
@settings(
    max_examples=80,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(params=LIST_PARAMS)
def test_random_list_parameters_get_a_documented_answer(client, schema, catalogue, params):
    assert_documented(schema, LIST_PATH, client.get(LIST_PATH, params))


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    code=st.one_of(st.just("1.001193"), st.text(min_size=1, max_size=60)),
    version=st.one_of(st.none(), ANY_TEXT),
)
def test_random_detail_requests_get_a_documented_answer(client, schema, catalogue, code, version):
    from urllib.parse import quote

    params = {} if version is None else {"version": version}
    response = client.get(f"/api/v1/procedures/{quote(code, safe='')}/", params)
    if response.status_code == 404 and not response.get("Content-Type", "").startswith(
        "application/json"
    ):
        # A code with "/" (even encoded) leaves the route: Django's HTML 404, not the API's.
        assert "/" in code
        return
    assert_documented(schema, DETAIL_PATH, response)
