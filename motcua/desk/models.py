"""What the desk records at a walk-in or postal receipt beyond the dossier itself.

The dossier model belongs to ``dossiers``; the applicant's contact details, the documents
handed over and the scans are the desk's own record of the receipt, kept beside it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier


class DeskIntake(models.Model):
    """One receipt at the desk. ``key`` is the one-time token of the form that created it:
    its unique constraint makes a double submit of the same form find this row instead of
    creating a second dossier."""

    key = models.CharField(_("mã biểu mẫu"), max_length=64, unique=True)
    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="desk_intake"
    )
    applicant_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    # [{"name": ..., "originals": n, "copies": n}] as the procedure listed them that day.
    documents_received = models.JSONField(_("giấy tờ đã nhận"), default=list, blank=True)
    # For an API intake, the SHA-256 of the caller and the request body (desk.idempotency.
    # fingerprint): the same key is replayed only for the very same request. Blank for the page.
    fingerprint = models.CharField(_("mã băm yêu cầu"), max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("tiếp nhận tại bộ phận một cửa")
        verbose_name_plural = _("tiếp nhận tại bộ phận một cửa")

    def __str__(self) -> str:
        return str(self.dossier)


class ScannedFile(models.Model):
    """A paper document digitised at receipt (never ask the applicant for it again)."""

    intake = models.ForeignKey(
        DeskIntake, verbose_name=_("tiếp nhận"), on_delete=models.PROTECT, related_name="scans"
    )
    file = models.FileField(_("tệp"), upload_to="desk/scans/%Y/%m/")
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=50)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))

    class Meta:
        verbose_name = _("bản quét giấy tờ")
        verbose_name_plural = _("bản quét giấy tờ")

    def __str__(self) -> str:
        return self.original_name


class QueueStamp(models.Model):
    """A counter per agency, raised in the same transaction as every change to its dossiers.

    The work queue keeps its rendered table in the cache under the sum of the stamps of the
    agencies an official sees (``desk.queue_cache``): any change in scope gives a new key, so a
    cached table is never shown after the dossiers behind it changed, on any number of servers,
    whatever the cache backend.
    """

    agency = models.OneToOneField(
        "units.Agency", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("dấu thay đổi hàng đợi")
        verbose_name_plural = _("dấu thay đổi hàng đợi")

    def __str__(self) -> str:
        return f"{self.agency_id}: {self.version}"


class ApiRequestKey(models.Model):
    """An ``Idempotency-Key`` the desk API has honoured: the same key sent again by the same
    caller answers with the dossier's current state instead of acting twice. Written in the
    action's own transaction, so a refused action leaves no key behind."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField(_("khóa một lần"), max_length=64)
    dossier = models.ForeignKey(Dossier, verbose_name=_("hồ sơ"), on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("thao tác"), max_length=30)
    # desk.idempotency.fingerprint of the request: the key replays only the very same request.
    # Blank for keys kept by the release before it (they are compared on dossier and action).
    fingerprint = models.CharField(_("mã băm yêu cầu"), max_length=64, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("khóa một lần của API")
        verbose_name_plural = _("khóa một lần của API")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="desk_api_request_key_unique")]

    def __str__(self) -> str:
        return f"{self.key} · {self.action}"
