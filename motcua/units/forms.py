"""The query string of the public unit pages, validated: bad input gets a Vietnamese sentence."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
# Larger ids cannot be in a bigint column; PostgreSQL would raise instead of finding nothing.
MAX_ID = 2**63 - 1
BAD_DATE = _("Ngày không hợp lệ. Hãy nhập theo dạng năm-tháng-ngày, ví dụ 2018-05-12.")


class UnitBrowseForm(forms.Form):
    on = forms.DateField(
        label=_("Xem theo ngày"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": BAD_DATE},
    )
    q = forms.CharField(
        label=_("Tìm theo tên hoặc mã"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Ví dụ: kim lien, 00229")}
        ),
        error_messages={
            "max_length": _("Từ khóa tìm kiếm dài quá 200 ký tự."),
            "null_characters_not_allowed": _("Từ khóa tìm kiếm có ký tự không hợp lệ."),
        },
    )
    parent = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_ID,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("Đơn vị cấp trên không hợp lệ."),
            "min_value": _("Đơn vị cấp trên không hợp lệ."),
            "max_value": _("Đơn vị cấp trên không hợp lệ."),
        },
    )
