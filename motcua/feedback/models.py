"""Ratings of dossiers (đánh giá mức độ hài lòng) and feedback (phản ánh, kiến nghị).

A ``Rating`` is the applicant's one and final judgement of a finished dossier on the five
SIPAS dimensions (see docs/feedback.md). A ``Feedback`` is a message about any procedure,
tracked by a number and a secret like a dossier, with a legal answer deadline in working days.
State changes of feedback happen only in ``feedback.handling`` (one function per action).
"""

from __future__ import annotations

import hmac
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Dossier
from motcua.units.models import AdministrativeUnit, Agency

SECRET_BYTES = 9  # 12 url-safe characters, as for dossiers: short enough to type


def new_secret() -> str:
    return secrets.token_urlsafe(SECRET_BYTES)


class Score(models.IntegerChoices):
    """The five-level SIPAS scale (Rất không hài lòng … Rất hài lòng)."""

    VERY_DISSATISFIED = 1, _("Rất không hài lòng")
    DISSATISFIED = 2, _("Không hài lòng")
    NEUTRAL = 3, _("Bình thường")
    SATISFIED = 4, _("Hài lòng")
    VERY_SATISFIED = 5, _("Rất hài lòng")


# (field name, label, help) in the order of the SIPAS questionnaire.
DIMENSIONS = (
    (
        "access",
        _("Tiếp cận dịch vụ"),
        _("Việc tìm thông tin, nộp hồ sơ và đến nơi tiếp nhận (hoặc cổng dịch vụ công) có thuận tiện không."),
    ),
    (
        "procedure",
        _("Thủ tục hành chính"),
        _("Thủ tục có được công khai đầy đủ, đúng; giấy tờ và phí phải nộp có đúng như công bố không."),
    ),
    (
        "officials",
        _("Công chức giải quyết"),
        _("Thái độ, sự hướng dẫn và tinh thần trách nhiệm của công chức tiếp nhận, giải quyết hồ sơ."),
    ),
    (
        "result",
        _("Kết quả giải quyết"),
        _("Kết quả có đúng quy định, thông tin có chính xác và có đúng hẹn không."),
    ),
    (
        "handling",
        _("Tiếp nhận, xử lý phản ánh, kiến nghị"),
        _("Việc tiếp nhận và trả lời góp ý, phản ánh, kiến nghị (nếu có) có kịp thời, thỏa đáng không."),
    ),
)
DIMENSION_NAMES = tuple(name for name, _label, _help in DIMENSIONS)
SATISFIED_FROM = Score.SATISFIED  # "satisfied" = Hài lòng or Rất hài lòng


def _score_field(label):
    return models.PositiveSmallIntegerField(label, choices=Score.choices)


class Rating(models.Model):
    dossier = models.OneToOneField(
        Dossier, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="rating"
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đánh giá"), on_delete=models.PROTECT,
        related_name="+",
    )
    access = _score_field(DIMENSIONS[0][1])
    procedure = _score_field(DIMENSIONS[1][1])
    officials = _score_field(DIMENSIONS[2][1])
    result = _score_field(DIMENSIONS[3][1])
    handling = _score_field(DIMENSIONS[4][1])
    comment = models.TextField(_("ý kiến khác"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("thời điểm đánh giá"), auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá mức độ hài lòng")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(**{f"{name}__gte": 1, f"{name}__lte": 5}),
                name=f"rating_{name}_1_to_5",
            )
            for name in DIMENSION_NAMES
        ]

    def __str__(self) -> str:
        return str(_("Đánh giá hồ sơ %(dossier)s") % {"dossier": self.dossier})

    def scores(self) -> list[tuple[str, str, int, str]]:
        """(name, label, score, score label) per dimension, for display."""
        return [
            (name, label, getattr(self, name), Score(getattr(self, name)).label)
            for name, label, _help in DIMENSIONS
        ]


class State(models.TextChoices):
    RECEIVED = "received", _("Đã tiếp nhận")
    ASSIGNED = "assigned", _("Đang xử lý")
    ANSWERED = "answered", _("Đã trả lời")
    CLOSED = "closed", _("Đã kết thúc")


OPEN_STATES = (State.RECEIVED, State.ASSIGNED)
ANSWERED_STATES = (State.ANSWERED, State.CLOSED)


class FeedbackSequence(models.Model):
    """The last tracking number used per day (same scheme as ``dossiers.DailySequence``)."""

    day = models.DateField(_("ngày"), unique=True)
    last = models.PositiveIntegerField(_("số thứ tự cuối"), default=0)

    class Meta:
        verbose_name = _("số thứ tự phản ánh trong ngày")
        verbose_name_plural = _("số thứ tự phản ánh trong ngày")

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y}: {self.last}"


class Feedback(models.Model):
    number = models.CharField(_("số phản ánh"), max_length=20, unique=True)
    secret = models.CharField(_("mã tra cứu"), max_length=32, default=new_secret, editable=False)
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="feedback"
    )
    dossier_code = models.CharField(_("mã hồ sơ liên quan"), max_length=60, blank=True)
    dossier = models.ForeignKey(
        Dossier, verbose_name=_("hồ sơ liên quan"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="feedback",
    )
    # Who must answer: the competent agency when known, else the unit that published the
    # procedure; visibility filters on both (see feedback.access).
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan xử lý"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="feedback",
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị hành chính"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="feedback",
    )
    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("tài khoản người gửi"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="feedback_sent",
    )
    sender_name = models.CharField(_("họ và tên người gửi"), max_length=200)
    sender_phone = models.CharField(_("số điện thoại"), max_length=20, blank=True)
    sender_email = models.EmailField(_("thư điện tử"), blank=True)
    content = models.TextField(_("nội dung phản ánh, kiến nghị"), max_length=5000)
    consent_to_publish = models.BooleanField(_("đồng ý công khai câu trả lời"), default=False)

    state = models.CharField(_("tình trạng"), max_length=10, choices=State.choices, default=State.RECEIVED)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"))
    due_at = models.DateTimeField(_("hạn trả lời"), db_index=True)
    due_explanation = models.TextField(_("cách tính hạn"), blank=True)
    calendar_revision = models.PositiveIntegerField(_("phiên bản lịch dùng để tính hạn"), null=True, blank=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xử lý"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="feedback_assigned",
    )
    assigned_at = models.DateTimeField(_("thời điểm giao xử lý"), null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người trả lời"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="+",
    )
    answered_at = models.DateTimeField(_("thời điểm trả lời"), null=True, blank=True)
    # answered_at <= due_at, fixed when the answer is given (reports count it).
    answered_on_time = models.BooleanField(_("trả lời đúng hạn"), null=True, blank=True)
    closed_at = models.DateTimeField(_("thời điểm kết thúc"), null=True, blank=True)
    # Published only with the sender's consent and an official's decision, under a wording
    # the official checked for personal data.
    published_at = models.DateTimeField(_("thời điểm công khai"), null=True, blank=True, db_index=True)
    public_question = models.TextField(_("nội dung công khai (đã bỏ thông tin cá nhân)"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "state", "due_at"]),
            models.Index(fields=["unit", "state", "due_at"]),
        ]

    def __str__(self) -> str:
        return self.number

    def secret_matches(self, candidate: str | None) -> bool:
        if not candidate or not self.secret:
            return False
        return hmac.compare_digest(
            self.secret.encode("utf-8"), str(candidate).strip().encode("utf-8")
        )

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES
