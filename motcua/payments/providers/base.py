"""The payment-provider interface: how the portal talks to a gateway.

Every gateway the portal uses (the national payment platform PayGov, VNPay, a bank's) works
the same way: the portal sends the browser to the gateway with signed parameters (amount,
order reference, return address); the gateway sends the browser back with a signed result
*and* calls the portal server to server (IPN); when neither arrives, the portal asks the
gateway (``query``). A provider turns those messages into ``CallbackResult`` values; the
decisions (amount check, idempotent settlement, IPN answer) are made once, in
``payments.services``, for every provider.
"""

from __future__ import annotations

import abc
import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


class Outcome(enum.StrEnum):
    """What the gateway says happened to a payment."""

    PAID = "paid"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # the gateway knows no payment for the order and its time is over
    PENDING = "pending"  # still in progress at the gateway: ask again later


@dataclass(frozen=True)
class CallbackResult:
    """A gateway message, read and checked by its provider.

    ``signature_valid`` False means nothing else may be trusted. ``amount`` is in đồng.
    ``raw`` is the message without its signature, kept on the payment for reconciliation.
    """

    signature_valid: bool
    reference: str = ""
    amount: int | None = None
    outcome: Outcome = Outcome.FAILED
    provider_txn: str = ""
    response_code: str = ""
    raw: dict = field(default_factory=dict)


class IpnCode(enum.StrEnum):
    """The portal's answer to a server-to-server notification (VNPay's codes, which the
    national platform's integration guide uses too)."""

    CONFIRMED = "00"
    NOT_FOUND = "01"
    ALREADY_CONFIRMED = "02"
    INVALID_AMOUNT = "04"
    INVALID_SIGNATURE = "97"
    UNKNOWN_ERROR = "99"


IPN_MESSAGES = {
    IpnCode.CONFIRMED: "Confirm Success",
    IpnCode.NOT_FOUND: "Order not found",
    IpnCode.ALREADY_CONFIRMED: "Order already confirmed",
    IpnCode.INVALID_AMOUNT: "Invalid amount",
    IpnCode.INVALID_SIGNATURE: "Invalid signature",
    IpnCode.UNKNOWN_ERROR: "Unknown error",
}


class PaymentProvider(abc.ABC):
    """One gateway. Instances are cheap and stateless; ``get_provider`` makes them."""

    name: str = ""
    label: str = ""

    @abc.abstractmethod
    def start(self, payment, *, return_url: str, client_ip: str = "") -> str:
        """The address to send the applicant's browser to, to pay ``payment``."""

    @abc.abstractmethod
    def verify_callback(self, params: Mapping[str, str]) -> CallbackResult:
        """Read a return or IPN message; never raises on bad input (``signature_valid=False``)."""

    @abc.abstractmethod
    def query(self, payment) -> CallbackResult:
        """Ask the gateway what became of ``payment`` (after its timeout, no callback came)."""

    def ipn_body(self, code: IpnCode) -> dict:
        """The body the gateway expects in answer to its IPN."""
        return {"RspCode": code.value, "Message": IPN_MESSAGES[code]}
