"""The working calendar as data: special days, confirmed years, revisions, recomputation logs.

Deadlines are counted in working days, and which days are working days is decided each year by
an announcement of the Government (Tết days, swaps, make-up Saturdays). So the calendar is rows
an administrator can edit, seeded from the Labour Code's rules (``holidays`` package) and the
announcements of 2018–2026 (``seed.py``). Every change of the rows bumps ``CalendarRevision``,
and a dossier stores the revision its due date was computed with.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Saturday and Sunday: the civil service's weekly rest days (Decision 188/1999/QĐ-TTg).
WEEKEND = frozenset({5, 6})


class EntryKind(models.TextChoices):
    """The same values as ``motcua.workdays.DayKind`` for the days that differ from the week."""

    HOLIDAY = "holiday", _("Ngày nghỉ lễ, Tết")
    DAY_OFF_IN_LIEU = "day_off_in_lieu", _("Ngày nghỉ bù")
    SWAP_DAY_OFF = "swap_day_off", _("Ngày nghỉ do hoán đổi")
    MAKEUP_WORKING_DAY = "makeup_working_day", _("Ngày làm việc bù")


OFF_KINDS = frozenset({EntryKind.HOLIDAY, EntryKind.DAY_OFF_IN_LIEU, EntryKind.SWAP_DAY_OFF})


class Origin(models.TextChoices):
    STATUTE = "statute", _("Theo luật (tính theo quy tắc)")
    ANNOUNCEMENT = "announcement", _("Theo thông báo chính thức")
    MANUAL = "manual", _("Nhập tay")


class CalendarEntry(models.Model):
    """One day that is not an ordinary day of the week: a holiday, a day off, a make-up day."""

    day = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=20, choices=EntryKind.choices)
    name = models.CharField(_("tên"), max_length=200)
    legal_basis = models.CharField(
        _("căn cứ"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: Thông báo 6150/TB-BLĐTBXH; Công văn 12729/VPCP-KGVX ngày 25/12/2025."),
    )
    source = models.CharField(
        _("nguồn"),
        max_length=500,
        blank=True,
        help_text=_("Địa chỉ trang đăng văn bản, hoặc «holidays 0.109 (statutory rule)»."),
    )
    origin = models.CharField(
        _("nguồn gốc"), max_length=20, choices=Origin.choices, default=Origin.MANUAL
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ngày đặc biệt")
        verbose_name_plural = _("ngày đặc biệt trong lịch")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} · {self.name}"

    @property
    def is_day_off(self) -> bool:
        return self.kind in OFF_KINDS

    def clean(self) -> None:
        super().clean()
        error = entry_kind_error(self.day, self.kind)
        if error:
            raise ValidationError({"kind": error})


def entry_kind_error(day, kind) -> str | None:
    """Why ``kind`` cannot fall on ``day`` (None when it can); shared by the admin and imports."""
    if day is None or kind is None:
        return None
    weekend = day.weekday() in WEEKEND
    if kind == EntryKind.MAKEUP_WORKING_DAY and not weekend:
        return str(
            _(
                "Ngày làm việc bù phải là thứ Bảy hoặc Chủ nhật; ngày thường vốn đã là ngày làm việc."
            )
        )
    if kind in (EntryKind.DAY_OFF_IN_LIEU, EntryKind.SWAP_DAY_OFF) and weekend:
        return str(_("Ngày nghỉ bù hoặc nghỉ hoán đổi phải là ngày thường (thứ Hai đến thứ Sáu)."))
    return None


class CalendarYear(models.Model):
    """A year of the calendar and whether its days were checked against the official notices."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    confirmed = models.BooleanField(
        _("đã xác nhận"),
        default=False,
        help_text=_("Các ngày nghỉ, ngày làm bù của năm đã đối chiếu với thông báo chính thức."),
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("năm lịch")
        verbose_name_plural = _("năm lịch")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class CalendarRevision(models.Model):
    """One change of the entries; ``number`` grows by one at each change."""

    number = models.PositiveIntegerField(_("phiên bản"), unique=True)
    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thay đổi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.CharField(_("nội dung thay đổi"), max_length=500)

    class Meta:
        verbose_name = _("phiên bản lịch")
        verbose_name_plural = _("phiên bản lịch")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"#{self.number} · {self.summary}"


class RecomputationLog(models.Model):
    """A run of ``recompute_deadlines``: what it found and whether it wrote the new due dates."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_revision = models.PositiveIntegerField(_("từ phiên bản lịch"), null=True, blank=True)
    to_revision = models.PositiveIntegerField(_("theo phiên bản lịch"))
    dossiers_checked = models.PositiveIntegerField(_("số hồ sơ đã kiểm tra"), default=0)
    dossiers_changed = models.PositiveIntegerField(_("số hồ sơ thay đổi hạn"), default=0)
    applied = models.BooleanField(_("đã cập nhật hạn"), default=False)
    # [{"dossier": pk, "code": "...", "old_due": iso, "new_due": iso}, ...]
    changes = models.JSONField(_("các thay đổi"), default=list, blank=True)

    class Meta:
        verbose_name = _("lần tính lại hạn")
        verbose_name_plural = _("nhật ký tính lại hạn")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} · {self.dossiers_changed}/{self.dossiers_checked}"
