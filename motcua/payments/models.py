"""A payment of a dossier's fees through an online gateway (level-4 service, Decree 42/2022).

A ``Payment`` row is the portal's side of one attempt: created *pending* when the applicant
presses "pay", settled exactly once (paid, failed, cancelled or expired) by a verified gateway
callback or by a query after the timeout, and never changed after that. Settlement is a
status-guarded UPDATE (``WHERE status = 'pending'``) so that two callbacks racing each other
(the IPN and the browser's return) count once; the database refuses any later UPDATE of a
settled row (trigger in migration 0002). The dossier's own status is not touched: paying is
not a workflow action.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier

# 20 upper-case hex characters: unguessable (80 bits), accepted as an order reference by
# VNPay and the national platform (letters and digits only, at most 100 characters).
REFERENCE_BYTES = 10


def new_reference() -> str:
    return secrets.token_hex(REFERENCE_BYTES).upper()


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Đang chờ thanh toán")
    PAID = "paid", _("Đã thanh toán")
    FAILED = "failed", _("Thanh toán không thành công")
    CANCELLED = "cancelled", _("Đã hủy thanh toán")
    EXPIRED = "expired", _("Quá thời gian thanh toán")


OPEN_STATUSES = (PaymentStatus.PENDING, PaymentStatus.PAID)
SETTLED_STATUSES = (
    PaymentStatus.PAID, PaymentStatus.FAILED, PaymentStatus.CANCELLED, PaymentStatus.EXPIRED,
)


class SettledPaymentError(RuntimeError):
    """Raised on an attempt to save a payment through the ORM after its creation."""


class Payment(models.Model):
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="payments"
    )
    payer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thanh toán"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    # Whole đồng (VND has no minor unit in use).
    amount = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    currency = models.CharField(_("loại tiền"), max_length=3, default="VND")
    # What was charged, copied at the start: the receipt must show the lines paid even if the
    # catalogue's fees change later. [{"kind", "kind_label", "name", "amount"}]
    lines = models.JSONField(_("các khoản thu"), default=list)
    reference = models.CharField(
        _("mã giao dịch"), max_length=40, unique=True, default=new_reference, editable=False
    )
    provider = models.CharField(_("cổng thanh toán"), max_length=30)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    # NULL, not "", when the gateway made no transaction (a cancel): the unique constraint
    # below must not treat two such payments as the same transaction.
    provider_txn = models.CharField(  # noqa: DJ001
        _("mã giao dịch tại cổng thanh toán"), max_length=64, null=True, blank=True
    )
    response_code = models.CharField(_("mã phản hồi của cổng"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    settled_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    # The verified callback as the gateway sent it, signature removed.
    callback = models.JSONField(_("dữ liệu phản hồi"), default=dict, blank=True)

    class Meta:
        verbose_name = _("giao dịch thanh toán")
        verbose_name_plural = _("giao dịch thanh toán")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # A gateway transaction confirms one payment only (replays count once).
            models.UniqueConstraint(
                fields=["provider", "provider_txn"], name="payment_provider_txn_unique"
            ),
            # A double click on "pay" finds the pending payment; a paid dossier is not paid twice.
            models.UniqueConstraint(
                fields=["dossier"], condition=Q(status__in=["pending", "paid"]),
                name="payment_one_open_per_dossier",
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
        ]
        indexes = [models.Index(fields=["status", "expires_at"])]

    def __str__(self) -> str:
        return self.reference

    def save(self, *args, **kwargs):
        # Rows are inserted once; every change afterwards is a guarded UPDATE in
        # payments.services, so a stale instance can never overwrite a settlement.
        if not self._state.adding:
            raise SettledPaymentError("Payments change only through payments.services.")
        super().save(*args, **kwargs)

    @property
    def is_paid(self) -> bool:
        return self.status == PaymentStatus.PAID

    @property
    def is_settled(self) -> bool:
        return self.status in SETTLED_STATUSES
