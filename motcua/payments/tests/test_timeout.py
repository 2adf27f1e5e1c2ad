"""A gateway that never answers: the payment expires after the timeout, found by ``query``."""

import pytest
from django.core.management import call_command

from motcua.payments.models import Payment, PaymentStatus

from .conftest import query_of

pytestmark = pytest.mark.django_db

GATEWAY = "/thanh-toan/sandbox/thanh-toan/"


def page_url(dossier) -> str:
    return f"/thanh-toan/ho-so/{dossier.pk}/"


def start(client, dossier) -> dict:
    return query_of(client.post(page_url(dossier))["Location"])


def test_no_response_leaves_the_payment_pending_and_says_what_happens_next(client, citizen, submitted, now):
    client.force_login(citizen)
    params = start(client, submitted)
    response = client.post(GATEWAY, {**params, "choice": "timeout"})
    text = response.content.decode()
    assert response.status_code == 200
    assert "Cổng thanh toán không phản hồi" in text and "15 phút" in text
    assert page_url(submitted) in text
    assert Payment.objects.get(dossier=submitted).status == PaymentStatus.PENDING


def test_before_the_timeout_the_page_offers_to_continue_the_same_payment(client, citizen, submitted, now):
    client.force_login(citizen)
    params = start(client, submitted)
    now.advance(minutes=14)
    text = client.get(page_url(submitted)).content.decode()
    assert "Đang chờ thanh toán" in text and "Tiếp tục thanh toán" in text
    assert start(client, submitted)["vnp_TxnRef"] == params["vnp_TxnRef"]


def test_after_the_timeout_the_query_expires_the_payment_and_a_new_one_can_start(client, citizen, submitted, now):
    client.force_login(citizen)
    first = start(client, submitted)["vnp_TxnRef"]
    now.advance(minutes=15)
    text = client.get(page_url(submitted)).content.decode()
    expired = Payment.objects.get(reference=first)
    assert expired.status == PaymentStatus.EXPIRED
    assert expired.response_code == "91"  # the gateway knows no such transaction
    assert "Quá thời gian thanh toán" in text and "Chưa thanh toán" in text
    second = start(client, submitted)["vnp_TxnRef"]
    assert second != first
    assert Payment.objects.get(reference=second).status == PaymentStatus.PENDING


def test_a_late_click_on_the_gateway_page_is_recorded_as_expired(client, citizen, submitted, now):
    client.force_login(citizen)
    params = start(client, submitted)
    now.advance(minutes=20)
    page = client.get(GATEWAY, params).content.decode()
    assert "quá thời gian chờ thanh toán" in page
    assert "Thanh toán thành công</button>" not in page
    back = client.post(GATEWAY, {**params, "choice": "success"})
    assert query_of(back["Location"])["vnp_ResponseCode"] == "11"
    assert Payment.objects.get(dossier=submitted).status == PaymentStatus.EXPIRED
    assert "quá thời gian chờ" in client.get(back["Location"]).content.decode()


def test_the_periodic_command_settles_only_overdue_payments(client, citizen, submitted, make_dossier, walk, now):
    client.force_login(citizen)
    overdue = start(client, submitted)["vnp_TxnRef"]
    now.advance(minutes=10)
    fresh = start(client, walk(make_dossier(), ("submit", "citizen")))["vnp_TxnRef"]
    now.advance(minutes=6)
    call_command("settle_payments", verbosity=0)
    assert Payment.objects.get(reference=overdue).status == PaymentStatus.EXPIRED
    assert Payment.objects.get(reference=fresh).status == PaymentStatus.PENDING


def test_timeout_is_a_setting(client, citizen, submitted, now, settings):
    settings.MOTCUA_PAYMENT_TIMEOUT_MINUTES = 5
    client.force_login(citizen)
    reference = start(client, submitted)["vnp_TxnRef"]
    now.advance(minutes=5)
    call_command("settle_payments", verbosity=0)
    assert Payment.objects.get(reference=reference).status == PaymentStatus.EXPIRED


def test_the_background_job_settles_overdue_payments(client, citizen, submitted, now):
    from motcua.payments.tasks import settle_overdue

    client.force_login(citizen)
    reference = start(client, submitted)["vnp_TxnRef"]
    assert settle_overdue() == 0
    now.advance(minutes=16)
    assert settle_overdue() == 1
    assert Payment.objects.get(reference=reference).status == PaymentStatus.EXPIRED
