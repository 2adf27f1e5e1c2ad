"""Summary tables for reports at national scale (see docs/reports.md, "Scale").

``DailyCount`` holds, per day of receipt (Hà Nội time), competent agency, procedure and
channel, the counts of the dossiers received that day: the same cohort as
``indicators.counts``. A yearly province report then sums a few hundred thousand summary
rows instead of scanning millions of dossiers.

``DailyFlow`` holds, per day, how the stock of dossiers in hand changed through results:
the waiting stock at the end of any day is then a sum of summary rows (see
``stock.py`` for the formulas).

The rows are kept exact inside every workflow transaction (``dossiers.hooks.in_transaction``):
``summaries.refresh`` recomputes the dossier's ``DailyCount`` key from the dossiers under a
row lock, ``summaries.add_result`` counts a new result into its ``DailyFlow`` keys. Both tables
are rebuilt by ``motcua rebuild_report_summaries`` (after bulk imports such as
``generate_dossiers``, which bypass the workflow).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Channel
from motcua.units.models import Agency


class SummaryKey(models.Model):
    """What every summary row is counted by, besides its day or month: the competent agency,
    the procedure and the channel (each table's unique key is these and its date)."""

    competent_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)

    class Meta:
        abstract = True


class DailyCount(SummaryKey):
    day = models.DateField(_("ngày tiếp nhận"))
    received = models.PositiveIntegerField(_("tiếp nhận"), default=0)
    resolved = models.PositiveIntegerField(_("đã giải quyết"), default=0)
    early = models.PositiveIntegerField(_("trước hạn"), default=0)
    late = models.PositiveIntegerField(_("quá hạn"), default=0)
    returned = models.PositiveIntegerField(_("trả lại, rút"), default=0)
    # db_default: a worker still running the previous release may insert rows without them.
    coded = models.PositiveIntegerField(_("có mã hồ sơ"), default=0, db_default=0)
    late_with_apology = models.PositiveIntegerField(
        _("quá hạn có văn bản xin lỗi"), default=0, db_default=0
    )
    # Sum of handling times (working days) of the resolved dossiers: the mean is exact.
    handling_days = models.FloatField(_("tổng thời gian giải quyết (ngày làm việc)"), default=0)
    handled = models.PositiveIntegerField(_("số hồ sơ tính thời gian giải quyết"), default=0)
    # {"tenths of a working day": dossiers}: p50/p90 to 0.1 working day without the dossiers.
    handling_histogram = models.JSONField(_("phân bố thời gian giải quyết"), default=dict)
    refreshed_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("số liệu tổng hợp theo ngày")
        verbose_name_plural = _("số liệu tổng hợp theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "competent_agency", "procedure", "channel"],
                name="reports_daily_count_key",
            ),
        ]
        indexes = [models.Index(fields=["competent_agency", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.competent_agency_id}/{self.procedure_id}/{self.channel}: {self.received}"

    @property
    def on_time(self) -> int:
        return self.resolved - self.early - self.late


class DailyFlow(SummaryKey):
    """Dossiers with a result (``resolved_at`` set, not refused or withdrawn), counted on the
    day each one changed the stock in hand, per competent agency, procedure and channel.

    - ``left``: the day it left the stock: the later of its receipt day and result day;
    - ``overdue_in``: the day it became an overdue dossier in hand, had it stayed: the later
      of its receipt day and due day;
    - ``overdue_out``: the day it stopped being one: the latest of receipt, due and result day.

    A dossier enters these rows at its result and never moves afterwards: the workflow changes
    neither receipt, due date nor result time once there is a result, and a dossier with a
    result is never refused or withdrawn.
    """

    day = models.DateField(_("ngày"))
    left = models.PositiveIntegerField(_("ra khỏi số đang giải quyết"), default=0)
    overdue_in = models.PositiveIntegerField(_("bắt đầu quá hạn khi đang giải quyết"), default=0)
    overdue_out = models.PositiveIntegerField(_("hết quá hạn khi đang giải quyết"), default=0)

    class Meta:
        verbose_name = _("biến động số hồ sơ đang giải quyết theo ngày")
        verbose_name_plural = _("biến động số hồ sơ đang giải quyết theo ngày")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "competent_agency", "procedure", "channel"],
                name="reports_daily_flow_key",
            ),
        ]
        indexes = [models.Index(fields=["competent_agency", "day"])]

    def __str__(self) -> str:
        return f"{self.day} {self.competent_agency_id}/{self.procedure_id}/{self.channel}: -{self.left}"


class MonthlyHandling(SummaryKey):
    """The handling-time histograms of ``DailyCount`` added up per month (``month`` is its
    first day), competent agency, procedure and channel: the percentiles of a year read twelve
    rows per key instead of ~250. Recomputed from the month's ``DailyCount`` rows whenever one
    of their histograms changes, under this row's lock."""

    month = models.DateField(_("tháng"))
    handling_histogram = models.JSONField(_("phân bố thời gian giải quyết"), default=dict)

    class Meta:
        verbose_name = _("phân bố thời gian giải quyết theo tháng")
        verbose_name_plural = _("phân bố thời gian giải quyết theo tháng")
        constraints = [
            models.UniqueConstraint(
                fields=["month", "competent_agency", "procedure", "channel"],
                name="reports_monthly_handling_key",
            ),
        ]
        indexes = [models.Index(fields=["competent_agency", "month"])]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.competent_agency_id}/{self.procedure_id}/{self.channel}"
