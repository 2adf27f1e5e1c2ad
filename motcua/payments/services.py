"""Every change to a payment: start, settle on a verified callback, settle after a timeout.

The rules, whatever the gateway:

* One open payment (pending or paid) per dossier: a second "pay" reuses the pending one, a
  paid dossier is not paid again (also a partial unique index, for concurrent requests).
* A callback is trusted only with a valid signature, for a known reference, with the exact
  amount; anything else is refused, logged (reference and code only, no personal data) and
  changes nothing.
* Settlement is one status-guarded UPDATE (``WHERE status = 'pending'``): of two callbacks
  racing (IPN and browser return, or a replay) exactly one settles, the other answers
  "already confirmed". A gateway transaction id confirms one payment only.
* A pending payment whose window (``MOTCUA_PAYMENT_TIMEOUT_MINUTES``) has closed is settled by
  asking the gateway (``query``): paid if the gateway says so, expired otherwise.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Mapping

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier

from . import clock, fees
from .models import OPEN_STATUSES, Payment, PaymentStatus
from .providers import CallbackResult, IpnCode, Outcome, get_provider
from .providers.sandbox import timeout_minutes

logger = logging.getLogger("motcua.payments")

OUTCOME_STATUS = {
    Outcome.PAID: PaymentStatus.PAID,
    Outcome.FAILED: PaymentStatus.FAILED,
    Outcome.CANCELLED: PaymentStatus.CANCELLED,
    Outcome.EXPIRED: PaymentStatus.EXPIRED,
}


class PaymentError(Exception):
    """A refusal to start a payment; ``str()`` is the Vietnamese message for the applicant."""

    message = _("Không thể thanh toán hồ sơ này.")
    code = "payment_error"

    def __str__(self) -> str:
        return str(self.message)


class NothingToPay(PaymentError):
    message = _("Thủ tục của hồ sơ này không thu phí, lệ phí trực tuyến: không cần thanh toán.")
    code = "nothing_to_pay"


class NotPayableNow(PaymentError):
    message = _(
        "Hồ sơ ở trạng thái hiện tại không thể thanh toán trực tuyến (chỉ thanh toán sau khi đã "
        "nộp và trước khi hồ sơ kết thúc)."
    )
    code = "not_payable"


class AlreadyPaid(PaymentError):
    message = _("Hồ sơ này đã được thanh toán phí, lệ phí.")
    code = "already_paid"


def open_payment(dossier: Dossier) -> Payment | None:
    return Payment.objects.filter(dossier=dossier, status__in=OPEN_STATUSES).first()


def return_url(base_url: str, provider_name: str) -> str:
    return f"{base_url.rstrip('/')}{reverse('payments:return', args=[provider_name])}"


def start_payment(
    dossier: Dossier, *, by, base_url: str, client_ip: str = "", provider: str | None = None,
) -> tuple[Payment, str]:
    """The payment to make for ``dossier`` and the gateway address to send the browser to.

    Reuses the dossier's pending payment (double click, back button); raises
    ``PaymentError`` subclasses with a Vietnamese message.
    """
    if not fees.payment_required(dossier):
        raise NothingToPay()
    if dossier.status not in fees.PAYABLE_STATUSES:
        raise NotPayableNow()
    payment = open_payment(dossier)
    if payment is not None and payment.status == PaymentStatus.PENDING:
        payment = settle_if_overdue(payment)
    if payment is not None and payment.status == PaymentStatus.PAID:
        raise AlreadyPaid()
    if payment is None or payment.status != PaymentStatus.PENDING:
        payment = _create(dossier, by=by, provider=provider)
        if payment.status == PaymentStatus.PAID:
            raise AlreadyPaid()
    gateway = get_provider(payment.provider)
    url = gateway.start(payment, return_url=return_url(base_url, gateway.name), client_ip=client_ip)
    return payment, url


def _create(dossier: Dossier, *, by, provider: str | None) -> Payment:
    gateway = get_provider(provider)
    lines = [line.as_dict() for line in fees.fee_lines(dossier) if line.charged]
    moment = clock.now()
    try:
        with transaction.atomic():
            return Payment.objects.create(
                dossier=dossier, payer=by if getattr(by, "is_authenticated", False) else None,
                amount=sum(line["amount"] for line in lines), lines=lines,
                provider=gateway.name, created_at=moment,
                expires_at=moment + dt.timedelta(minutes=timeout_minutes()),
            )
    except IntegrityError:
        # A concurrent request (double click) created the open payment first: use that one.
        existing = open_payment(dossier)
        if existing is None:
            raise
        return existing


def _settle(payment: Payment, result: CallbackResult) -> bool:
    """The one write that settles a payment; False when it was no longer pending."""
    status = OUTCOME_STATUS[result.outcome]
    moment = clock.now()
    values = {
        "status": status, "settled_at": moment, "response_code": result.response_code[:10],
        "callback": result.raw,
    }
    if status == PaymentStatus.PAID:
        values["paid_at"] = moment
    if result.provider_txn:
        values["provider_txn"] = result.provider_txn[:64]
    try:
        with transaction.atomic():
            updated = Payment.objects.filter(pk=payment.pk, status=PaymentStatus.PENDING).update(**values)
    except IntegrityError:
        # The gateway transaction already settled another payment: a replay onto a new order.
        logger.warning(
            "payment %s: gateway transaction already used by another payment, refused",
            payment.reference,
        )
        return False
    if updated:
        logger.info("payment %s settled as %s", payment.reference, status)
    return bool(updated)


def process_callback(provider_name: str, params: Mapping[str, str]) -> tuple[IpnCode, Payment | None]:
    """Verify and apply a gateway callback (IPN or browser return): the one code path.

    Answers the IPN code and the payment it concerns (None when unknown or untrusted).
    """
    provider = get_provider(provider_name)  # UnknownProvider is the caller's 404
    result = provider.verify_callback(params)
    if not result.signature_valid:
        logger.warning("payment callback refused: invalid signature (provider %s)", provider.name)
        return IpnCode.INVALID_SIGNATURE, None
    payment = Payment.objects.filter(provider=provider.name, reference=result.reference).first()
    if payment is None:
        logger.warning("payment callback refused: unknown reference (provider %s)", provider.name)
        return IpnCode.NOT_FOUND, None
    if result.amount != payment.amount:
        logger.warning("payment %s: callback refused, amount does not match", payment.reference)
        return IpnCode.INVALID_AMOUNT, payment
    if result.outcome == Outcome.PENDING:
        return IpnCode.UNKNOWN_ERROR, payment
    if payment.status != PaymentStatus.PENDING:
        _note_late(payment, result)
        return IpnCode.ALREADY_CONFIRMED, payment
    if not _settle(payment, result):
        payment.refresh_from_db()
        _note_late(payment, result)
        return IpnCode.ALREADY_CONFIRMED, payment
    payment.refresh_from_db()
    return IpnCode.CONFIRMED, payment


def _note_late(payment: Payment, result: CallbackResult) -> None:
    if result.outcome == Outcome.PAID and payment.status != PaymentStatus.PAID:
        # Money taken for a payment already settled otherwise: finance must refund or match it.
        logger.error(
            "payment %s: gateway reports it paid but it is %s; reconcile with the gateway",
            payment.reference, payment.status,
        )


def settle_if_overdue(payment: Payment) -> Payment:
    """Ask the gateway about a pending payment whose window has closed; the payment as it now is."""
    if payment.status != PaymentStatus.PENDING or clock.now() < payment.expires_at:
        return payment
    result = get_provider(payment.provider).query(payment)
    if result.outcome == Outcome.PENDING:
        return payment
    if result.outcome == Outcome.PAID and result.amount != payment.amount:
        logger.error("payment %s: query reports a different amount; left pending", payment.reference)
        return payment
    _settle(payment, result)
    payment.refresh_from_db()
    return payment


def settle_overdue_payments(limit: int = 500) -> int:
    """Settle the pending payments whose window has closed (the periodic job); how many."""
    overdue = Payment.objects.filter(
        status=PaymentStatus.PENDING, expires_at__lte=clock.now()
    ).order_by("expires_at")[:limit]
    settled = 0
    for payment in overdue:
        if settle_if_overdue(payment).status != PaymentStatus.PENDING:
            settled += 1
    return settled


def status_for(dossier: Dossier) -> dict:
    """What the applicant's pages say about paying ``dossier``: {required, amount_due, paid,
    paid_amount, reference, refund_due, status, label, url, receipt_url}. Reads
    ``dossier.payments.all()`` and ``dossier.procedure.fees.all()``: prefetch both
    (``prefetch_for_status``) on list pages.

    ``refund_due``: the fee was paid but the dossier ended without being handled (refused or
    withdrawn); the agency refunds it, the pages say how to claim it."""
    required = fees.payment_required(dossier)
    payments = [p for p in dossier.payments.all() if p.status in OPEN_STATUSES]
    paid = next((p for p in payments if p.status == PaymentStatus.PAID), None)
    refund_due = paid is not None and dossier.status in fees.REFUND_STATUSES
    if refund_due:
        # Checked before ``required``: money was taken, whatever the catalogue says today.
        status, label = "refund_due", _("Đã thanh toán, chờ cơ quan hoàn trả")
    elif not required:
        status, label = "not_required", _("Không phải thanh toán trực tuyến")
    elif paid is not None:
        status, label = "paid", _("Đã thanh toán")
    elif payments:
        status, label = "pending", _("Đang chờ thanh toán")
    else:
        status, label = "unpaid", _("Chưa thanh toán")
    return {
        "required": required,
        "amount_due": fees.amount_due(dossier),
        "paid": paid is not None,
        # What was actually paid (the receipt's amount), which the refund returns.
        "paid_amount": paid.amount if paid else None,
        "reference": paid.reference if paid else None,
        "refund_due": refund_due,
        "status": status,
        "label": label,
        "url": reverse("payments:dossier", args=[dossier.pk]) if required or paid else None,
        "receipt_url": reverse("payments:receipt", args=[paid.reference]) if paid else None,
    }


def prefetch_for_status(queryset):
    """``queryset`` of dossiers ready for ``status_for`` on each row at a constant query count."""
    # ``online``: the form's copies count for per-copy fees (``fees.form_data_of``).
    return queryset.select_related("procedure", "online").prefetch_related("procedure__fees", "payments")
