"""Catalogue admin: fields, procedure versions with their five child tables, import and export."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from motcua.catalog.forms import ExportCatalogForm, ImportCatalogForm, ProcedureAdminForm
from motcua.catalog.io import dumps, export_excel, export_json, import_catalog, pending
from motcua.catalog.io.values import decimal_text
from motcua.catalog.models import (
    CitizenStep,
    Fee,
    Field,
    LegalBasis,
    Procedure,
    RequiredDocument,
    TimeLimitUnit,
    WorkflowStep,
)
from motcua.core.text import fold
from motcua.units.models import AdministrativeUnit, Agency

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _has_search(model) -> bool:
    """Autocomplete needs the target's admin with search_fields; the units app registers it.

    units comes before catalog in INSTALLED_APPS, so its admin is loaded by now. Without it the
    form falls back to a plain widget instead of failing the admin checks.
    """
    return admin.site.is_registered(model) and bool(admin.site.get_model_admin(model).search_fields)


def download(data: bytes, kind: str) -> HttpResponse:
    name = f"danh-muc-thu-tuc-{dt.date.today():%Y%m%d}.{kind}"
    content_type = XLSX_TYPE if kind == "xlsx" else "application/json; charset=utf-8"
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "procedure_count")
    search_fields = ("code", "name")
    ordering = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(procedure_total=Count("procedures"))

    @admin.display(description=_("số thủ tục"), ordering="procedure_total")
    def procedure_count(self, obj):
        return obj.procedure_total


class CitizenStepInline(admin.TabularInline):
    model = CitizenStep
    extra = 0
    fields = ("order", "title", "description")


class RequiredDocumentInline(admin.TabularInline):
    model = RequiredDocument
    extra = 0
    fields = (
        "order",
        "name",
        "originals",
        "copies",
        "mandatory",
        "form_template",
        "form_template_file",
        "note",
    )


class FeeInline(admin.TabularInline):
    model = Fee
    extra = 0
    fields = ("kind", "name", "amount", "legal_basis", "note")


class LegalBasisInline(admin.TabularInline):
    model = LegalBasis
    extra = 0
    fields = ("order", "number", "title", "issued_on", "issuer")


class WorkflowStepInline(admin.TabularInline):
    model = WorkflowStep
    extra = 0
    fields = (
        "order",
        "name",
        "role",
        "agency_kind",
        "budget_value",
        "budget_unit",
        "parallel_group",
    )


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    form = ProcedureAdminForm
    change_list_template = "admin/catalog/procedure/change_list.html"
    list_display = (
        "code",
        "name",
        "field",
        "level",
        "time_limit",
        "online_level",
        "status",
        "version",
    )
    list_display_links = ("code", "name")
    list_filter = ("field", "level", "status", "online_class")
    list_select_related = ("field",)
    search_fields = ("code", "name")
    search_help_text = _("Tìm theo mã hoặc tên thủ tục, gõ có dấu hay không dấu đều được.")
    inlines = [
        CitizenStepInline,
        RequiredDocumentInline,
        FeeInline,
        LegalBasisInline,
        WorkflowStepInline,
    ]
    actions = ["export_selected_xlsx", "export_selected_json"]
    autocomplete_fields = ["replaces"] + [
        name
        for name, model in (("agencies", Agency), ("publishing_unit", AdministrativeUnit))
        if _has_search(model)
    ]
    filter_horizontal = [] if _has_search(Agency) else ["agencies"]
    # Thousands of units: never a plain <select> of all of them.
    raw_id_fields = [] if _has_search(AdministrativeUnit) else ["publishing_unit"]
    fieldsets = [
        (
            _("Thông tin chung"),
            {
                "fields": [
                    "code",
                    "name",
                    "field",
                    "level",
                    "competent_authority",
                    "implementing_agency",
                    "agencies",
                    "subjects",
                    "conditions",
                    "result",
                ]
            },
        ),
        (_("Cách thức nộp"), {"fields": ["channel_desk", "channel_post", "channel_online"]}),
        (
            _("Thời hạn giải quyết"),
            {
                "fields": [
                    "time_limit_value",
                    "time_limit_unit",
                    "same_day_cutoff",
                    "time_limit_note",
                    "suspension_allowed",
                ]
            },
        ),
        (
            _("Phí, lệ phí và dịch vụ công trực tuyến"),
            {
                "fields": [
                    "fee_note",
                    "online_level_legacy",
                    "online_class",
                ]
            },
        ),
        (
            _("Công bố và phiên bản"),
            {
                "fields": [
                    "publishing_unit",
                    "publishing_decision",
                    "published_on",
                    "valid_from",
                    "valid_to",
                    "version",
                    "status",
                    "replaces",
                    "change_note",
                    "source",
                ]
            },
        ),
        (_("Biểu mẫu điện tử"), {"fields": ["form_schema"]}),
    ]

    @admin.display(description=_("thời hạn"), ordering="time_limit_value")
    def time_limit(self, obj: Procedure) -> str:
        if obj.time_limit_unit == TimeLimitUnit.SAME_DAY:
            text = _gettext("Trong ngày")
            if obj.same_day_cutoff:
                text += _gettext(" (nhận trước %(time)s)") % {
                    "time": f"{obj.same_day_cutoff:%H:%M}"
                }
            return text
        if obj.time_limit_value is None:
            return "—"
        return f"{decimal_text(obj.time_limit_value)} {obj.get_time_limit_unit_display()}"

    @admin.display(description=_("mức độ DVCTT"), ordering="online_class")
    def online_level(self, obj: Procedure) -> str:
        parts = []
        if obj.online_class:
            parts.append(obj.get_online_class_display())
        if obj.online_level_legacy:
            parts.append(_gettext("mức %(level)d") % {"level": obj.online_level_legacy})
        return " · ".join(parts) or "—"

    def get_search_results(self, request, queryset, search_term):
        # search_text holds fold(name + code), so "dang ky" finds "Đăng ký" (đ included).
        for word in fold(search_term).split():
            queryset = queryset.filter(search_text__contains=word)
        return queryset, False

    # --- import and export ------------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("import/", wrap(self.import_view), name="catalog_procedure_import"),
            path("export/", wrap(self.export_view), name="catalog_procedure_export"),
            *super().get_urls(),
        ]

    def _context(self, request, title: str, **extra) -> dict:
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": title,
            **extra,
        }

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        template = "admin/catalog/import.html"
        if request.method == "POST" and "confirm" in request.POST:
            data = pending.take(request, request.POST.get("token", ""))
            if data is None:
                messages.error(request, _gettext("Tệp đã kiểm tra không còn; hãy tải tệp lên lại."))
                return redirect("admin:catalog_procedure_import")
            report = import_catalog(data)
            if report.ok:
                messages.success(request, report.summary())
                return redirect("admin:catalog_procedure_changelist")
            form = ImportCatalogForm()
            return TemplateResponse(
                request,
                template,
                self._context(
                    request,
                    _gettext("Nhập danh mục"),
                    form=form,
                    report=report,
                ),
            )
        posted = request.method == "POST"
        form = ImportCatalogForm(request.POST, request.FILES) if posted else ImportCatalogForm()
        context = self._context(request, _gettext("Nhập danh mục"), form=form)
        if posted and form.is_valid():
            data = form.cleaned_data["file"].read()
            report = import_catalog(data, dry_run=True)
            context["report"] = report
            if report.ok:
                context["token"] = pending.stash(request, data)
                context["file_name"] = form.cleaned_data["file"].name
        return TemplateResponse(request, template, context)

    def export_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        form = ExportCatalogForm(request.GET if "format" in request.GET else None)
        if form.is_bound and form.is_valid():
            return self._export(form.cleaned_data["format"], None)
        return TemplateResponse(
            request,
            "admin/catalog/export.html",
            self._context(
                request,
                _gettext("Xuất danh mục"),
                form=form,
                procedure_count=Procedure.objects.count(),
                field_count=Field.objects.count(),
            ),
        )

    @staticmethod
    def _export(kind: str, queryset) -> HttpResponse:
        if kind == "xlsx":
            return download(export_excel(queryset), "xlsx")
        return download(dumps(export_json(queryset)).encode("utf-8"), "json")

    @admin.action(description=_("Xuất các thủ tục đã chọn ra Excel (.xlsx)"), permissions=["view"])
    def export_selected_xlsx(self, request, queryset):
        return self._export("xlsx", queryset)

    @admin.action(description=_("Xuất các thủ tục đã chọn ra JSON"), permissions=["view"])
    def export_selected_json(self, request, queryset):
        return self._export("json", queryset)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "import_url": reverse("admin:catalog_procedure_import"),
            "export_url": reverse("admin:catalog_procedure_export"),
        }
        return super().changelist_view(request, extra_context)
