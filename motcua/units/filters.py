"""Filters of the unit and agency API: each bad value answers 400 with a Vietnamese sentence."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean_query, fold

from .forms import MAX_ID
from .models import AdministrativeUnit, Agency, AgencyKind, UnitType, valid_on_q

BAD_DATE = _("Ngày “on” không hợp lệ. Hãy dùng dạng năm-tháng-ngày, ví dụ 2018-05-12.")
BAD_ID = _("Mã số (id) phải là số nguyên dương.")
MAX_WORDS = 6


def _id_filter(field_name: str, label) -> django_filters.NumberFilter:
    return django_filters.NumberFilter(
        field_name=field_name,
        label=label,
        min_value=1,
        max_value=MAX_ID,
        error_messages={"invalid": BAD_ID, "min_value": BAD_ID, "max_value": BAD_ID},
    )


class ValidOnMixin(django_filters.FilterSet):
    on = django_filters.DateFilter(
        method="filter_on",
        input_formats=["%Y-%m-%d"],
        label=_("Chỉ những bản ghi có hiệu lực vào ngày này (YYYY-MM-DD)."),
        error_messages={"invalid": BAD_DATE},
    )
    search = django_filters.CharFilter(
        method="filter_search",
        label=_("Tìm theo tên, không phân biệt dấu (đ/Đ cũng vậy)."),
        error_messages={
            "null_characters_not_allowed": _("Từ khóa tìm kiếm có ký tự không hợp lệ.")
        },
    )

    def filter_on(self, queryset, name, value):
        return queryset.filter(valid_on_q(value))

    def filter_search(self, queryset, name, value):
        for word in fold(clean_query(value)).split(" ")[:MAX_WORDS]:
            if word:
                queryset = queryset.filter(name_folded__contains=word)
        return queryset


class UnitFilter(ValidOnMixin):
    type = django_filters.ChoiceFilter(
        field_name="unit_type",
        choices=UnitType.choices,
        label=_("Cấp đơn vị"),
        error_messages={
            "invalid_choice": _(
                "Cấp “%(value)s” không hợp lệ; dùng province, district hoặc commune."
            )
        },
    )
    parent = _id_filter("parent_id", _("Mã số (id) của đơn vị cấp trên."))
    code = django_filters.CharFilter(
        field_name="code", label=_("Mã đơn vị hành chính, ví dụ 00229.")
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["on", "type", "parent", "code", "search"]


class AgencyFilter(ValidOnMixin):
    kind = django_filters.ChoiceFilter(
        choices=AgencyKind.choices,
        label=_("Loại cơ quan"),
        error_messages={"invalid_choice": _("Loại cơ quan “%(value)s” không hợp lệ.")},
    )
    unit = _id_filter("unit_id", _("Mã số (id) của đơn vị hành chính."))
    parent = _id_filter("parent_id", _("Mã số (id) của cơ quan chủ quản."))
    code = django_filters.CharFilter(
        field_name="code", label=_("Mã định danh điện tử, ví dụ 000.00.00.H26.")
    )

    class Meta:
        model = Agency
        fields = ["on", "kind", "unit", "parent", "code", "search"]
