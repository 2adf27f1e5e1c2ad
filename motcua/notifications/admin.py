"""Notifications in the admin: a read-only log (rows are written by the jobs only)."""

from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "kind", "channel", "recipient", "status", "attempts", "dossier")
    list_filter = ("status", "channel", "audience", "kind")
    search_fields = ("dossier__code", "subject")
    date_hierarchy = "created_at"
    list_select_related = ("dossier",)
    raw_id_fields = ("dossier", "user")

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
