"""Filters of the procedure list, shared by the public pages and the API.

The API answers an unknown value with 400 and the Vietnamese message set here; the public
list shows the same message and drops only that filter (see ``filter_leniently``). Keyword
search is not a filter here: it cleans bad characters instead of rejecting them, and it
decides the order (``search.search_procedures``).
"""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean_query
from motcua.units.models import Agency

from .models import Field, Level, OnlineClass, Procedure, VersionStatus

ONLINE_LEVEL_CHOICES = Procedure._meta.get_field("online_level_legacy").choices
PUBLIC_STATUS_CHOICES = [
    (value, label) for value, label in VersionStatus.choices if value != VersionStatus.DRAFT
]


class PublicProcedureFilter(django_filters.FilterSet):
    """What a citizen can narrow the catalogue by (the current versions only)."""

    field = django_filters.ModelChoiceFilter(
        queryset=Field.objects.all(),
        to_field_name="code",
        label=_("Lĩnh vực"),
        empty_label=_("Tất cả lĩnh vực"),
        help_text=_("Mã lĩnh vực, ví dụ ho-tich."),
        error_messages={"invalid_choice": _("Không có lĩnh vực nào mang mã “%(value)s”.")},
    )
    level = django_filters.ChoiceFilter(
        choices=Level.choices,
        label=_("Cấp thực hiện"),
        empty_label=_("Tất cả các cấp"),
        error_messages={"invalid_choice": _("Cấp thực hiện “%(value)s” không hợp lệ.")},
    )
    agency = django_filters.ModelChoiceFilter(
        queryset=Agency.objects.all(),
        field_name="agencies",
        label=_("Cơ quan thực hiện"),
        empty_label=_("Tất cả cơ quan"),
        help_text=_("Mã số (id) của cơ quan tiếp nhận, giải quyết."),
        error_messages={"invalid_choice": _("Không có cơ quan nào mang mã số “%(value)s”.")},
    )
    online_level = django_filters.ChoiceFilter(
        field_name="online_level_legacy",
        choices=ONLINE_LEVEL_CHOICES,
        label=_("Mức độ dịch vụ công trực tuyến (1–4)"),
        empty_label=_("Tất cả mức độ"),
        error_messages={
            "invalid_choice": _("Mức độ dịch vụ công trực tuyến phải là 1, 2, 3 hoặc 4.")
        },
    )
    online_class = django_filters.ChoiceFilter(
        choices=OnlineClass.choices,
        label=_("Loại dịch vụ công trực tuyến (Nghị định 42/2022)"),
        empty_label=_("Tất cả loại"),
        error_messages={
            "invalid_choice": _("Loại dịch vụ công trực tuyến “%(value)s” không hợp lệ.")
        },
    )

    def __init__(self, data=None, *args, agency_queryset: QuerySet | None = None, **kwargs):
        super().__init__(without_control_characters(data, self.base_filters), *args, **kwargs)
        if agency_queryset is not None:
            # The page lists only agencies that actually handle a published procedure.
            self.filters["agency"].queryset = agency_queryset
            self.form.fields["agency"].queryset = agency_queryset


class ProcedureFilter(PublicProcedureFilter):
    """The API's filters: the public ones plus the version status (active by default)."""

    status = django_filters.ChoiceFilter(
        choices=PUBLIC_STATUS_CHOICES,
        label=_("Trạng thái phiên bản (mặc định: đang áp dụng)"),
        method="filter_status",
        error_messages={"invalid_choice": _("Trạng thái “%(value)s” không hợp lệ.")},
    )

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value)

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("status"):
            queryset = queryset.filter(status=VersionStatus.ACTIVE)
        return super().filter_queryset(queryset)


def without_control_characters(data, names):
    """A copy of ``data`` whose filter values have control characters removed and a capped length.

    Django would answer a NUL with an English "Null characters are not allowed." and
    PostgreSQL refuses NUL outright; a cleaned value either matches or gets our Vietnamese
    "unknown value" message.
    """
    if data is None:
        return None
    cleaned = data.copy()
    for name in names:
        if name not in cleaned:
            continue
        if hasattr(cleaned, "setlist"):
            cleaned.setlist(
                name, [clean_query(value, max_length=100) for value in cleaned.getlist(name)]
            )
        else:
            cleaned[name] = clean_query(str(cleaned[name]), max_length=100)
    return cleaned


def filter_leniently(data, queryset: QuerySet, **kwargs) -> tuple[PublicProcedureFilter, list[str]]:
    """Apply the public filters, dropping any with a bad value; return the messages to show.

    A citizen who edits the address bar or follows an old link sees the list with a clear
    sentence about what was ignored, never an error page.
    """
    filterset = PublicProcedureFilter(data, queryset, **kwargs)
    if filterset.is_valid():
        return filterset, []
    messages = [str(message) for errors in filterset.errors.values() for message in errors]
    kept = data.copy()
    for name in filterset.errors:
        kept.pop(name, None)
    return PublicProcedureFilter(kept, queryset, **kwargs), messages
