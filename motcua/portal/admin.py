"""Read-only views of the portal's records for support staff: what was filed, never edited."""

from django.contrib import admin

from .models import AttachedDocument, OnlineApplication, Upload


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttachedInline(admin.TabularInline):
    model = AttachedDocument
    extra = 0
    fields = ["required_document", "label", "upload", "purpose", "supplement_round", "added_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(OnlineApplication)
class OnlineApplicationAdmin(ReadOnly):
    list_display = ["dossier", "result_channel", "created_at", "updated_at"]
    list_select_related = ["dossier"]
    # No personal data in the list: the dossier's code or number identifies it.
    readonly_fields = ["dossier", "form_data", "representation", "on_behalf_name", "contact_email",
                       "contact_phone", "result_channel", "start_key", "submit_key", "created_at", "updated_at"]
    inlines = [AttachedInline]


@admin.register(Upload)
class UploadAdmin(ReadOnly):
    list_display = ["pk", "content_type", "size", "created_at"]
    readonly_fields = ["owner", "file", "original_name", "content_type", "size", "sha256", "created_at"]
