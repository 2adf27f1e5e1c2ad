"""Admin screens for units, their changes, agencies, officials' posts and data provenance."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from motcua.core.text import clean_query, fold

from .models import (
    AdministrativeUnit,
    Agency,
    DataProvenance,
    Membership,
    UnitChange,
    UnitChangeLink,
    valid_on_q,
)


class ValidityFilter(admin.SimpleListFilter):
    """In force today, ended, or not yet in force (dates in Asia/Ho_Chi_Minh)."""

    title = _("hiệu lực")
    parameter_name = "validity"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Đang có hiệu lực")),
            ("ended", _("Đã hết hiệu lực")),
            ("future", _("Chưa có hiệu lực")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "current":
            return queryset.filter(valid_on_q(today))
        if self.value() == "ended":
            return queryset.filter(valid_to__lt=today)
        if self.value() == "future":
            return queryset.filter(valid_from__gt=today)
        return queryset


def _typed_or_folded(search, request, queryset, search_term):
    """Django's search run twice: as typed (legal texts, user names) and folded (the
    ``*_folded`` name columns), so "nghi quyet 1656" and "Kim Liên" both find something."""
    typed, _dup = search(request, queryset, search_term)
    folded, _dup = search(request, queryset, fold(search_term))
    return (typed | folded).distinct(), False


class FoldedSearchMixin:
    """Search ignores diacritics (đ/Đ too) by matching the folded name, plus exact-ish codes.

    Django's own search would run ``icontains`` on the raw name, so "kim lien" would never
    find "Kim Liên".
    """

    folded_field = "name_folded"
    code_fields: tuple[str, ...] = ("code",)

    def get_search_results(self, request, queryset, search_term):
        term = clean_query(search_term)
        if not term:
            return queryset, False
        condition = Q()
        for word in fold(term).split(" ")[:6]:
            condition &= Q(**{f"{self.folded_field}__contains": word})
        for field in self.code_fields:
            condition |= Q(**{f"{field}__istartswith": term})
        return queryset.filter(condition), False


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "code", "unit_type", "designation", "parent", "valid_from", "valid_to")
    list_filter = ("unit_type", ValidityFilter, "designation")
    list_select_related = ("parent",)
    search_fields = ("name_folded", "code")  # also enables autocomplete; see get_search_results
    search_help_text = _("Tìm theo tên (có dấu hoặc không dấu) hoặc mã đơn vị.")
    autocomplete_fields = ("parent",)
    ordering = ("code", "valid_from")
    fieldsets = (
        (None, {"fields": ("code", "name", "unit_type", "designation", "parent")}),
        (_("Hiệu lực"), {"fields": ("valid_from", "valid_to", "legal_act", "source")}),
    )


class UnitChangeLinkInline(admin.TabularInline):
    model = UnitChangeLink
    extra = 1
    autocomplete_fields = ("predecessor", "successor")
    verbose_name = _("đơn vị trước → đơn vị sau")
    verbose_name_plural = _("các đơn vị trước và sau thay đổi")


@admin.register(UnitChange)
class UnitChangeAdmin(admin.ModelAdmin):
    list_display = ("__str__", "kind", "effective_date", "legal_basis", "link_count")
    list_filter = ("kind", "effective_date")
    search_fields = (
        "legal_basis",
        "note",
        "links__predecessor__name_folded",
        "links__successor__name_folded",
    )
    date_hierarchy = "effective_date"
    inlines = (UnitChangeLinkInline,)

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_link_count=Count("links"))

    @admin.display(description=_("số liên kết"), ordering="_link_count")
    def link_count(self, change):
        return change._link_count

    def get_search_results(self, request, queryset, search_term):
        return _typed_or_folded(super().get_search_results, request, queryset, search_term)


@admin.register(UnitChangeLink)
class UnitChangeLinkAdmin(admin.ModelAdmin):
    list_display = ("predecessor", "successor", "whole", "change")
    list_filter = ("whole", "change__kind")
    list_select_related = ("predecessor", "successor", "change")
    autocomplete_fields = ("predecessor", "successor", "change")
    search_fields = (
        "predecessor__name_folded",
        "successor__name_folded",
        "predecessor__code",
        "successor__code",
    )

    def get_search_results(self, request, queryset, search_term):
        return _typed_or_folded(super().get_search_results, request, queryset, search_term)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("user",)
    fields = ("user", "role", "position", "title", "valid_from", "valid_to")


@admin.register(Agency)
class AgencyAdmin(FoldedSearchMixin, admin.ModelAdmin):
    list_display = ("name", "code", "kind", "unit", "parent", "valid_from", "valid_to")
    list_filter = ("kind", ValidityFilter, "unit__unit_type")
    list_select_related = ("unit", "parent")
    search_fields = ("name_folded", "code")
    search_help_text = _("Tìm theo tên cơ quan (có dấu hoặc không dấu) hoặc mã định danh.")
    autocomplete_fields = ("unit", "parent")
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("name", "kind", "code", "unit", "parent")}),
        (_("Liên hệ"), {"fields": ("address", "phone")}),
        (_("Hiệu lực"), {"fields": ("valid_from", "valid_to", "legal_act")}),
    )


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role", "position", "title", "valid_from", "valid_to")
    list_filter = ("role", "position", ValidityFilter)
    list_select_related = ("user", "agency")
    search_fields = ("user__username", "user__full_name", "agency__name_folded", "title")
    autocomplete_fields = ("user", "agency")

    def get_search_results(self, request, queryset, search_term):
        return _typed_or_folded(super().get_search_results, request, queryset, search_term)


@admin.register(DataProvenance)
class DataProvenanceAdmin(admin.ModelAdmin):
    list_display = ("dataset", "source", "version", "licence", "rows", "loaded_at")
    list_filter = ("dataset", "licence")
    search_fields = ("dataset", "source", "version", "note")
    readonly_fields = ("dataset", "source", "version", "licence", "rows", "loaded_at", "note")

    def has_add_permission(self, request):
        return False  # written by the loaders, never by hand

    def has_change_permission(self, request, obj=None):
        return False
