"""What the online portal keeps beside a dossier: the form the applicant filled in, the files
they uploaded, and which required document each file answers.

The dossier itself (status, code, clock) belongs to ``dossiers``; a draft is a ``Dossier`` in
status ``draft`` with channel ``online`` and one ``OnlineApplication``. An ``Upload`` belongs to
its owner, not to a dossier, so a document uploaded once can be attached again to a later
dossier without sending it again (Decree 45/2020: do not ask twice for what the state holds).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import Representation
from motcua.catalog.models import RequiredDocument
from motcua.dossiers.models import Dossier


def upload_path(instance: Upload, filename: str) -> str:
    # A random name: files are served only through views that check the owner, never by a
    # guessable URL, and the applicant's file name (personal data) is not in the path.
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(
        instance.content_type, "bin"
    )
    return f"portal/uploads/{uuid.uuid4().hex}.{extension}"


class Upload(models.Model):
    """One file an applicant sent, checked (``portal.uploads.validate_upload``) before saving."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT,
        related_name="portal_uploads",
    )
    file = models.FileField(_("tệp"), upload_to=upload_path)
    original_name = models.CharField(_("tên tệp gốc"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=50)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    created_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tệp tải lên")
        verbose_name_plural = _("tệp tải lên")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class OnlineApplication(models.Model):
    """The online side of one dossier: the form data, who applies for whom, how to reach them."""

    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="online"
    )
    form_data = models.JSONField(_("nội dung tờ khai"), default=dict, blank=True)
    # Acting for another person or an organisation (accounts.Representation), recorded as it was
    # at submission: the name is copied because a representation may later be withdrawn.
    representation = models.ForeignKey(
        Representation, verbose_name=_("nộp thay cho"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="applications",
    )
    on_behalf_name = models.CharField(_("tên người, tổ chức được đại diện"), max_length=300, blank=True)
    contact_email = models.EmailField(_("thư điện tử nhận thông báo"), blank=True)
    contact_phone = models.CharField(_("số điện thoại nhận tin nhắn"), max_length=20, blank=True)
    # How the applicant wants the result: at the desk, by post, or online (electronic result).
    result_channel = models.CharField(_("hình thức nhận kết quả"), max_length=10, blank=True)
    # The one-time token of the "start an application" form: a double click on "Bắt đầu"
    # finds the draft the first click created instead of making a second one.
    start_key = models.CharField(_("mã tạo hồ sơ"), max_length=64, unique=True, null=True, blank=True)
    # The one-time token of the submit form: a double click finds the submitted dossier.
    submit_key = models.CharField(_("mã gửi hồ sơ"), max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("lưu nháp lúc"), auto_now=True)

    class Meta:
        verbose_name = _("hồ sơ trực tuyến")
        verbose_name_plural = _("hồ sơ trực tuyến")

    def __str__(self) -> str:
        return str(self.dossier)


class AttachmentPurpose(models.TextChoices):
    APPLICATION = "application", _("Thành phần hồ sơ")
    SUPPLEMENT = "supplement", _("Bổ sung hồ sơ")


class AttachedDocument(models.Model):
    """An upload attached to an application, as one of the procedure's required documents."""

    application = models.ForeignKey(
        OnlineApplication, verbose_name=_("hồ sơ trực tuyến"), on_delete=models.PROTECT,
        related_name="attachments",
    )
    # Null for a file the applicant adds beyond the list (or a supplement item by its text).
    required_document = models.ForeignKey(
        RequiredDocument, verbose_name=_("thành phần hồ sơ"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    label = models.CharField(_("tên giấy tờ"), max_length=500, blank=True)
    upload = models.ForeignKey(
        Upload, verbose_name=_("tệp"), on_delete=models.PROTECT, related_name="attachments"
    )
    purpose = models.CharField(
        _("mục đích"), max_length=12, choices=AttachmentPurpose.choices,
        default=AttachmentPurpose.APPLICATION,
    )
    # Which supplement request this answers (1 for the first): each round is kept.
    supplement_round = models.PositiveSmallIntegerField(_("lần bổ sung"), default=0)
    added_at = models.DateTimeField(_("đính kèm lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("giấy tờ đính kèm")
        verbose_name_plural = _("giấy tờ đính kèm")
        ordering = ["application_id", "supplement_round", "required_document__order", "pk"]

    def __str__(self) -> str:
        return self.label or str(self.required_document or self.upload)
