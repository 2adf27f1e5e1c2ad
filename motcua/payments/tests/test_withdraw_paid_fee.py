"""Withdrawing a dossier whose fee was paid online: the withdrawal page says so before the
applicant confirms (the amount, that the agency refunds it under the fee rules, and what to do),
and afterwards the dossier and payment pages say the fee awaits its refund, not a bare "Đã
thanh toán". No refund is sent to the gateway: the agency refunds it."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from motcua.dossiers.models import Status
from motcua.payments import services
from motcua.payments.models import Payment, PaymentStatus

from .conftest import gateway_params

pytestmark = pytest.mark.django_db

REFUND = "được cơ quan tiếp nhận hồ sơ hoàn trả theo quy định về phí, lệ phí"
WHAT_TO_DO = "liên hệ bộ phận tiếp nhận và trả kết quả của Ủy ban nhân dân phường Kim Liên"


@pytest.fixture
def paid(client, citizen, submitted):
    payment, _url = services.start_payment(submitted, by=citizen, base_url="http://testserver/")
    client.get("/api/v1/payments/ipn/sandbox/", gateway_params(payment))
    payment = Payment.objects.get(pk=payment.pk)
    assert payment.status == PaymentStatus.PAID
    client.force_login(citizen)
    return payment


def withdraw_url(dossier) -> str:
    return f"/dich-vu-cong/ho-so/{dossier.pk}/rut/"


def test_the_withdrawal_page_warns_that_the_paid_fee_is_refunded_by_the_agency(client, submitted, paid):
    html = client.get(withdraw_url(submitted)).content.decode()
    assert "Bạn đã thanh toán trực tuyến 8.000 đồng phí, lệ phí cho hồ sơ này." in html
    assert REFUND in html
    assert WHAT_TO_DO in html
    assert paid.reference in html  # the receipt to bring
    assert f"/thanh-toan/{paid.reference}/bien-lai.pdf" in html


def test_the_withdrawal_page_of_an_unpaid_dossier_says_nothing_about_a_refund(client, citizen, submitted):
    client.force_login(citizen)
    html = client.get(withdraw_url(submitted)).content.decode()
    assert "Xác nhận rút hồ sơ" in html
    assert REFUND not in html


def test_after_withdrawal_the_dossier_page_says_the_fee_awaits_its_refund(client, submitted, paid):
    response = client.post(withdraw_url(submitted), {"expected_version": submitted.version, "reason": "Nộp nhầm"})
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.WITHDRAWN

    page = client.get(response["Location"]).content.decode()
    assert "Đã thanh toán, chờ cơ quan hoàn trả" in page
    assert "<strong>Đã thanh toán</strong>" not in page
    assert REFUND in page and WHAT_TO_DO in page
    assert "8.000 đồng" in page


def test_after_withdrawal_the_payment_page_and_api_say_the_fee_awaits_its_refund(client, citizen, submitted, paid):
    client.post(withdraw_url(submitted), {"expected_version": submitted.version})
    page = client.get(f"/thanh-toan/ho-so/{submitted.pk}/").content.decode()
    assert "Đã thanh toán, chờ cơ quan hoàn trả" in page
    assert REFUND in page
    assert "Thanh toán trực tuyến</button>" not in page

    api = APIClient()
    api.force_authenticate(citizen)
    body = api.get(f"/api/v1/my/dossiers/{submitted.pk}/payment/").json()
    assert body["paid"] is True and body["payable_now"] is False
    assert body["status"] == "refund_due"
    assert body["status_label"] == "Đã thanh toán, chờ cơ quan hoàn trả"


def test_the_flash_message_after_withdrawal_mentions_the_refund(client, submitted, paid):
    response = client.post(withdraw_url(submitted), {"expected_version": submitted.version}, follow=True)
    html = response.content.decode()
    assert "Đã rút hồ sơ." in html
    assert "Khoản phí, lệ phí đã nộp (8.000 đồng) chờ cơ quan hoàn trả" in html
