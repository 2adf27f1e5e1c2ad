"""People who log in: citizens, businesses' representatives and officials.

What an official may do and see is not stored here: it follows from their memberships of
agencies (``units.Membership``) and is answered by ``units.scoping``.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .masking import mask_identity


class AccountType(models.TextChoices):
    CITIZEN = "citizen", _("Cá nhân, công dân")
    ORGANISATION = "organisation", _("Tổ chức, doanh nghiệp")


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    account_type = models.CharField(
        _("loại tài khoản"), max_length=20, choices=AccountType.choices, default=AccountType.CITIZEN
    )
    # Stored as entered (12 digits, no separators); shown masked in every list.
    identity_number = models.CharField(
        _("số định danh cá nhân"), max_length=12, blank=True, default=""
    )
    date_of_birth = models.DateField(_("ngày sinh"), null=True, blank=True)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    organisation_name = models.CharField(_("tên tổ chức"), max_length=300, blank=True)
    tax_code = models.CharField(_("mã số doanh nghiệp/mã số thuế"), max_length=14, blank=True)
    email_verified_at = models.DateTimeField(_("xác minh e-mail lúc"), null=True, blank=True)
    # Set when an identity provider (VNeID) vouched for the identity number and name.
    identity_verified_at = models.DateTimeField(
        _("xác thực định danh điện tử lúc"), null=True, blank=True
    )
    oidc_subject = models.CharField(_("mã người dùng tại VNeID"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        constraints = [
            # Unique when set: officials and old accounts have none.
            models.UniqueConstraint(
                fields=["identity_number"],
                condition=~Q(identity_number=""),
                name="accounts_user_identity_number_unique",
                violation_error_message=_(
                    "Số định danh cá nhân này đã được dùng cho một tài khoản khác."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()

    @property
    def is_organisation(self) -> bool:
        return self.account_type == AccountType.ORGANISATION

    @property
    def is_verified(self) -> bool:
        return self.email_verified_at is not None or self.identity_verified_at is not None

    @property
    def can_submit_dossiers(self) -> bool:
        """Only accounts with a verified e-mail or an e-ID login may submit dossiers."""
        return bool(self.is_authenticated and self.is_active and self.is_verified)

    @property
    def masked_identity_number(self) -> str:
        return mask_identity(self.identity_number)

    def mark_email_verified(self) -> None:
        if self.email_verified_at is None:
            self.email_verified_at = timezone.now()
            self.save(update_fields=["email_verified_at"])


def new_username(prefix: str) -> str:
    """A login name nobody has to remember (people log in with e-mail or identity number)."""
    return f"{prefix}-{secrets.token_hex(5)}"


class RepresentationKind(models.TextChoices):
    PERSON = "person", _("Người khác (cá nhân)")
    ORGANISATION = "organisation", _("Tổ chức")


class RepresentationQuerySet(models.QuerySet):
    def valid_on(self, on: dt.date):
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=on),
            Q(valid_to__isnull=True) | Q(valid_to__gte=on),
        )


def representation_document_path(instance: Representation, filename: str) -> str:
    # A random name: the file is served only through the owner's view, never by a guessable URL.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"accounts/representations/{uuid.uuid4().hex}.{extension}"


class Representation(models.Model):
    """The account holder may act for someone else: a person (ủy quyền) or an organisation."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đại diện"),
        on_delete=models.CASCADE,
        related_name="representations",
    )
    kind = models.CharField(_("đại diện cho"), max_length=20, choices=RepresentationKind.choices)
    represented_name = models.CharField(
        _("họ tên người hoặc tên tổ chức được đại diện"), max_length=300
    )
    represented_identity_number = models.CharField(
        _("số định danh cá nhân hoặc mã số doanh nghiệp"), max_length=14
    )
    relationship = models.CharField(_("quan hệ, căn cứ đại diện"), max_length=200)
    document = models.FileField(
        _("văn bản ủy quyền"), upload_to=representation_document_path, blank=True
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    objects = RepresentationQuerySet.as_manager()

    class Meta:
        verbose_name = _("ủy quyền, đại diện")
        verbose_name_plural = _("ủy quyền, đại diện")
        ordering = ["represented_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="accounts_representation_valid_period",
                violation_error_message=_(
                    "Ngày hết hiệu lực phải sau hoặc bằng ngày bắt đầu hiệu lực."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.represented_name} ({self.masked_identity_number})"

    @property
    def masked_identity_number(self) -> str:
        return mask_identity(self.represented_identity_number)

    def is_valid_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


class IntegrationToken(models.Model):
    """A key another system (the national portal, a province's records system) calls the API
    with. It acts as ``user``, a service account with memberships in ``agency`` only, so scoping
    and the workflow's role checks apply unchanged and audit events name the integration.
    Only the SHA-256 of the key is stored; the key is shown once, when it is made
    (``accounts.integration_tokens``)."""

    name = models.CharField(_("tên hệ thống tích hợp"), max_length=200)
    agency = models.ForeignKey(
        "units.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT,
        related_name="integration_tokens",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản dịch vụ"), on_delete=models.PROTECT,
        related_name="integration_tokens",
    )
    prefix = models.CharField(_("tiền tố khóa"), max_length=8, unique=True)
    key_hash = models.CharField(_("mã băm SHA-256 của khóa"), max_length=64, unique=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), on_delete=models.SET_NULL,
        null=True, blank=True, related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("token tích hợp")
        verbose_name_plural = _("token tích hợp")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} (mc_{self.prefix}…)"

    def is_usable(self, at: dt.datetime | None = None) -> bool:
        at = at or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or at < self.expires_at)
