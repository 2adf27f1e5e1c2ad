"""Gateway callbacks (IPN): verified, idempotent, and refused when forged or wrong."""

import logging

import pytest
from django.db import IntegrityError, connection, transaction

from motcua.payments import services
from motcua.payments.models import Payment, PaymentStatus, SettledPaymentError
from motcua.payments.providers import vnpay

from .conftest import gateway_params

pytestmark = pytest.mark.django_db

IPN = "/api/v1/payments/ipn/sandbox/"


@pytest.fixture
def payment(submitted, citizen):
    payment, _url = services.start_payment(submitted, by=citizen, base_url="http://testserver")
    return payment


def ipn(client, params):
    response = client.get(IPN, params)
    assert response.status_code == 200
    return response.json()


def test_ipn_confirms_a_valid_payment_once_and_a_replay_answers_already_confirmed(client, payment):
    params = gateway_params(payment)
    assert ipn(client, params) == {"RspCode": "00", "Message": "Confirm Success"}
    settled = Payment.objects.get(pk=payment.pk)
    assert settled.status == PaymentStatus.PAID
    for _ in range(3):
        assert ipn(client, params)["RspCode"] == "02"
    again = Payment.objects.get(pk=payment.pk)
    assert (again.status, again.paid_at, again.settled_at) == (settled.status, settled.paid_at, settled.settled_at)
    assert Payment.objects.filter(status=PaymentStatus.PAID).count() == 1


def test_ipn_accepts_a_form_post_as_well(client, payment):
    response = client.post(IPN, gateway_params(payment))
    assert response.json()["RspCode"] == "00"


def test_forged_signature_is_refused_logged_and_changes_nothing(client, payment, caplog):
    params = gateway_params(payment)
    params["vnp_SecureHash"] = vnpay.sign(params, "not-the-secret")
    with caplog.at_level(logging.WARNING, logger="motcua.payments"):
        assert ipn(client, params)["RspCode"] == "97"
    assert "invalid signature" in caplog.text
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_a_field_changed_after_signing_breaks_the_signature(client, payment):
    params = gateway_params(payment, choice="failure")
    params["vnp_ResponseCode"] = "00"
    assert ipn(client, params)["RspCode"] == "97"
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_missing_signature_is_refused(client, payment):
    params = gateway_params(payment)
    del params["vnp_SecureHash"]
    assert ipn(client, params)["RspCode"] == "97"


def test_wrong_amount_is_refused_logged_and_changes_nothing(client, payment, caplog):
    params = gateway_params(payment, vnp_Amount=vnpay.to_gateway_amount(1000))
    with caplog.at_level(logging.WARNING, logger="motcua.payments"):
        assert ipn(client, params) == {"RspCode": "04", "Message": "Invalid amount"}
    assert "amount does not match" in caplog.text
    assert payment.reference in caplog.text
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_amount_that_is_not_whole_dong_is_refused(client, payment):
    params = gateway_params(payment, vnp_Amount="800050")
    assert ipn(client, params)["RspCode"] == "04"


def test_unknown_reference_answers_order_not_found(client, payment):
    params = gateway_params(payment, vnp_TxnRef="0" * 20)
    assert ipn(client, params)["RspCode"] == "01"
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PENDING


def test_unknown_provider_is_404(client, payment):
    response = client.get("/api/v1/payments/ipn/nope/", gateway_params(payment))
    assert response.status_code == 404
    assert response.json()["code"]


def test_garbage_ipn_is_refused_without_error(client, db):
    assert ipn(client, {"vnp_Amount": "abc", "x": "\x00"})["RspCode"] == "97"
    assert ipn(client, {})["RspCode"] == "97"


def test_a_gateway_transaction_cannot_confirm_a_second_payment(client, payment, make_dossier, walk, citizen):
    ipn(client, gateway_params(payment))
    txn = Payment.objects.get(pk=payment.pk).provider_txn
    other = walk(make_dossier(), ("submit", "citizen"))
    second, _url = services.start_payment(other, by=citizen, base_url="http://testserver")
    # A validly signed message replaying the first transaction number for the new order.
    assert ipn(client, gateway_params(second, vnp_TransactionNo=txn))["RspCode"] == "02"
    assert Payment.objects.get(pk=second.pk).status == PaymentStatus.PENDING


def test_two_callbacks_that_both_saw_the_payment_pending_settle_it_once(payment, monkeypatch):
    """The IPN and the browser's return arrive together: both read "pending", both try to
    settle; the status-guarded UPDATE lets exactly one through."""
    success, failure = gateway_params(payment), gateway_params(payment, choice="failure")
    real_settle = services._settle
    answers = {}

    def settle_after_the_other_one(target, result):
        monkeypatch.setattr(services, "_settle", real_settle)
        # The other request overtakes this one between its read and its write.
        answers["other"] = services.process_callback("sandbox", failure)[0]
        return real_settle(target, result)

    monkeypatch.setattr(services, "_settle", settle_after_the_other_one)
    answers["first"] = services.process_callback("sandbox", success)[0]
    assert answers == {"other": "00", "first": "02"}
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.FAILED
    assert payment.paid_at is None


def test_a_stale_instance_cannot_overwrite_a_settlement(payment):
    stale = Payment.objects.get(pk=payment.pk)
    assert services.process_callback("sandbox", gateway_params(payment))[0] == "00"
    result = services.get_provider("sandbox").verify_callback(gateway_params(payment, choice="failure"))
    assert services._settle(stale, result) is False
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID


def test_a_payment_row_is_never_saved_twice_through_the_orm(payment):
    with pytest.raises(SettledPaymentError):
        payment.save()


def test_the_database_refuses_to_change_a_settled_payment(payment):
    services.process_callback("sandbox", gateway_params(payment))
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).update(status=PaymentStatus.PENDING)
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE payments_payment SET amount = 1 WHERE id = %s", [payment.pk])
    assert Payment.objects.get(pk=payment.pk).status == PaymentStatus.PAID


def test_only_one_open_payment_per_dossier_even_without_the_service(payment):
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(
            dossier=payment.dossier, amount=payment.amount, provider="sandbox",
            created_at=payment.created_at, expires_at=payment.expires_at,
        )
