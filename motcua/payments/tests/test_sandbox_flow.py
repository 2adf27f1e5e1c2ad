"""The whole journey through the sandbox gateway with the test client: the payment page, the
redirect to the gateway, the gateway's IPN, the return page, the receipt."""

import pytest

from motcua.documents.tests.conftest import pdf_text
from motcua.payments.models import Payment, PaymentStatus

from .conftest import query_of

pytestmark = pytest.mark.django_db


def page_url(dossier) -> str:
    return f"/thanh-toan/ho-so/{dossier.pk}/"


def go_to_gateway(client, dossier):
    response = client.post(page_url(dossier))
    assert response.status_code == 302
    assert response["Location"].startswith("/thanh-toan/sandbox/thanh-toan/?")
    return response["Location"]


def choose(client, gateway_url: str, choice: str):
    page = client.get(gateway_url)
    assert page.status_code == 200
    return client.post("/thanh-toan/sandbox/thanh-toan/", {**query_of(gateway_url), "choice": choice})


def test_payment_page_shows_each_fee_and_the_total_with_a_pay_button(client, citizen, submitted):
    client.force_login(citizen)
    response = client.get(page_url(submitted))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Phí cấp bản sao trích lục hộ tịch" in text
    assert "8.000 đồng" in text
    assert "Chưa thanh toán" in text
    assert "Thanh toán trực tuyến" in text


def test_successful_payment_is_confirmed_by_the_ipn_and_shown_on_return(client, citizen, submitted):
    client.force_login(citizen)
    gateway_url = go_to_gateway(client, submitted)
    payment = Payment.objects.get(dossier=submitted)
    params = query_of(gateway_url)
    assert params["vnp_TxnRef"] == payment.reference
    assert params["vnp_Amount"] == "800000"  # VNPay: amount × 100
    assert params["vnp_ReturnUrl"] == "http://testserver/thanh-toan/ket-qua/sandbox/"
    assert len(params["vnp_SecureHash"]) == 128  # HMAC-SHA512, hex

    gateway_page = client.get(gateway_url).content.decode()
    assert "8.000 đồng" in gateway_page and payment.reference in gateway_page

    back = choose(client, gateway_url, "success")
    assert back.status_code == 302
    assert back["Location"].startswith("http://testserver/thanh-toan/ket-qua/sandbox/?")
    # The IPN settled it before the browser came back.
    payment = Payment.objects.get(pk=payment.pk)
    assert payment.status == PaymentStatus.PAID
    assert payment.provider_txn and payment.paid_at is not None
    assert "vnp_SecureHash" not in payment.callback
    assert payment.callback["vnp_ResponseCode"] == "00"

    result = client.get(back["Location"])
    text = result.content.decode()
    assert result.status_code == 200
    assert "Thanh toán thành công" in text
    assert f"/thanh-toan/{payment.reference}/bien-lai.pdf" in text
    page = client.get(page_url(submitted)).content.decode()
    assert "Đã thanh toán" in page and "Thanh toán trực tuyến</button>" not in page


def test_failed_payment_says_so_and_offers_a_retry_that_starts_a_new_payment(client, citizen, submitted):
    client.force_login(citizen)
    back = choose(client, go_to_gateway(client, submitted), "failure")
    first = Payment.objects.get(dossier=submitted)
    assert first.status == PaymentStatus.FAILED
    text = client.get(back["Location"]).content.decode()
    assert "Thanh toán chưa thành công" in text
    assert "từ chối giao dịch" in text
    assert "Thanh toán lại" in text

    choose(client, go_to_gateway(client, submitted), "success")
    second = Payment.objects.exclude(pk=first.pk).get(dossier=submitted)
    assert second.reference != first.reference
    assert second.status == PaymentStatus.PAID
    assert Payment.objects.get(pk=first.pk).status == PaymentStatus.FAILED


def test_cancelled_payment_records_no_gateway_transaction(client, citizen, submitted):
    client.force_login(citizen)
    back = choose(client, go_to_gateway(client, submitted), "cancel")
    payment = Payment.objects.get(dossier=submitted)
    assert payment.status == PaymentStatus.CANCELLED
    assert payment.provider_txn is None
    assert "Bạn đã hủy giao dịch" in client.get(back["Location"]).content.decode()


def test_double_click_on_pay_reuses_the_pending_payment(client, citizen, submitted):
    client.force_login(citizen)
    first = query_of(go_to_gateway(client, submitted))
    second = query_of(go_to_gateway(client, submitted))
    assert first["vnp_TxnRef"] == second["vnp_TxnRef"]
    assert Payment.objects.filter(dossier=submitted).count() == 1


def test_a_paid_dossier_cannot_be_paid_again(client, citizen, submitted):
    client.force_login(citizen)
    choose(client, go_to_gateway(client, submitted), "success")
    response = client.post(page_url(submitted))
    assert response.status_code == 400
    assert "đã được thanh toán" in response.content.decode()
    assert Payment.objects.filter(dossier=submitted).count() == 1


def test_dossier_without_fees_shows_no_pay_button_and_refuses_to_start(client, citizen, make_dossier, walk):
    dossier = walk(make_dossier(), ("submit", "citizen"))  # the plain procedure: no fee
    client.force_login(citizen)
    assert "không phải thanh toán trực tuyến" in client.get(page_url(dossier)).content.decode()
    response = client.post(page_url(dossier))
    assert response.status_code == 400
    assert not Payment.objects.exists()


def test_receipt_pdf_shows_the_heading_amount_in_figures_and_words_and_the_reference(client, citizen, submitted):
    client.force_login(citizen)
    choose(client, go_to_gateway(client, submitted), "success")
    payment = Payment.objects.get(dossier=submitted)
    response = client.get(f"/thanh-toan/{payment.reference}/bien-lai.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "BIÊN LAI THU PHÍ, LỆ PHÍ" in text
    assert payment.reference in text
    assert "8.000" in text and "Tám nghìn đồng" in text
    assert payment.provider_txn in text
    assert "Phí cấp bản sao trích lục hộ tịch" in text


def test_return_with_a_tampered_result_shows_an_error_and_changes_nothing(client, citizen, submitted):
    client.force_login(citizen)
    gateway_url = go_to_gateway(client, submitted)
    params = query_of(gateway_url)
    # The browser brings back a "success" it made up, signed with the wrong key.
    forged = {"vnp_TxnRef": params["vnp_TxnRef"], "vnp_Amount": params["vnp_Amount"],
              "vnp_ResponseCode": "00", "vnp_TransactionNo": "1", "vnp_SecureHash": "ab" * 64}
    response = client.get("/thanh-toan/ket-qua/sandbox/", forged)
    assert response.status_code == 400
    assert "không hợp lệ" in response.content.decode()
    assert Payment.objects.get(dossier=submitted).status == PaymentStatus.PENDING


def test_gateway_refuses_a_payment_request_whose_signature_was_altered(client, citizen, submitted):
    client.force_login(citizen)
    params = query_of(go_to_gateway(client, submitted))
    params["vnp_Amount"] = "100"  # pay 1 đồng instead of 8.000
    response = client.get("/thanh-toan/sandbox/thanh-toan/", params)
    assert response.status_code == 400
    assert "Chữ ký của yêu cầu thanh toán không hợp lệ" in response.content.decode()


def test_gateway_without_a_choice_answers_400(client, citizen, submitted):
    client.force_login(citizen)
    params = query_of(go_to_gateway(client, submitted))
    response = client.post("/thanh-toan/sandbox/thanh-toan/", {**params, "choice": "steal"})
    assert response.status_code == 400
    assert Payment.objects.get(dossier=submitted).status == PaymentStatus.PENDING
