"""The electronic result (kết quả điện tử): the PDF an agency issues for a resolved dossier.

A result is evidence: once issued its file, hash, code and wording never change (``save``
refuses it and the admin is read-only). What may still happen to it is recorded beside it:
a later issue supersedes it (``superseded_by``), or the agency revokes it (``revoked_at``).
Anyone holding the paper or the file checks it on the public verification page by its code.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.dossiers.models import Dossier
from motcua.units.models import Agency

# Crockford's base32: no I, L, O or U, so a code read aloud or typed from paper is not
# misread; ``normalize_code`` maps the look-alikes back. 12 characters = 60 random bits.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 12
_LOOK_ALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})

# The fields that record what happened to a result after its issue; nothing else may change.
LIFECYCLE_FIELDS = frozenset({"superseded_by", "superseded_at", "revoked_at", "revoked_by", "revoke_reason"})


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw) -> str | None:
    """The stored form of a code typed by a person ("abcd-efgh-jk0l" → "ABCDEFGHJK01"), or
    None when it cannot be one."""
    text = "".join(ch for ch in str(raw or "")[:64] if ch.isalnum()).upper().translate(_LOOK_ALIKES)
    if len(text) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in text):
        return None
    return text


def printed_code(code: str) -> str:
    """Groups of four, as printed: easier to read out and type."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def result_path(instance: ElectronicResult, filename: str) -> str:
    # A random name: the file holds personal data and is served only through views that
    # check who asks; neither the applicant's name nor the dossier code is in the path.
    return f"results/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class ResultStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    SUPERSEDED = "superseded", _("Đã được thay thế bằng bản phát hành sau")
    REVOKED = "revoked", _("Đã bị thu hồi")


class ImmutableResult(Exception):
    """Raised when code tries to change what was issued."""


class ElectronicResult(models.Model):
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="electronic_results"
    )
    # 1 for the first issue of the dossier's result, 2 for the re-issue that replaced it…
    # Unique per dossier: two concurrent issues cannot both win (the loser's file is removed).
    sequence = models.PositiveSmallIntegerField(_("lần phát hành"))
    code = models.CharField(_("mã xác minh"), max_length=CODE_LENGTH, unique=True)
    title = models.CharField(_("tên văn bản"), max_length=300)
    number = models.CharField(_("số văn bản"), max_length=60, blank=True)
    file = models.FileField(_("tệp PDF"), upload_to=result_path, max_length=200)
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người phát hành"), on_delete=models.PROTECT,
        related_name="+",
    )
    issuing_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan phát hành"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("thời điểm phát hành"))
    superseded_by = models.OneToOneField(
        "self", verbose_name=_("được thay thế bằng"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="supersedes",
    )
    superseded_at = models.DateTimeField(_("thời điểm bị thay thế"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thời điểm thu hồi"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thu hồi"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    revoke_reason = models.TextField(_("lý do thu hồi"), blank=True)

    class Meta:
        verbose_name = _("kết quả điện tử")
        verbose_name_plural = _("kết quả điện tử")
        ordering = ["dossier_id", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "sequence"], name="result_sequence_unique"),
        ]

    def __str__(self) -> str:
        return printed_code(self.code)

    def save(self, *args, **kwargs):
        if not self._state.adding:
            changed = set(kwargs.get("update_fields") or ())
            if not changed or not changed <= LIFECYCLE_FIELDS:
                raise ImmutableResult("An issued electronic result cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableResult("An issued electronic result cannot be deleted.")

    @property
    def printed_code(self) -> str:
        return printed_code(self.code)

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return ResultStatus.REVOKED
        if self.superseded_by_id is not None:
            return ResultStatus.SUPERSEDED
        return ResultStatus.VALID

    @property
    def status_label(self) -> str:
        return ResultStatus(self.status).label
