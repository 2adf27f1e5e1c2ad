"""The dossier (hồ sơ): one application, its units, its legal clock.

Only ``dossiers.workflow`` changes a dossier's state (see docs/contributing.md). The due date is
computed by ``motcua.workdays`` at receipt and stored together with the explanation shown to
people and the calendar revision it was computed with: a later change of the calendar never
moves it silently (``motcua recompute_deadlines`` is the explicit, logged way).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.units.models import Agency


class Status(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã nộp, chờ tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_PROCESSING = "in_processing", _("Đang xử lý")
    WAITING_SUPPLEMENT = "waiting_supplement", _("Chờ bổ sung hồ sơ")
    SUSPENDED = "suspended", _("Tạm dừng")
    REFUSED = "refused", _("Từ chối")
    WITHDRAWN = "withdrawn", _("Đã rút")
    RESOLVED = "resolved", _("Đã có kết quả")
    RESULT_RETURNED = "result_returned", _("Đã trả kết quả")
    CLOSED = "closed", _("Đã kết thúc")


class Channel(models.TextChoices):
    DESK = "desk", _("Trực tiếp")
    POST = "post", _("Bưu chính")
    ONLINE = "online", _("Trực tuyến")


class Dossier(models.Model):
    code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True, null=True, blank=True)
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="dossiers"
    )
    # Since 2025 a desk may receive for any commune of its province: two separate facts.
    receiving_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan tiếp nhận"), on_delete=models.PROTECT,
        related_name="received_dossiers",
    )
    competent_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT,
        related_name="competent_dossiers",
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="dossiers",
    )
    applicant_name = models.CharField(_("tên người nộp"), max_length=200, blank=True)
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả kết quả"), null=True, blank=True, db_index=True)
    due_explanation = models.TextField(_("cách tính hạn"), blank=True)
    calendar_revision = models.PositiveIntegerField(_("phiên bản lịch dùng để tính hạn"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("thời điểm có kết quả"), null=True, blank=True)
    returned_at = models.DateTimeField(_("thời điểm trả kết quả"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Optimistic lock: every transition checks and bumps it (dossiers.workflow).
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["receiving_agency", "status", "due_at"]),
            models.Index(fields=["competent_agency", "status", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"
