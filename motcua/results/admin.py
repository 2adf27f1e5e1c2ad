"""Issued results in the admin, read-only: they are evidence, changed only by issuing again."""

from django.contrib import admin

from .models import ElectronicResult


@admin.register(ElectronicResult)
class ElectronicResultAdmin(admin.ModelAdmin):
    list_display = ("code", "dossier", "sequence", "title", "issuing_agency", "issued_at", "status_label")
    list_select_related = ("dossier", "issuing_agency", "superseded_by")
    search_fields = ("code", "dossier__code")
    date_hierarchy = "issued_at"
    readonly_fields = [field.name for field in ElectronicResult._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Viewing the change form needs this; saving it never happens (GET and HEAD only).
        return request.method in ("GET", "HEAD") and super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
