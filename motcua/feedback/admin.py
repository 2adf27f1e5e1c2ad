"""Ratings and feedback in the admin, read-only.

A rating is the applicant's statement and feeds reports: nobody edits it. Feedback is
answered in the staff pages (/phan-anh/xu-ly/), where scoping and the deadline rules apply.
"""

from django.contrib import admin

from .models import Feedback, Rating


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("dossier", "access", "procedure", "officials", "result", "handling", "created_at")
    list_select_related = ("dossier",)
    search_fields = ("dossier__code",)
    list_filter = ("created_at",)


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ("number", "procedure", "agency", "state", "received_at", "due_at", "answered_on_time")
    list_select_related = ("procedure", "agency")
    list_filter = ("state", "answered_on_time")
    search_fields = ("number",)
    exclude = ("secret",)
