"""The tabs of the work queue: which dossiers each shows. Slugs are the Vietnamese URL words."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.core.text import fold, fold_pattern
from motcua.dossiers.lateness import CLOCK_RUNNING  # only these can be late (the "late" tabs)
from motcua.dossiers.models import Status

from .urgency import UrgencyScale

OPEN = (
    Status.SUBMITTED,
    Status.RECEIVED,
    Status.IN_PROCESSING,
    Status.WAITING_SUPPLEMENT,
    Status.SUSPENDED,
    Status.RESOLVED,
)

ASSIGNED = "duoc-giao"
OVERDUE_WITHOUT_APOLOGY = "qua-han-chua-xin-loi"
# Lists consultations addressed to the official's agencies instead of dossiers.
CONSULTATIONS = "xin-y-kien"


@dataclass(frozen=True)
class Tab:
    slug: str
    label: str

    def condition(self, scale: UrgencyScale, user=None) -> Q:
        if self.slug == ASSIGNED:
            return Q(status__in=OPEN, assignee_id=getattr(user, "pk", None))
        if self.slug == OVERDUE_WITHOUT_APOLOGY:
            return Q(status__in=CLOCK_RUNNING, due_at__lt=scale.now, apologised_at__isnull=True)
        if self.slug == "cho-tiep-nhan":
            return Q(status=Status.SUBMITTED)
        if self.slug == "dang-xu-ly":
            return Q(status__in=(*CLOCK_RUNNING, Status.SUSPENDED))
        if self.slug == "cho-bo-sung":
            return Q(status=Status.WAITING_SUPPLEMENT)
        if self.slug == "sap-den-han":
            return Q(
                status__in=CLOCK_RUNNING, due_at__gte=scale.now, due_at__lt=scale.due_soon_before
            )
        if self.slug == "qua-han":
            return Q(status__in=CLOCK_RUNNING, due_at__lt=scale.now)
        return Q(status__in=OPEN)


TABS: tuple[Tab, ...] = (
    Tab("", _("Tất cả hồ sơ đang mở")),
    Tab("cho-tiep-nhan", _("Chờ tiếp nhận")),
    Tab("dang-xu-ly", _("Đang xử lý")),
    Tab("cho-bo-sung", _("Chờ bổ sung")),
    Tab("sap-den-han", _("Sắp đến hạn")),
    Tab("qua-han", _("Quá hạn")),
    Tab(OVERDUE_WITHOUT_APOLOGY, _("Quá hạn chưa xin lỗi")),
    Tab(ASSIGNED, _("Được giao cho tôi")),
    Tab(CONSULTATIONS, _("Xin ý kiến")),
)


def tab_for(slug: str | None) -> Tab:
    """The tab named by ``slug``; an unknown slug gives the first tab rather than an error."""
    return next((tab for tab in TABS if tab.slug == (slug or "")), TABS[0])


# What a queue row shows (the page and ``GET /api/v1/desk/dossiers/``), and nothing more.
QUEUE_FIELDS = (
    "id", "code", "status", "version", "applicant_name", "received_at", "submitted_at", "due_at",
    "channel", "apologised_at", "new_due_at", "resolved_at", "assignee_id", "procedure__name",
    "procedure__code",
    "assignee__id", "assignee__username", "assignee__full_name", "assignee__first_name",
    "assignee__last_name",
)


def queue_dossiers(seen, queryset: QuerySet) -> QuerySet:
    """The dossiers of ``queryset`` that ``seen`` reaches, with their row's fields, most urgent
    first: overdue dossiers have the earliest due dates, so they come first; undated last."""
    from .access import visible_dossiers

    return (
        visible_dossiers(seen, queryset)
        .select_related("procedure", "assignee")
        .only(*QUEUE_FIELDS)
        .order_by(F("due_at").asc(nulls_last=True), "submitted_at", "id")
    )


SEARCH_MAX_LENGTH = 100


def search_condition(text: str) -> Q:
    """Dossiers whose code or applicant's name contains ``text``, typed with or without
    diacritics, in any case ("nguyen van an" finds "Nguyễn Văn An"). Nothing for a query with
    no letter or digit."""
    if not any(char.isalnum() for char in fold(text)):
        return Q(pk__in=[])
    pattern = fold_pattern(text)
    return Q(code__regex=pattern) | Q(applicant_name__regex=pattern)
