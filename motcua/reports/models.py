"""Summary tables for reports at national scale (see docs/reports.md, "Scale").

``DailyCount`` holds, per day of receipt (Hà Nội time), competent agency, procedure and
channel, the counts of the dossiers received that day: the same cohort as
``indicators.counts``. A yearly province report then sums a few hundred thousand summary
rows instead of scanning millions of dossiers.

The rows are kept exact by ``summaries.refresh`` — called inside every workflow transaction
(``dossiers.hooks.in_transaction``) for the dossier's key, which it recomputes from the
dossiers under a row lock — and rebuilt by ``motcua rebuild_report_summaries`` (after bulk
imports such as ``generate_dossiers``, which bypass the workflow).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Procedure
from motcua.dossiers.models import Channel
from motcua.units.models import Agency


class DailyCount(models.Model):
    day = models.DateField(_("ngày tiếp nhận"))
    competent_agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan giải quyết"), on_delete=models.PROTECT, related_name="+"
    )
    procedure = models.ForeignKey(
        Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    channel = models.CharField(_("hình thức nộp"), max_length=10, choices=Channel.choices)
    received = models.PositiveIntegerField(_("tiếp nhận"), default=0)
    resolved = models.PositiveIntegerField(_("đã giải quyết"), default=0)
    early = models.PositiveIntegerField(_("trước hạn"), default=0)
    late = models.PositiveIntegerField(_("quá hạn"), default=0)
    returned = models.PositiveIntegerField(_("trả lại, rút"), default=0)
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
