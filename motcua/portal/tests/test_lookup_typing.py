"""Typing the codes of a paper receipt on a phone: the dossier code is found in any case, the
fields do not let the keyboard capitalise or correct, and the lookup code (a secret, compared
exactly) is said to be case-sensitive."""

from __future__ import annotations

import re

import pytest
from rest_framework.test import APIClient

from motcua.portal.tests.following_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

URL = "/tra-cuu/"
CASE_NOTE = "phân biệt chữ hoa và chữ thường"


def test_the_dossier_code_typed_in_lower_case_finds_the_dossier(client, received):
    assert any(c.isupper() for c in received.code)  # "…H26-…"
    response = client.get(URL, {"ma": received.code.lower(), "bi-mat": received.lookup_secret})
    html = response.content.decode()
    assert response.status_code == 200
    assert received.procedure.name in html
    assert f"Hồ sơ {received.code}" in html  # shown as printed on the receipt


def test_the_lookup_api_finds_the_dossier_code_in_lower_case(received):
    response = APIClient().get(
        f"/api/v1/dossiers/{received.code.lower()}/status/", {"secret": received.lookup_secret}
    )
    assert response.status_code == 200
    assert response.json()["code"] == received.code


def test_the_lookup_code_stays_exact_and_the_answer_says_it_is_case_sensitive(client, received):
    wrong_case = received.lookup_secret.swapcase()
    assert wrong_case != received.lookup_secret
    response = client.get(URL, {"ma": received.code, "bi-mat": wrong_case})
    html = response.content.decode()
    assert response.status_code == 404
    assert received.procedure.name not in html
    assert "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này." in html
    assert CASE_NOTE in html


def test_the_lookup_api_says_the_lookup_code_is_case_sensitive(received):
    response = APIClient().get(
        f"/api/v1/dossiers/{received.code}/status/", {"secret": received.lookup_secret.swapcase()}
    )
    assert response.status_code == 404
    assert CASE_NOTE in response.json()["detail"]


def test_the_form_says_the_lookup_code_is_case_sensitive_before_a_wrong_try(client):
    assert CASE_NOTE in client.get(URL).content.decode()


def test_the_lookup_fields_do_not_autocapitalise_or_autocorrect(client):
    html = client.get(URL).content.decode()
    for name in ("ma", "bi-mat"):
        field = re.search(rf'<input[^>]*name="{name}"[^>]*>', html).group(0)
        assert 'autocapitalize="off"' in field
        assert 'autocorrect="off"' in field
        assert 'spellcheck="false"' in field
