"""The public catalogue of administrative procedures (thủ tục hành chính).

A ``Procedure`` row is one *published version* of a procedure: the national code (``1.001193``)
is shared, but each locality publishes its own version (competent agency, fee, time limit) by
a decision, and versions are amended, replaced and abolished over time. A dossier points at
the version in force when it was received, so old dossiers keep the rules they were handled
under.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold
from motcua.units.models import AdministrativeUnit, Agency, Role, valid_on_q


class Field(models.Model):
    """Lĩnh vực: hộ tịch, chứng thực, xây dựng, giao thông, thông tin và truyền thông…"""

    code = models.CharField(_("mã lĩnh vực"), max_length=40, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)


class Level(models.TextChoices):
    """Cấp thực hiện."""

    CENTRAL = "central", _("Cấp trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")


class TimeLimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    SAME_DAY = "same_day", _("trong ngày")
    CALENDAR_DAYS = "calendar_days", _("ngày")


class OnlineClass(models.TextChoices):
    """Decree 42/2022 classes of online public service."""

    INFO = "info", _("Cung cấp thông tin trực tuyến")
    PARTIAL = "partial", _("Dịch vụ công trực tuyến một phần")
    FULL = "full", _("Dịch vụ công trực tuyến toàn trình")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ACTIVE = "active", _("Đang áp dụng")
    AMENDED = "amended", _("Đã sửa đổi, bổ sung")
    REPLACED = "replaced", _("Đã được thay thế")
    ABOLISHED = "abolished", _("Đã bãi bỏ")


class ProcedureQuerySet(models.QuerySet):
    def published(self):
        return self.exclude(status=VersionStatus.DRAFT)

    def in_force_on(self, on: dt.date | None = None):
        """Versions published and valid on ``on`` (today by default)."""
        return self.filter(status__in=[VersionStatus.ACTIVE, VersionStatus.AMENDED, VersionStatus.REPLACED, VersionStatus.ABOLISHED]).filter(
            valid_on_q(on or dt.date.today())
        )

    def current(self):
        return self.filter(status=VersionStatus.ACTIVE)


class Procedure(models.Model):
    code = models.CharField(_("mã thủ tục"), max_length=40, db_index=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures")
    level = models.CharField(_("cấp thực hiện"), max_length=10, choices=Level.choices)
    # The locality whose decision published this version (e.g. Thành phố Hà Nội).
    publishing_unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("địa phương công bố"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="published_procedures",
    )
    competent_authority = models.CharField(
        _("cơ quan có thẩm quyền quyết định"), max_length=300,
        help_text=_("Như văn bản công bố ghi, ví dụ: Ủy ban nhân dân cấp xã."),
    )
    implementing_agency = models.CharField(_("cơ quan trực tiếp thực hiện"), max_length=300, blank=True)
    agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan tiếp nhận, giải quyết"), blank=True, related_name="procedures"
    )
    subjects = models.TextField(_("đối tượng thực hiện"), blank=True)
    channel_desk = models.BooleanField(_("nộp trực tiếp"), default=True)
    channel_post = models.BooleanField(_("nộp qua bưu chính"), default=True)
    channel_online = models.BooleanField(_("nộp trực tuyến"), default=False)
    conditions = models.TextField(_("yêu cầu, điều kiện"), blank=True)
    time_limit_value = models.DecimalField(
        _("thời hạn giải quyết"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    time_limit_unit = models.CharField(
        _("đơn vị thời hạn"), max_length=20, choices=TimeLimitUnit.choices, default=TimeLimitUnit.WORKING_DAYS
    )
    same_day_cutoff = models.TimeField(
        _("giờ tiếp nhận cuối trong ngày"), null=True, blank=True,
        help_text=_("Hồ sơ nhận sau giờ này được giải quyết trong ngày làm việc tiếp theo (mặc định 15:00)."),
    )
    time_limit_note = models.TextField(_("ghi chú thời hạn"), blank=True)
    # Whether the law lets the competent agency suspend handling (the clock pauses); the
    # workflow refuses ``suspend`` otherwise.
    suspension_allowed = models.BooleanField(_("cho phép tạm dừng giải quyết"), default=False)
    result = models.TextField(_("kết quả thực hiện"), blank=True)
    fee_note = models.TextField(_("ghi chú phí, lệ phí"), blank=True)
    online_level_legacy = models.PositiveSmallIntegerField(
        _("mức độ DVCTT (Nghị định 43/2011)"), null=True, blank=True,
        choices=[(1, _("Mức độ 1")), (2, _("Mức độ 2")), (3, _("Mức độ 3")), (4, _("Mức độ 4"))],
    )
    online_class = models.CharField(
        _("loại DVCTT (Nghị định 42/2022)"), max_length=10, choices=OnlineClass.choices, blank=True
    )
    publishing_decision = models.CharField(_("quyết định công bố"), max_length=300, blank=True)
    published_on = models.DateField(_("ngày công bố"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    status = models.CharField(_("trạng thái"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.ACTIVE)
    replaces = models.ForeignKey(
        "self", verbose_name=_("thay thế phiên bản"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="replaced_by",
    )
    change_note = models.TextField(_("nội dung thay đổi"), blank=True)
    # The online form, as JSON Schema (draft 2020-12) with Vietnamese titles and descriptions.
    form_schema = models.JSONField(_("biểu mẫu điện tử (JSON Schema)"), default=dict, blank=True)
    # Where each value came from (official catalogue page, decision…), for reviewers.
    source = models.TextField(_("nguồn dữ liệu"), blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = ProcedureQuerySet.as_manager()

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "publishing_unit", "version"], name="procedure_version_unique"
            ),
        ]
        indexes = [models.Index(fields=["status", "level"]), models.Index(fields=["field", "status"])]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def save(self, *args, **kwargs):
        self.search_text = fold(f"{self.name} {self.code}")
        super().save(*args, **kwargs)


class CitizenStep(models.Model):
    """Trình tự thực hiện: a step as the applicant experiences it."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="citizen_steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = models.CharField(_("bước"), max_length=300)
    description = models.TextField(_("nội dung"), blank=True)

    class Meta:
        verbose_name = _("bước thực hiện")
        verbose_name_plural = _("trình tự thực hiện")
        ordering = ["procedure", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="citizen_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class RequiredDocument(models.Model):
    """Thành phần hồ sơ."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên giấy tờ"), max_length=500)
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    mandatory = models.BooleanField(_("bắt buộc"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)
    form_template = models.CharField(_("mẫu đơn, tờ khai"), max_length=300, blank=True)
    form_template_file = models.FileField(_("tệp mẫu"), upload_to="catalog/forms/", blank=True)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["procedure", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="required_document_order_unique")]

    def __str__(self) -> str:
        return self.name


class FeeKind(models.TextChoices):
    FEE = "fee", _("Phí")
    CHARGE = "charge", _("Lệ phí")


class Fee(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(_("loại"), max_length=10, choices=FeeKind.choices)
    name = models.CharField(_("tên khoản thu"), max_length=300)
    # Whole đồng; None when the amount depends on the case (then see ``note``).
    amount = models.PositiveIntegerField(_("mức thu (đồng)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    legal_basis = models.CharField(_("căn cứ thu"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["procedure", "id"]

    def __str__(self) -> str:
        return self.name


class LegalBasis(models.Model):
    """Căn cứ pháp lý: one legal document the procedure rests on."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="legal_bases")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    number = models.CharField(_("số, ký hiệu"), max_length=100)
    title = models.CharField(_("trích yếu"), max_length=500)
    issued_on = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("căn cứ pháp lý")
        verbose_name_plural = _("căn cứ pháp lý")
        ordering = ["procedure", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="legal_basis_order_unique")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class WorkflowStep(models.Model):
    """Quy trình nội bộ: an internal step, who does it and its budget inside the time limit."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="workflow_steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=300)
    role = models.CharField(_("vai trò thực hiện"), max_length=20, choices=Role.choices)
    agency_kind = models.CharField(
        _("cơ quan thực hiện"), max_length=200, blank=True,
        help_text=_("Ví dụ: Bộ phận một cửa UBND phường; Phòng Tư pháp."),
    )
    budget_value = models.DecimalField(_("thời gian"), max_digits=6, decimal_places=1)
    budget_unit = models.CharField(
        _("đơn vị thời gian"), max_length=20, choices=TimeLimitUnit.choices, default=TimeLimitUnit.WORKING_HOURS
    )
    # Steps sharing a group number > 0 run in parallel (liên thông consultations).
    parallel_group = models.PositiveSmallIntegerField(_("nhóm song song"), default=0)

    class Meta:
        verbose_name = _("bước xử lý nội bộ")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["procedure", "order"]
        constraints = [models.UniqueConstraint(fields=["procedure", "order"], name="workflow_step_order_unique")]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
