"""Admin screens of the working calendar.

Every save or delete of an entry records a calendar revision here, explicitly (no signals),
so that due dates computed afterwards say which calendar they used. Pages of this app, and the
admin index, warn about each year from the current one on that nobody confirmed yet.
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .formatting import due_phrase
from .importer import ImportFailed, import_entries, read_entries
from .models import CalendarEntry, CalendarRevision, CalendarYear, RecomputationLog
from .services import (
    confirm_year,
    ensure_statutory_year,
    recompute_deadlines,
    record_change,
    unconfirmed_year_message,
    unconfirmed_years,
)
from .year_view import legend_rows, weekday_headers, year_grid

# The admin index shows the unconfirmed-year warning too (templates/workcalendar/admin/index.html).
admin.site.index_template = "workcalendar/admin/index.html"


class UnconfirmedYearWarning:
    """Adds the unconfirmed-year warnings to the calendar's own admin pages."""

    def warn_unconfirmed(self, request) -> None:
        if request.method == "GET":
            for year in unconfirmed_years():
                messages.warning(request, unconfirmed_year_message(year))

    def changelist_view(self, request, extra_context=None):
        self.warn_unconfirmed(request)
        return super().changelist_view(request, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        self.warn_unconfirmed(request)
        return super().changeform_view(request, object_id, form_url, extra_context)


class YearFilter(admin.SimpleListFilter):
    title = gettext_lazy("năm")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [
            (str(year), str(year)) for year in CalendarYear.objects.values_list("year", flat=True)
        ]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(day__year=int(self.value()))
        return queryset


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Tệp CSV hoặc JSON"),
        help_text=gettext_lazy(
            "CSV có dòng tiêu đề day,kind,name,legal_basis,source,origin; ngày viết YYYY-MM-DD hoặc "
            "DD/MM/YYYY. Có một dòng sai thì không nhập dòng nào."
        ),
    )


@admin.register(CalendarEntry)
class CalendarEntryAdmin(UnconfirmedYearWarning, admin.ModelAdmin):
    list_display = ("day_display", "weekday", "kind", "name", "origin", "legal_basis")
    list_filter = ("kind", "origin", YearFilter)
    search_fields = ("name", "legal_basis", "source")
    date_hierarchy = "day"
    ordering = ("day",)
    list_per_page = 100
    fields = (
        "day",
        "kind",
        "name",
        "legal_basis",
        "source",
        "origin",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    )
    readonly_fields = ("created_at", "created_by", "updated_at", "updated_by")
    change_list_template = "workcalendar/admin/calendarentry_change_list.html"

    @admin.display(description=gettext_lazy("ngày"), ordering="day")
    def day_display(self, entry):
        return entry.day.strftime("%d/%m/%Y")

    @admin.display(description=gettext_lazy("thứ"))
    def weekday(self, entry):
        from motcua.workdays.days import weekday_name

        return weekday_name(entry.day, capital=True)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by", "updated_by")

    def save_model(self, request, obj, form, change):
        if not change:
            # The year's statutory days come first, so that a new year is never half empty.
            ensure_statutory_year(obj.day.year, by=request.user)
            seeded = CalendarEntry.objects.filter(day=obj.day).first()
            if seeded is not None:  # the statute already had this day: the form's version wins
                obj.pk, obj.created_at, obj.created_by = (
                    seeded.pk,
                    seeded.created_at,
                    seeded.created_by,
                )
            else:
                obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        verb = _("Sửa") if change else _("Thêm")
        record_change(f"{verb} {obj.day:%d/%m/%Y}: {obj.name}", by=request.user)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        record_change(
            _("Xóa {day}: {name}").format(day=f"{obj.day:%d/%m/%Y}", name=obj.name), by=request.user
        )

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        days = sorted(queryset.values_list("day", flat=True))
        super().delete_queryset(request, queryset)
        if days:
            record_change(
                _("Xóa {count} ngày: {days}").format(
                    count=len(days), days=", ".join(f"{day:%d/%m/%Y}" for day in days)
                ),
                by=request.user,
            )

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="workcalendar_calendarentry_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        errors: list[str] = []
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = read_entries(upload.read(), upload.name)
            except ImportFailed as failure:
                errors = failure.errors
            else:
                count = import_entries(rows, by=request.user, source_name=upload.name)
                messages.success(
                    request,
                    _("Đã nhập {count} ngày từ tệp {name}.").format(count=count, name=upload.name),
                )
                return redirect("admin:workcalendar_calendarentry_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Nhập ngày nghỉ, ngày làm bù từ tệp"),
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
        }
        return TemplateResponse(request, "workcalendar/admin/import.html", context)


@admin.register(CalendarYear)
class CalendarYearAdmin(UnconfirmedYearWarning, admin.ModelAdmin):
    list_display = (
        "year",
        "confirmed",
        "confirmed_by",
        "confirmed_at",
        "entry_count",
        "year_view_link",
    )
    list_filter = ("confirmed",)
    readonly_fields = ("confirmed_by", "confirmed_at")
    fields = ("year", "confirmed", "confirmed_by", "confirmed_at", "note")
    actions = ["confirm_selected_years"]
    change_form_template = "workcalendar/admin/calendaryear_change_form.html"
    change_list_template = "workcalendar/admin/calendaryear_change_list.html"

    def get_queryset(self, request):
        # The count of each year's entries in the same query as the years, not one per row.
        counts = (
            CalendarEntry.objects.filter(day__year=OuterRef("year"))
            .order_by()
            .annotate(group=Value(1))
            .values("group")
            .annotate(n=Count("id"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .select_related("confirmed_by")
            .annotate(entry_count=Coalesce(Subquery(counts), 0))
        )

    @admin.display(description=gettext_lazy("số ngày đặc biệt"), ordering="entry_count")
    def entry_count(self, calendar_year):
        return calendar_year.entry_count

    @admin.display(description=gettext_lazy("lịch năm"))
    def year_view_link(self, calendar_year):
        url = reverse("admin:workcalendar_calendaryear_year", args=[calendar_year.year])
        return format_html(
            '<a href="{}">{}</a>', url, _("Xem lịch năm {year}").format(year=calendar_year.year)
        )

    @admin.action(description=gettext_lazy("Xác nhận lịch năm"), permissions=["change"])
    def confirm_selected_years(self, request, queryset):
        years = []
        for calendar_year in queryset.filter(confirmed=False):
            confirm_year(calendar_year, by=request.user)
            years.append(str(calendar_year.year))
        if years:
            messages.success(
                request, _("Đã xác nhận lịch năm {years}.").format(years=", ".join(years))
            )
        else:
            messages.info(request, _("Các năm đã chọn đều đã được xác nhận trước đó."))

    def save_model(self, request, obj, form, change):
        if "confirmed" in form.changed_data:
            obj.confirmed_by = request.user if obj.confirmed else None
            obj.confirmed_at = timezone.now() if obj.confirmed else None
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "<int:year>/lich/",
                self.admin_site.admin_view(self.year_view),
                name="workcalendar_calendaryear_year",
            ),
            *super().get_urls(),
        ]

    def year_view(self, request, year: int):
        if not self.has_view_permission(request):
            raise PermissionDenied
        calendar_year = (
            CalendarYear.objects.filter(year=year).select_related("confirmed_by").first()
        )
        if calendar_year is None:
            raise Http404(_("Chưa có lịch năm {year}.").format(year=year))
        self.warn_unconfirmed(request)
        entries = list(CalendarEntry.objects.filter(day__year=year).order_by("day"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Lịch làm việc năm {year}").format(year=year),
            "opts": self.model._meta,
            "calendar_year": calendar_year,
            "months": year_grid(year, entries, timezone.localdate()),
            "weekdays": weekday_headers(),
            "legend": legend_rows(entries),
            "previous_year": CalendarYear.objects.filter(year=year - 1).exists() and year - 1,
            "next_year": CalendarYear.objects.filter(year=year + 1).exists() and year + 1,
        }
        return TemplateResponse(request, "workcalendar/admin/year_view.html", context)


@admin.register(CalendarRevision)
class CalendarRevisionAdmin(admin.ModelAdmin):
    list_display = ("number", "at", "by", "summary")
    list_select_related = ("by",)
    search_fields = ("summary",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _change_rows(log: RecomputationLog) -> list[dict]:
    rows = []
    for change in log.changes:
        rows.append(
            {
                "label": change["code"] or f"#{change['dossier']}",
                "old": due_phrase(datetime.fromisoformat(change["old_due"])),
                "new": due_phrase(datetime.fromisoformat(change["new_due"]))
                if change.get("new_due")
                else "",
                "error": change.get("error", ""),
            }
        )
    return rows


@admin.register(RecomputationLog)
class RecomputationLogAdmin(admin.ModelAdmin):
    list_display = (
        "at",
        "by",
        "from_revision",
        "to_revision",
        "dossiers_checked",
        "dossiers_changed",
        "applied",
    )
    list_filter = ("applied",)
    list_select_related = ("by",)
    change_list_template = "workcalendar/admin/recomputationlog_change_list.html"
    readonly_fields = (
        "at",
        "by",
        "from_revision",
        "to_revision",
        "dossiers_checked",
        "dossiers_changed",
        "applied",
        "change_list",
    )
    exclude = ("changes",)

    @admin.display(description=gettext_lazy("các thay đổi"))
    def change_list(self, log):
        rows = _change_rows(log)
        if not rows:
            return _("Không có hồ sơ nào thay đổi hạn.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: {} → {}</li>",
                ((row["label"], row["old"], row["new"] or row["error"]) for row in rows),
            ),
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "tinh-lai-han/",
                self.admin_site.admin_view(self.recompute_view),
                name="workcalendar_recomputationlog_recompute",
            ),
            *super().get_urls(),
        ]

    def recompute_view(self, request):
        user = request.user
        if not (
            user.has_perm("workcalendar.add_recomputationlog")
            and user.has_perm("dossiers.change_dossier")
        ):
            raise PermissionDenied
        if request.method == "POST" and request.POST.get("confirm") == "1":
            with transaction.atomic():
                log = recompute_deadlines(apply=True, by=user)
            messages.success(
                request,
                _(
                    "Đã cập nhật hạn mới cho {changed} trong {checked} hồ sơ đang giải quyết."
                ).format(changed=log.dossiers_changed, checked=log.dossiers_checked),
            )
            return redirect("admin:workcalendar_recomputationlog_change", log.pk)
        log = recompute_deadlines(apply=False, by=user)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Tính lại hạn trả kết quả theo lịch hiện tại"),
            "opts": self.model._meta,
            "log": log,
            "rows": _change_rows(log),
        }
        return TemplateResponse(request, "workcalendar/admin/recompute.html", context)
