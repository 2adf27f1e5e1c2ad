"""One row per message sent (or tried) to a person: the applicant about their dossier, an
official about a deadline. The citizen reads their own at /thong-bao/.

The recipient's address is stored masked (Decree 13/2023: keep no more than needed); the job
that delivers the message looks the real address up again when it sends.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class Channel(models.TextChoices):
    EMAIL = "email", _("Thư điện tử")
    SMS = "sms", _("Tin nhắn SMS")


class Audience(models.TextChoices):
    APPLICANT = "applicant", _("Người nộp hồ sơ")
    OFFICIAL = "official", _("Cán bộ, công chức")


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Chờ gửi")
    SENT = "sent", _("Đã gửi")
    FAILED = "failed", _("Gửi không thành công")


class Notification(models.Model):
    dossier = models.ForeignKey(
        Dossier,
        verbose_name=_("hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notifications",
    )
    # The account the message is for (the applicant, the official); none for a walk-in
    # applicant without an account.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    audience = models.CharField(
        _("đối tượng"), max_length=10, choices=Audience.choices, default=Audience.APPLICANT
    )
    # The workflow action ("accept", "request_supplement"…) or the reminder kind.
    kind = models.CharField(_("loại thông báo"), max_length=40)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices)
    recipient = models.CharField(_("người nhận (đã che)"), max_length=254, blank=True)
    subject = models.CharField(_("tiêu đề"), max_length=250, blank=True)
    body = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái gửi"),
        max_length=10,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("số lần gửi"), default=0)
    error = models.TextField(_("lỗi lần gửi cuối"), blank=True)
    # Makes a message idempotent: one per transition event and channel, one reminder per
    # dossier, recipient and day. Null for messages that may repeat.
    key = models.CharField(
        _("khóa chống gửi trùng"), max_length=150, unique=True, null=True, blank=True
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject or self.kind}"
