"""``/api/v1/my/dossiers/{id}/payment/``: what is owed, the payments, starting one."""

import pytest
from rest_framework.test import APIClient

from motcua.payments import services
from motcua.payments.models import Payment

from .conftest import gateway_params, query_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(citizen):
    client = APIClient()
    client.force_authenticate(citizen)
    return client


def url(dossier):
    return f"/api/v1/my/dossiers/{dossier.pk}/payment/"


def test_get_shows_amount_due_lines_and_no_payment_yet(api, submitted):
    body = api.get(url(submitted)).json()
    assert body["amount_due"] == 8000 and body["currency"] == "VND"
    assert body["required"] and body["payable_now"] and not body["paid"]
    assert body["status"] == "unpaid"
    assert body["lines"] == [{
        "kind": "fee", "kind_label": "Phí", "name": "Phí cấp bản sao trích lục hộ tịch",
        "amount": 8000, "unit_amount": 8000, "quantity": 1, "per_copy": False, "note": "",
    }]
    assert body["payments"] == []


def test_post_starts_a_payment_and_returns_the_gateway_address_twice_the_same(api, submitted):
    first = api.post(url(submitted))
    assert first.status_code == 201
    body = first.json()
    assert body["amount"] == 8000 and body["status"] == "pending"
    assert query_of(body["redirect_url"])["vnp_TxnRef"] == body["reference"]
    assert api.post(url(submitted)).json()["reference"] == body["reference"]
    assert Payment.objects.count() == 1


def test_get_after_payment_lists_it_with_its_receipt(api, submitted):
    reference = api.post(url(submitted)).json()["reference"]
    services.process_callback("sandbox", gateway_params(Payment.objects.get(reference=reference)))
    body = api.get(url(submitted)).json()
    assert body["paid"] and body["status"] == "paid" and not body["payable_now"]
    [payment] = body["payments"]
    assert payment["reference"] == reference and payment["status"] == "paid"
    assert payment["receipt_url"] == f"/thanh-toan/{reference}/bien-lai.pdf"
    again = api.post(url(submitted))
    assert again.status_code == 400
    assert again.json() == {"detail": "Hồ sơ này đã được thanh toán phí, lệ phí.", "code": "already_paid"}


def test_post_for_a_dossier_with_nothing_to_pay_is_a_400_in_vietnamese(api, make_dossier, walk):
    dossier = walk(make_dossier(), ("submit", "citizen"))
    response = api.post(url(dossier))
    assert response.status_code == 400
    assert response.json()["code"] == "nothing_to_pay"
    assert "không cần thanh toán" in response.json()["detail"]


def test_post_for_a_draft_is_refused(api, level4, make_dossier):
    response = api.post(url(make_dossier()))
    assert response.status_code == 400
    assert response.json()["code"] == "not_payable"


def test_payment_page_and_api_queries_do_not_grow_with_payments(
    api, client, citizen, submitted, django_assert_max_num_queries
):
    client.force_login(citizen)

    def fail_one():
        payment, _url = services.start_payment(submitted, by=citizen, base_url="http://testserver")
        services.process_callback("sandbox", gateway_params(payment, choice="failure"))

    fail_one()
    with django_assert_max_num_queries(12) as few:
        assert client.get(f"/thanh-toan/ho-so/{submitted.pk}/").status_code == 200
    with django_assert_max_num_queries(8) as few_api:
        assert api.get(url(submitted)).status_code == 200
    for _ in range(10):
        fail_one()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(f"/thanh-toan/ho-so/{submitted.pk}/").status_code == 200
    with django_assert_max_num_queries(len(few_api.captured_queries)):
        assert api.get(url(submitted)).status_code == 200
