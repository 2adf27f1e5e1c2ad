"""Administrative units, their changes over time, agencies, and the officials who work in them.

Units are data, never constants: they merge, split and are renamed (the district level was
abolished on 1 July 2025), and official codes are reused with a new meaning after a merge.
So a unit is identified by its code *and* a date (``AdministrativeUnit.objects.by_code_on``),
and every change is a ``UnitChange`` linking predecessors to successors.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.core.text import fold


def _with_folded_name(save_kwargs: dict) -> dict:
    """``save(update_fields=["name"])`` must also write the folded copy used by search."""
    fields = save_kwargs.get("update_fields")
    if fields is not None and "name" in fields and "name_folded" not in fields:
        save_kwargs = {**save_kwargs, "update_fields": [*fields, "name_folded"]}
    return save_kwargs


class UnitType(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố trực thuộc trung ương")
    DISTRICT = "district", _("Quận, huyện, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, thị trấn, đặc khu")


def valid_on_q(on: dt.date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to] interval contains ``on`` (open ends allowed)."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": on})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": on})
    )


class ValidityQuerySet(models.QuerySet):
    def valid_on(self, on: dt.date | None = None):
        return self.filter(valid_on_q(on or dt.date.today()))


class AdministrativeUnitQuerySet(ValidityQuerySet):
    def by_code_on(self, code: str, on: dt.date) -> AdministrativeUnit:
        """The unit that bore ``code`` on ``on``. Codes are reused, so the date is mandatory."""
        return self.valid_on(on).get(code=code)


class AdministrativeUnit(models.Model):
    code = models.CharField(_("mã đơn vị hành chính"), max_length=10, db_index=True)
    name = models.CharField(_("tên"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    unit_type = models.CharField(_("cấp"), max_length=10, choices=UnitType.choices)
    # The designation as the law writes it: "Phường", "Xã", "Quận", "Thành phố", "Đặc khu"…
    designation = models.CharField(_("loại"), max_length=40, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_act = models.CharField(_("văn bản pháp lý"), max_length=300, blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)

    objects = AdministrativeUnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "valid_from"], name="unit_code_valid_from_unique"
            ),
        ]
        indexes = [models.Index(fields=["parent", "unit_type"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        kwargs = _with_folded_name(kwargs)
        super().save(*args, **kwargs)

    def is_valid_on(self, on: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on) and (
            self.valid_to is None or on <= self.valid_to
        )


class ChangeKind(models.TextChoices):
    ESTABLISH = "establish", _("Thành lập")
    MERGE = "merge", pgettext_lazy("unit change", "Nhập")
    SPLIT = "split", _("Chia, tách")
    RENAME = "rename", _("Đổi tên")
    TRANSFER_PART = "transfer_part", _("Điều chỉnh một phần địa giới")
    DISSOLVE = "dissolve", _("Giải thể")


class UnitChange(models.Model):
    """One legal change of administrative units (a merge, split, rename…)."""

    kind = models.CharField(_("loại thay đổi"), max_length=20, choices=ChangeKind.choices)
    effective_date = models.DateField(_("ngày có hiệu lực"))
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=300)
    note = models.TextField(_("ghi chú"), blank=True)
    source = models.CharField(_("nguồn dữ liệu"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("thay đổi đơn vị hành chính")
        verbose_name_plural = _("thay đổi đơn vị hành chính")
        ordering = ["-effective_date", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.effective_date:%d/%m/%Y})"


class UnitChangeLink(models.Model):
    """An edge predecessor → successor of a change; ``whole`` says if all of it went there."""

    change = models.ForeignKey(UnitChange, on_delete=models.CASCADE, related_name="links")
    predecessor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị trước"),
        on_delete=models.PROTECT,
        related_name="successor_links",
    )
    successor = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị sau"),
        on_delete=models.PROTECT,
        related_name="predecessor_links",
    )
    whole = models.BooleanField(_("toàn bộ"), default=True)

    class Meta:
        verbose_name = _("liên kết thay đổi")
        verbose_name_plural = _("liên kết thay đổi")
        constraints = [
            models.UniqueConstraint(
                fields=["change", "predecessor", "successor"], name="unit_change_link_unique"
            ),
        ]

    def __str__(self) -> str:
        share = _("toàn bộ") if self.whole else _("một phần")
        return f"{self.predecessor} → {self.successor} ({share})"


class AgencyKind(models.TextChoices):
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    DEPARTMENT = "department", _("Phòng, ban, sở chuyên môn")
    ONE_STOP_DESK = "one_stop_desk", _("Bộ phận tiếp nhận và trả kết quả (một cửa)")
    SERVICE_CENTRE = "service_centre", _("Trung tâm phục vụ hành chính công")
    SCHOOL = "school", _("Trường học")
    PUBLIC_SERVICE_UNIT = "public_service_unit", _("Đơn vị sự nghiệp công lập")
    OTHER = "other", _("Cơ quan khác")


class Agency(models.Model):
    """An office of government: a People's Committee, a department, a one-stop desk, a school…"""

    name = models.CharField(_("tên cơ quan"), max_length=250)
    # Folded copy of the name (see core.text.fold) so that "ubnd phuong kim lien" finds it.
    name_folded = models.CharField(max_length=250, editable=False, blank=True)
    kind = models.CharField(_("loại cơ quan"), max_length=30, choices=AgencyKind.choices)
    # Electronic agency code in the QCVN 102:2016 style, e.g. 000.31.35.H26. Data, per agency.
    code = models.CharField(_("mã định danh điện tử"), max_length=40, blank=True, db_index=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị hành chính"),
        on_delete=models.PROTECT,
        related_name="agencies",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan chủ quản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=40, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    legal_act = models.CharField(_("văn bản thành lập"), max_length=300, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        ordering = ["unit__code", "name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        kwargs = _with_folded_name(kwargs)
        super().save(*args, **kwargs)


class Position(models.TextChoices):
    HEAD = "head", _("Cấp trưởng")
    DEPUTY = "deputy", _("Cấp phó")
    STAFF = "staff", _("Công chức, viên chức")


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Công dân, tổ chức")
    DESK_OFFICER = "desk_officer", _("Cán bộ một cửa")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo")
    INSPECTOR = "inspector", _("Thanh tra, kiểm tra công vụ")
    REFORM_OFFICE = "reform_office", _("Bộ phận cải cách hành chính")
    ADMINISTRATOR = "administrator", _("Quản trị hệ thống")


class Membership(models.Model):
    """An official's post: which agency, which position, which role, for which period."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cán bộ"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.CharField(
        _("chức vụ"), max_length=10, choices=Position.choices, default=Position.STAFF
    )
    role = models.CharField(_("vai trò"), max_length=20, choices=Role.choices)
    title = models.CharField(_("chức danh"), max_length=200, blank=True)
    valid_from = models.DateField(_("từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = ValidityQuerySet.as_manager()

    class Meta:
        verbose_name = _("công tác của cán bộ")
        verbose_name_plural = _("công tác của cán bộ")
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.agency}"


class DataProvenance(models.Model):
    """Where a batch of reference data came from: which package or file, which version, when."""

    dataset = models.CharField(_("bộ dữ liệu"), max_length=100)
    source = models.CharField(_("nguồn"), max_length=300)
    version = models.CharField(_("phiên bản"), max_length=100, blank=True)
    licence = models.CharField(_("giấy phép"), max_length=100, blank=True)
    loaded_at = models.DateTimeField(_("thời điểm nạp"), auto_now_add=True)
    rows = models.PositiveIntegerField(_("số bản ghi"), default=0)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("nguồn gốc dữ liệu")
        verbose_name_plural = _("nguồn gốc dữ liệu")
        ordering = ["-loaded_at"]

    def __str__(self) -> str:
        return f"{self.dataset} ← {self.source} {self.version}"
