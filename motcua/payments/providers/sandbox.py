"""The sandbox gateway: VNPay's protocol, with the gateway served by motcua itself.

The merchant side (``SandboxProvider``) is what a real VNPay provider would be, pointed at
``/thanh-toan/sandbox/``; the gateway side (``gateway_*`` below, used by the sandbox views)
plays the bank: it checks the merchant's signature, lets the tester choose the outcome,
calls the portal's IPN and sends the browser back with a signed result. Both sides share
one secret, ``MOTCUA_PAYMENT_SANDBOX_SECRET`` (derived from ``SECRET_KEY`` by default).

The sandbox keeps no ledger of its own: a payment nobody answered for is, to the sandbox,
a transaction it never made, so ``query`` reports it expired once its window has closed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.payments import clock

from . import vnpay
from .base import CallbackResult, Outcome, PaymentProvider

TMN_CODE = "MOTCUA01"
BANK_CODE = "NCB"

# The tester's choices on the sandbox page → (vnp_ResponseCode, vnp_TransactionStatus).
GATEWAY_OUTCOMES = {
    "success": (vnpay.SUCCESS, "00"),
    "failure": (vnpay.DECLINED, "02"),
    "cancel": (vnpay.CANCELLED, "02"),
    # Not a button: what any choice becomes once the payment window has closed.
    "expired": (vnpay.EXPIRED, "02"),
}
CHOICES = ("success", "failure", "cancel")
TIMEOUT = "timeout"


def sandbox_secret() -> str:
    configured = getattr(settings, "MOTCUA_PAYMENT_SANDBOX_SECRET", "")
    if configured:
        return configured
    return hmac.new(
        settings.SECRET_KEY.encode("utf-8"), b"motcua.payments.sandbox", hashlib.sha256
    ).hexdigest()


def timeout_minutes() -> int:
    return int(getattr(settings, "MOTCUA_PAYMENT_TIMEOUT_MINUTES", 15))


class SandboxProvider(PaymentProvider):
    name = "sandbox"
    label = _("Cổng thanh toán thử nghiệm (sandbox)")

    def secret(self) -> str:
        return sandbox_secret()

    def gateway_url(self) -> str:
        return reverse("payments:sandbox_pay")

    def start(self, payment, *, return_url: str, client_ip: str = "") -> str:
        params = {
            "vnp_Version": vnpay.VERSION,
            "vnp_Command": "pay",
            "vnp_TmnCode": TMN_CODE,
            "vnp_Amount": vnpay.to_gateway_amount(payment.amount),
            "vnp_CurrCode": payment.currency,
            "vnp_TxnRef": payment.reference,
            # ASCII, no personal data: gateways show it on bank statements.
            "vnp_OrderInfo": f"Thanh toan phi le phi ho so {payment.dossier_id}",
            "vnp_OrderType": "billpayment",
            "vnp_Locale": "vn",
            "vnp_ReturnUrl": return_url,
            "vnp_IpAddr": client_ip or "127.0.0.1",
            "vnp_CreateDate": vnpay.format_date(payment.created_at),
            "vnp_ExpireDate": vnpay.format_date(payment.expires_at),
        }
        return f"{self.gateway_url()}?{urlencode(vnpay.signed(params, self.secret()))}"

    def verify_callback(self, params: Mapping[str, str]) -> CallbackResult:
        return vnpay.read_result(params, self.secret())

    def query(self, payment) -> CallbackResult:
        if clock.now() < payment.expires_at:
            return CallbackResult(
                signature_valid=True, reference=payment.reference, amount=payment.amount,
                outcome=Outcome.PENDING, response_code="",
            )
        return CallbackResult(
            signature_valid=True, reference=payment.reference, amount=payment.amount,
            outcome=Outcome.EXPIRED, response_code=vnpay.TRANSACTION_NOT_FOUND,
            raw={"vnp_TxnRef": payment.reference, "vnp_ResponseCode": vnpay.TRANSACTION_NOT_FOUND,
                 "vnp_Message": "Transaction not found (sandbox query after timeout)"},
        )


# --- The gateway's side -------------------------------------------------------------------

class GatewayRequestError(ValueError):
    """A payment request the gateway refuses (bad signature, missing field, expired)."""


def gateway_read_request(params: Mapping[str, str]) -> dict[str, str]:
    """The merchant's signed request, checked as the gateway would; ``GatewayRequestError``."""
    values = {str(k): str(v) for k, v in params.items() if str(k).startswith("vnp_")}
    if not vnpay.signature_matches(values, sandbox_secret()):
        raise GatewayRequestError(_("Chữ ký của yêu cầu thanh toán không hợp lệ."))
    if values.get("vnp_TmnCode") != TMN_CODE or vnpay.from_gateway_amount(values.get("vnp_Amount")) is None:
        raise GatewayRequestError(_("Yêu cầu thanh toán thiếu thông tin hoặc sai số tiền."))
    if not values.get("vnp_TxnRef") or not values.get("vnp_ReturnUrl"):
        raise GatewayRequestError(_("Yêu cầu thanh toán thiếu thông tin hoặc sai số tiền."))
    return values


def gateway_expired(request_params: Mapping[str, str], now: dt.datetime | None = None) -> bool:
    expires = vnpay.parse_date(request_params.get("vnp_ExpireDate", ""))
    return expires is not None and (now or clock.now()) >= expires


def gateway_result(request_params: Mapping[str, str], choice: str) -> dict[str, str]:
    """The signed result the gateway sends back (to the IPN and the return URL)."""
    response_code, transaction_status = GATEWAY_OUTCOMES[choice]
    made_transaction = choice in ("success", "failure")
    params = {
        "vnp_TmnCode": request_params["vnp_TmnCode"],
        "vnp_Amount": request_params["vnp_Amount"],
        "vnp_BankCode": BANK_CODE,
        "vnp_CardType": "ATM",
        "vnp_OrderInfo": request_params.get("vnp_OrderInfo", ""),
        "vnp_PayDate": vnpay.format_date(clock.now()),
        "vnp_ResponseCode": response_code,
        "vnp_TransactionNo": str(10_000_000 + secrets.randbelow(90_000_000)) if made_transaction else "0",
        "vnp_TransactionStatus": transaction_status,
        "vnp_TxnRef": request_params["vnp_TxnRef"],
    }
    if made_transaction:
        params["vnp_BankTranNo"] = f"VNP{secrets.randbelow(10**8):08d}"
    return {**vnpay.signed(params, sandbox_secret()), "vnp_SecureHashType": "HmacSHA512"}


def return_address(request_params: Mapping[str, str], result: Mapping[str, str]) -> str:
    base = request_params["vnp_ReturnUrl"]
    return f"{base}{'&' if '?' in base else '?'}{urlencode(result)}"
