"""The payment endpoints answer what the OpenAPI schema documents."""

import json

import pytest
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from rest_framework.test import APIClient

from motcua.payments.models import Payment

from .conftest import gateway_params

pytestmark = pytest.mark.django_db

MY = "/api/v1/my/dossiers/{id}/payment/"
IPN = "/api/v1/payments/ipn/{provider}/"


@pytest.fixture
def schema(client):
    return json.loads(client.get("/api/v1/schema/", {"format": "json"}).content)


def assert_documented(schema, path, method, response):
    documented = schema["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in documented, f"{status} not documented for {method} {path}"
    body_schema = documented[status]["content"]["application/json"]["schema"]
    validator = OAS30Validator(
        {**body_schema, "components": schema["components"]}, format_checker=oas30_format_checker
    )
    assert [e.message for e in validator.iter_errors(response.json())] == []


def test_applicant_endpoint_bodies_match_the_schema(schema, citizen, submitted, make_dossier, walk):
    api = APIClient()
    assert_documented(schema, MY, "get", api.get(f"/api/v1/my/dossiers/{submitted.pk}/payment/"))
    api.force_authenticate(citizen)
    url = f"/api/v1/my/dossiers/{submitted.pk}/payment/"
    started = api.post(url)
    assert_documented(schema, MY, "post", started)
    payment = Payment.objects.get(reference=started.json()["reference"])
    api.get("/api/v1/payments/ipn/sandbox/", gateway_params(payment))
    assert_documented(schema, MY, "get", api.get(url))
    assert_documented(schema, MY, "post", api.post(url))  # 400 already paid
    assert_documented(schema, MY, "get", api.get("/api/v1/my/dossiers/999999/payment/"))


def test_ipn_bodies_match_the_schema(schema, client, citizen, submitted):
    api = APIClient()
    api.force_authenticate(citizen)
    reference = api.post(f"/api/v1/my/dossiers/{submitted.pk}/payment/").json()["reference"]
    params = gateway_params(Payment.objects.get(reference=reference))
    assert_documented(schema, IPN, "get", client.get("/api/v1/payments/ipn/sandbox/", params))
    assert_documented(schema, IPN, "post", client.post("/api/v1/payments/ipn/sandbox/", params))
    assert_documented(schema, IPN, "get", client.get("/api/v1/payments/ipn/unknown/", params))
