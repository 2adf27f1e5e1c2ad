"""The report filters as a GET form: period, field, level, channel, unit, procedure.

Parameter names are Vietnamese (they show in the address bar and in drill-down links):
``ky`` (``2017``, ``2017-q2``, ``2017-03``), ``tu`` / ``den`` (any range, ISO dates),
``linh-vuc`` (field id), ``cap`` (level), ``kenh`` (channel), ``don-vi`` (unit id),
``theo=nay`` (units mapped onto today's, after the 2025 merges), ``thu-tuc`` (procedure code).
Bad values never fail the page: the form reports them and the report uses the defaults; the
exports (which cannot show a form) refuse them with the same message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlencode

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.catalog.models import Field, Level, Procedure
from motcua.dossiers.models import Channel
from motcua.units.models import AdministrativeUnit, UnitType

from .indicators import Filters, Period, Scope

PERIOD_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{1,2})|[qQ](?P<quarter>[1-4])))?$")
MAX_RANGE_DAYS = 366 * 10  # a decade at most: beyond that a report is a data export
PARAMS = ("ky", "tu", "den", "linh-vuc", "cap", "kenh", "don-vi", "theo", "thu-tuc")


def parse_period(text: str) -> Period | None:
    match = PERIOD_RE.match((text or "").strip())
    if not match:
        return None
    year = int(match["year"])
    if not 2000 <= year <= 2200:
        return None
    if match["month"]:
        month = int(match["month"])
        return Period.month(year, month) if 1 <= month <= 12 else None
    if match["quarter"]:
        return Period.quarter(year, int(match["quarter"]))
    return Period.year(year)


class ReportFilterForm(forms.Form):
    def __init__(self, data, *, visibility, base_scope: Scope, **kwargs):
        super().__init__(data, **kwargs)
        self.visibility = visibility
        # Any unit with an agency in scope is accepted (drill-down links name merged-away
        # wards too); the select offers only today's visible units, to stay short.
        if base_scope.agency_ids is None:
            accepted = AdministrativeUnit.objects.all()
            offered = AdministrativeUnit.objects.valid_on(timezone.localdate()).filter(
                unit_type__in=[UnitType.PROVINCE, UnitType.DISTRICT]
            )
        else:
            accepted = AdministrativeUnit.objects.filter(
                Q(pk__in=visibility.unit_ids) | Q(agencies__in=base_scope.agency_ids)
            ).distinct()
            offered = AdministrativeUnit.objects.filter(pk__in=visibility.unit_ids)
        offered = offered.order_by("unit_type", "name")
        self.fields["ky"] = forms.CharField(
            label=_("Kỳ báo cáo"),
            required=False,
            max_length=10,
            help_text=_("Năm (2017), quý (2017-q2) hoặc tháng (2017-03)."),
        )
        self.fields["tu"] = forms.DateField(
            label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["den"] = forms.DateField(
            label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
        )
        self.fields["linh-vuc"] = forms.ModelChoiceField(
            label=_("Lĩnh vực"),
            required=False,
            queryset=Field.objects.order_by("name"),
            empty_label=_("Tất cả lĩnh vực"),
        )
        self.fields["cap"] = forms.ChoiceField(
            label=_("Cấp thực hiện"),
            required=False,
            choices=[("", _("Tất cả các cấp")), *Level.choices],
        )
        self.fields["kenh"] = forms.ChoiceField(
            label=_("Hình thức nộp"), required=False, choices=[("", _("Tất cả")), *Channel.choices]
        )
        self.fields["don-vi"] = forms.ModelChoiceField(
            label=_("Đơn vị"),
            required=False,
            queryset=accepted,
            empty_label=_("Tất cả đơn vị được xem"),
        )
        self.fields["don-vi"].widget.choices = [("", _("Tất cả đơn vị được xem"))] + [
            (unit.pk, unit.name) for unit in offered
        ]
        self.fields["theo"] = forms.ChoiceField(
            label=_("Đơn vị hành chính"),
            required=False,
            choices=[
                ("", _("Như tại thời điểm tiếp nhận")),
                ("nay", _("Quy về đơn vị hiện nay (sau sắp xếp 2025)")),
            ],
        )
        self.fields["thu-tuc"] = forms.CharField(
            label=_("Mã thủ tục"), required=False, max_length=40
        )

    def clean_ky(self):
        text = self.cleaned_data.get("ky", "")
        if text and parse_period(text) is None:
            raise forms.ValidationError(
                _("Kỳ báo cáo không hợp lệ: ghi năm (2017), quý (2017-q2) hoặc tháng (2017-03).")
            )
        return text

    def clean(self):
        data = super().clean()
        code = (data.get("thu-tuc") or "").strip()
        # A mistyped code would otherwise show a report of zeros that looks like a real one.
        if code and not Procedure.objects.filter(code=code).exists():
            self.add_error("thu-tuc", _("Không có thủ tục mã «{code}».").format(code=code))
        start, end = data.get("tu"), data.get("den")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
            if (end - start).days > MAX_RANGE_DAYS:
                raise forms.ValidationError(_("Khoảng thời gian tối đa là 10 năm."))
        return data


@dataclass(frozen=True)
class ReportRequest:
    """What the filters resolved to: the scope (inside visibility), period and filters."""

    scope: Scope
    period: Period
    filters: Filters
    today_units: bool
    unit: AdministrativeUnit | None
    query: dict  # the valid parameters, to repeat in drill-down and export links

    def querystring(self, *, period: Period | None = None, **extra) -> str:
        params = dict(self.query)
        if period is not None:  # another period, e.g. one month of the trend
            for key in ("ky", "tu", "den"):
                params.pop(key, None)
            params.update(tu=period.start.isoformat(), den=period.end.isoformat())
        params.update({k: v for k, v in extra.items() if v not in (None, "")})
        return urlencode(params)


def resolve(form: ReportFilterForm, base_scope: Scope) -> ReportRequest:
    """The report the form asks for; invalid fields fall back to their default."""
    valid = form.is_valid()
    data = (
        form.cleaned_data
        if valid
        else {k: v for k, v in getattr(form, "cleaned_data", {}).items() if k not in form.errors}
    )
    today = timezone.localdate()
    period = Period.year(today.year)
    query: dict = {}
    if data.get("ky"):
        period = parse_period(data["ky"])
        query["ky"] = data["ky"]
    if valid and data.get("tu") and data.get("den"):
        period = Period(data["tu"], data["den"])
        query.pop("ky", None)
        query.update(tu=data["tu"].isoformat(), den=data["den"].isoformat())
    field = data.get("linh-vuc")
    unit = data.get("don-vi")
    today_units = data.get("theo") == "nay"
    filters = Filters(
        field_id=field.pk if field else None,
        level=data.get("cap") or "",
        channel=data.get("kenh") or "",
        procedure_code=(data.get("thu-tuc") or "").strip(),
    )
    scope = base_scope
    if unit is not None:
        unit_scope = Scope.of_unit_today(unit) if today_units else Scope.of_unit(unit)
        scope = base_scope.narrow(unit_scope)
        query["don-vi"] = unit.pk
    for key, value in (
        ("linh-vuc", filters.field_id),
        ("cap", filters.level),
        ("kenh", filters.channel),
        ("thu-tuc", filters.procedure_code),
    ):
        if value:
            query[key] = value
    if today_units:
        query["theo"] = "nay"
    return ReportRequest(scope, period, filters, today_units, unit, query)
