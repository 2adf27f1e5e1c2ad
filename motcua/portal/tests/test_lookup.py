"""The public lookup by code + secret: status without personal data, the same 'not found' for
a wrong code or a wrong secret, wrong guesses limited, one query."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from motcua.documents.context import tracking_url
from motcua.portal.tests.following_fixtures import *  # noqa: F403
from motcua.portal.tests.following_fixtures import APPLICANT_NAME, IDENTITY_NUMBER

pytestmark = pytest.mark.django_db

URL = "/tra-cuu/"
NOT_FOUND = "Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này."


def test_lookup_has_the_qr_address_and_its_name():
    assert reverse("lookup:lookup") == URL


def test_lookup_without_codes_shows_the_form(client):
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_ma">Mã hồ sơ</label>' in html
    assert '<label for="id_bi_mat">Mã tra cứu</label>' in html


def test_the_receipts_qr_link_shows_status_and_dates_without_personal_data(client, received):
    link = urlsplit(tracking_url(received))
    response = client.get(f"{link.path}?{link.query}")
    html = response.content.decode()
    assert response.status_code == 200
    assert received.procedure.name in html
    assert received.receiving_agency.name in html
    assert "Đã tiếp nhận" in html
    assert "10/03/2026 09:00" in html
    assert APPLICANT_NAME not in html
    assert IDENTITY_NUMBER not in html and IDENTITY_NUMBER[-4:] + "<" not in html
    assert "giay-tiep-nhan" not in html  # no documents


@pytest.mark.parametrize("wrong", ["code", "secret"])
def test_a_wrong_code_or_secret_gets_the_same_not_found(client, received, wrong):
    code = received.code + ("X" if wrong == "code" else "")
    secret = received.lookup_secret + ("X" if wrong == "secret" else "")
    response = client.get(URL, {"ma": code, "bi-mat": secret})
    assert response.status_code == 404
    assert NOT_FOUND in response.content.decode()
    assert received.procedure.name not in response.content.decode()


def test_a_missing_field_is_a_bad_request_with_a_message(client):
    response = client.get(URL, {"ma": "000.31.35.H26-260310-0001", "bi-mat": ""})
    assert response.status_code == 400
    assert "Vui lòng nhập cả mã hồ sơ và mã tra cứu" in response.content.decode()


def test_too_many_wrong_pairs_from_one_address_are_refused_for_a_minute(client, received, settings):
    settings.MOTCUA_LOOKUP_MAX_FAILURES = 3
    for n in range(3):
        assert client.get(URL, {"ma": received.code, "bi-mat": f"sai{n}"}).status_code == 404
    blocked = client.get(URL, {"ma": received.code, "bi-mat": received.lookup_secret})
    assert blocked.status_code == 429
    assert "sai quá nhiều lần" in blocked.content.decode()
    other_address = client.get(
        URL, {"ma": received.code, "bi-mat": received.lookup_secret}, REMOTE_ADDR="10.0.0.9"
    )
    assert other_address.status_code == 200


def test_right_pairs_are_never_throttled(client, received, settings):
    settings.MOTCUA_LOOKUP_MAX_FAILURES = 2
    for _ in range(5):
        assert client.get(URL, {"ma": received.code, "bi-mat": received.lookup_secret}).status_code == 200


def test_lookup_costs_one_query_then_none_writes_no_session_and_is_not_cached_by_proxies(
    client, received, django_assert_num_queries
):
    from django.core.cache import cache

    params = {"ma": received.code, "bi-mat": received.lookup_secret}
    client.get(URL, params)  # warm the template and translation caches
    cache.clear()
    with django_assert_num_queries(1):
        response = client.get(URL, params)
    with django_assert_num_queries(0):  # the rendered page is kept for this code and secret
        again = client.get(URL, params)
    assert response.status_code == again.status_code == 200
    assert again.content == response.content
    assert "sessionid" not in response.cookies
    for answer in (response, again):
        assert "no-store" in answer["Cache-Control"] and "private" in answer["Cache-Control"]


def test_a_kept_page_never_answers_a_wrong_secret(client, received):
    client.get(URL, {"ma": received.code, "bi-mat": received.lookup_secret})

    wrong = client.get(URL, {"ma": received.code, "bi-mat": received.lookup_secret + "x"})

    assert wrong.status_code == 404
    assert NOT_FOUND in wrong.content.decode()


def test_a_change_of_the_dossier_shows_at_once_on_the_lookup(
    client, received, specialist_a, django_capture_on_commit_callbacks
):
    from motcua.dossiers import workflow

    params = {"ma": received.code, "bi-mat": received.lookup_secret}
    assert "Đã tiếp nhận" in client.get(URL, params).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        # The step "Thẩm định hồ sơ" is the specialist's.
        workflow.start_step(received, by=specialist_a, expected_version=received.version)

    page = client.get(URL, params).content.decode()
    assert "Đang xử lý" in page and "Đã tiếp nhận" not in page


def test_a_draft_or_a_dossier_without_code_cannot_be_found(client, draft_dossier):
    draft = draft_dossier()
    response = client.get(URL, {"ma": "None", "bi-mat": draft.lookup_secret})
    assert response.status_code == 404


def test_logged_in_citizens_and_officials_see_the_same_public_page(client, other_citizen, desk_a, received):
    params = {"ma": received.code, "bi-mat": received.lookup_secret}
    for user in (other_citizen, desk_a):
        client.force_login(user)
        html = client.get(URL, params).content.decode()
        assert "Đã tiếp nhận" in html and APPLICANT_NAME not in html


def test_overlong_or_odd_input_never_breaks_the_page(client):
    assert client.get(URL, {"ma": "x" * 5000, "bi-mat": "y" * 5000}).status_code == 404
    assert client.get(URL, {"ma": "A-1", "bi-mat": "'; drop"}).status_code == 404
    # A NUL byte (PostgreSQL refuses it in text): the same "not found", on every database.
    nul = client.get(URL, {"ma": "\x00", "bi-mat": "x"})
    assert nul.status_code == 404 and NOT_FOUND in nul.content.decode()
    assert client.post(URL, {"ma": "a"}).status_code == 405
