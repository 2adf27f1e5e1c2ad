"""What the desk recorded at receipt, read-only: it is evidence, changed only through the desk."""

from django.contrib import admin

from .models import DeskIntake, ScannedFile


class ScannedFileInline(admin.TabularInline):
    model = ScannedFile
    extra = 0
    can_delete = False
    readonly_fields = ("original_name", "content_type", "size", "file")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DeskIntake)
class DeskIntakeAdmin(admin.ModelAdmin):
    list_display = ("dossier", "created_at")
    search_fields = ("dossier__code",)
    list_select_related = ("dossier",)
    readonly_fields = ("key", "dossier", "applicant_phone", "applicant_address", "documents_received", "created_at")
    inlines = [ScannedFileInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_view_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False
