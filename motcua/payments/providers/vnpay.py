"""VNPay's published payment protocol (version 2.1.0), the model for the sandbox gateway.

Requests and results are flat query strings of ``vnp_*`` parameters. The signature
``vnp_SecureHash`` is HMAC-SHA512, keyed with the merchant's secret, over the parameters
sorted by name and URL-encoded as ``key=value`` pairs joined by ``&`` (``quote_plus``),
without ``vnp_SecureHash`` and ``vnp_SecureHashType``. ``vnp_Amount`` is the amount × 100;
``vnp_ResponseCode`` ``00`` with ``vnp_TransactionStatus`` ``00`` means paid, ``24`` that the
customer cancelled, ``11`` that the payment window expired; dates are ``yyyyMMddHHmmss`` in
Vietnam time (GMT+7).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from .base import CallbackResult, Outcome

VERSION = "2.1.0"
HASH_FIELDS_EXCLUDED = frozenset({"vnp_SecureHash", "vnp_SecureHashType"})
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_FORMAT = "%Y%m%d%H%M%S"

SUCCESS = "00"
CANCELLED = "24"
EXPIRED = "11"
# A refusal by the bank (VNPay's "51": insufficient funds), the sandbox's "Thất bại" button.
DECLINED = "51"
# querydr: "no such transaction" (the customer never paid).
TRANSACTION_NOT_FOUND = "91"
# What VNPay sends as vnp_TransactionNo when no gateway transaction was made.
NO_TRANSACTION = frozenset({"", "0"})


def hash_data(params: Mapping[str, str]) -> str:
    pairs = sorted(
        (key, str(value)) for key, value in params.items()
        if key.startswith("vnp_") and key not in HASH_FIELDS_EXCLUDED and value is not None
    )
    return urlencode(pairs)


def sign(params: Mapping[str, str], secret: str) -> str:
    return hmac.new(
        secret.encode("utf-8"), hash_data(params).encode("utf-8"), hashlib.sha512
    ).hexdigest()


def signed(params: Mapping[str, str], secret: str) -> dict[str, str]:
    """``params`` plus their ``vnp_SecureHash``."""
    values = {key: str(value) for key, value in params.items()}
    return {**values, "vnp_SecureHash": sign(values, secret)}


def signature_matches(params: Mapping[str, str], secret: str) -> bool:
    given = str(params.get("vnp_SecureHash") or "").strip().lower()
    if not given:
        return False
    return hmac.compare_digest(given.encode("ascii", "replace"), sign(params, secret).encode("ascii"))


def format_date(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime(DATE_FORMAT)


def parse_date(text: str) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(text, DATE_FORMAT).replace(tzinfo=VIETNAM)
    except (TypeError, ValueError):
        return None


def to_gateway_amount(amount: int) -> str:
    return str(int(amount) * 100)


def from_gateway_amount(text) -> int | None:
    """Đồng from ``vnp_Amount``; None when it is not a whole number of đồng × 100."""
    text = str(text or "")
    if not text.isdigit() or len(text) > 18:
        return None
    value = int(text)
    return value // 100 if value % 100 == 0 else None


def outcome_of(response_code: str, transaction_status: str | None) -> Outcome:
    if response_code == SUCCESS and transaction_status in (None, "", SUCCESS):
        return Outcome.PAID
    if response_code == CANCELLED:
        return Outcome.CANCELLED
    if response_code == EXPIRED:
        return Outcome.EXPIRED
    return Outcome.FAILED


def read_result(params: Mapping[str, str], secret: str) -> CallbackResult:
    """A return-URL or IPN message, checked against ``secret``."""
    values = {str(key): str(value) for key, value in params.items() if str(key).startswith("vnp_")}
    raw = {key: value for key, value in values.items() if key not in HASH_FIELDS_EXCLUDED}
    if not signature_matches(values, secret):
        return CallbackResult(signature_valid=False, reference=values.get("vnp_TxnRef", "")[:40], raw=raw)
    response_code = values.get("vnp_ResponseCode", "")
    txn = values.get("vnp_TransactionNo", "")
    return CallbackResult(
        signature_valid=True,
        reference=values.get("vnp_TxnRef", ""),
        amount=from_gateway_amount(values.get("vnp_Amount")),
        outcome=outcome_of(response_code, values.get("vnp_TransactionStatus")),
        provider_txn="" if txn in NO_TRANSACTION else txn,
        response_code=response_code,
        raw=raw,
    )
