"""The dossier (hồ sơ): one application, its units, its legal clock, its audit trail.

Only ``dossiers.workflow`` changes a dossier's state (see docs/contributing.md). The due date is
computed by ``motcua.workdays`` at receipt and stored together with the explanation shown to
people and the calendar revision it was computed with: a later change of the calendar never
moves it silently (``motcua recompute_deadlines`` is the explicit, logged way).

Dossiers are never deleted: archive law decides their retention, and their audit events
(``AuditEvent``, append-only in the database) protect them (``on_delete=PROTECT``).
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure, WorkflowStep
from motcua.units.models import Agency

LOOKUP_SECRET_BYTES = 9  # 12 url-safe characters: short enough to type from a receipt


def new_lookup_secret() -> str:
    return secrets.token_urlsafe(LOOKUP_SECRET_BYTES)


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


class StepState(models.TextChoices):
    """Where the current internal step stands while the dossier is in processing."""

    NONE = "", _("Không ở bước nào")
    PENDING = "pending", _("Chờ nhận xử lý")
    ACTIVE = "active", _("Đang xử lý")
    PROPOSED = "proposed", _("Chờ lãnh đạo phê duyệt")


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
    # When the current legal period began: acceptance, or the receipt of a complete supplement
    # (the whole limit starts again then). ``received_at`` stays the first acceptance.
    clock_started_at = models.DateTimeField(_("thời điểm bắt đầu tính hạn"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("thời điểm tạm dừng"), null=True, blank=True)
    # Office time suspended since ``clock_started_at``: due_at = deadline from clock_started_at
    # + this (so a recomputation after a calendar change keeps the suspensions).
    suspended_working_time = models.DurationField(
        _("thời gian tạm dừng (giờ làm việc)"), default=dt.timedelta(0)
    )
    current_step = models.ForeignKey(
        WorkflowStep, verbose_name=_("bước đang xử lý"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    step_state = models.CharField(
        _("tình trạng bước"), max_length=10, choices=StepState.choices, default=StepState.NONE,
        blank=True,
    )
    # The specialist (or leader) the competent agency's leader handed the dossier to; written
    # only by the ``assign`` action of ``dossiers.workflow`` (its audit event says from whom).
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người được giao xử lý"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="assigned_dossiers",
    )
    assigned_at = models.DateTimeField(_("thời điểm giao xử lý"), null=True, blank=True)
    # The last apology for lateness (``apologise`` action): when, and the new appointment it
    # promised. ``due_at`` stays the legal due date, so the dossier still counts as late.
    apologised_at = models.DateTimeField(_("thời điểm xin lỗi"), null=True, blank=True)
    new_due_at = models.DateTimeField(_("hẹn lại ngày trả kết quả"), null=True, blank=True)
    # Printed on the receipt; with the code it lets an applicant without an account follow the
    # dossier. Compared in constant time (``lookup_secret_matches``).
    lookup_secret = models.CharField(
        _("mã tra cứu"), max_length=32, default=new_lookup_secret, editable=False
    )

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["receiving_agency", "status", "due_at"]),
            models.Index(fields=["competent_agency", "status", "due_at"]),
            # Reports count a unit's dossiers received in a period.
            models.Index(fields=["competent_agency", "received_at"]),
            # Reports list the dossiers behind a figure, most recent first, across many units.
            models.Index(fields=["received_at"]),
            # A specialist's "assigned to me" tab.
            models.Index(fields=["assignee", "status", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.code or f"#{self.pk}"

    def lookup_secret_matches(self, candidate: str | None) -> bool:
        if not candidate or not self.lookup_secret:
            return False
        return hmac.compare_digest(
            self.lookup_secret.encode("utf-8"), str(candidate).strip().encode("utf-8")
        )


class DailySequence(models.Model):
    """The last daily sequence number used in dossier codes, per agency code and day.

    Keyed by the agency's *code*, not the agency row: codes are what must never repeat, and two
    agency rows can bear the same code (a renamed agency gets a new row with the old code).
    """

    agency_code = models.CharField(_("mã cơ quan"), max_length=40)
    day = models.DateField(_("ngày"))
    last = models.PositiveIntegerField(_("số thứ tự cuối"), default=0)

    class Meta:
        verbose_name = _("số thứ tự hồ sơ trong ngày")
        verbose_name_plural = _("số thứ tự hồ sơ trong ngày")
        constraints = [
            models.UniqueConstraint(fields=["agency_code", "day"], name="daily_sequence_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_code} {self.day:%d/%m/%Y}: {self.last}"


class AuditEvent(models.Model):
    """One transition or one official read of a dossier: append-only, hash-chained per dossier.

    The database refuses UPDATE and DELETE on this table (triggers created in migration 0003, see ``append_only``);
    ``hash`` covers the event and the previous event's hash, so ``motcua audit verify`` finds
    any row changed or removed behind the database's back.
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="audit_events"
    )
    seq = models.PositiveIntegerField(_("số thứ tự"))
    at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    action = models.CharField(_("thao tác"), max_length=30)
    from_status = models.CharField(_("trạng thái trước"), max_length=20, blank=True)
    to_status = models.CharField(_("trạng thái sau"), max_length=20, blank=True)
    details = models.JSONField(_("chi tiết"), default=dict, blank=True)
    prev_hash = models.CharField(_("mã băm sự kiện trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64)

    class Meta:
        verbose_name = _("nhật ký hồ sơ")
        verbose_name_plural = _("nhật ký hồ sơ")
        ordering = ["dossier_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "seq"], name="audit_event_seq_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id}#{self.seq} {self.action}"


class Consultation(models.Model):
    """A request for another agency's opinion during an internal step (liên thông).

    Not a state change of the dossier: written by ``dossiers.consultations`` with its own audit
    events. While one is unanswered the step cannot be completed (``dossiers.workflow``).
    """

    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="consultations"
    )
    step = models.ForeignKey(
        WorkflowStep, verbose_name=_("bước xử lý"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan được xin ý kiến"), on_delete=models.PROTECT,
        related_name="consultations",
    )
    question = models.TextField(_("nội dung xin ý kiến"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xin ý kiến"), on_delete=models.PROTECT,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("thời điểm xin ý kiến"))
    due_at = models.DateTimeField(_("hạn trả lời"), null=True, blank=True)
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    answer = models.TextField(_("ý kiến trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )

    class Meta:
        verbose_name = _("xin ý kiến")
        verbose_name_plural = _("xin ý kiến")
        ordering = ["requested_at", "id"]
        indexes = [
            models.Index(fields=["agency", "answered_at", "due_at"]),
            models.Index(fields=["dossier", "answered_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.agency_id}"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
