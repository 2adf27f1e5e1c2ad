"""Admin screens for dossiers and their audit trail.

The admin never assigns a status: the state, the clock and the code are read-only here, and
the only change of state offered (closing returned dossiers) calls ``dossiers.workflow``. The
applicant's name is the one field an administrator may correct, on the record
(``dossiers.corrections``); nobody adds a dossier here.
Dossiers are never deleted (archive law), and audit events are read-only for everyone.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from motcua.dossiers import audit, corrections, workflow
from motcua.dossiers.corrections import CORRECTABLE
from motcua.dossiers.models import AuditEvent, Consultation, DailySequence, Dossier

# Fixed once the dossier exists: they decide its deadline, who sees it and the reports' figures.
IDENTITY_FIELDS = ("procedure", "receiving_agency", "competent_agency", "applicant", "channel")
STATE_FIELDS = (
    "code", "status", "version", "submitted_at", "received_at", "clock_started_at", "due_at",
    "due_explanation", "calendar_revision", "suspended_at", "suspended_working_time",
    "current_step", "step_state", "resolved_at", "returned_at", "created_at",
    # Written only by the workflow's ``assign`` and ``apologise`` actions.
    "assignee", "assigned_at", "apologised_at", "new_due_at",
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditEventInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = AuditEvent
    fields = ("seq", "at", "actor", "action", "from_status", "to_status", "details")
    readonly_fields = fields
    ordering = ("seq",)
    extra = 0
    can_delete = False


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ("__str__", "procedure", "receiving_agency", "status", "received_at", "due_at")
    list_filter = ("status", "channel")
    list_select_related = ("procedure", "receiving_agency")
    search_fields = ("code", "applicant_name")
    # Only the applicant's name stays editable, as a recorded correction (dossiers.corrections).
    readonly_fields = IDENTITY_FIELDS + STATE_FIELDS
    exclude = ("lookup_secret",)  # printed on the applicant's receipt only
    inlines = [AuditEventInline]
    actions = ["close_dossiers"]

    def has_add_permission(self, request):
        return False  # dossiers are made by the portal and the desk, through the workflow

    def has_delete_permission(self, request, obj=None):
        return False  # retention follows archive law; audit events protect every dossier

    def save_model(self, request, obj, form, change):
        values = {name: getattr(obj, name) for name in form.changed_data if name in CORRECTABLE}
        if values and corrections.correct(obj, by=request.user, **values):
            # Outside the workflow, so its hooks do not run: the desk's kept queue tables must go.
            from motcua.desk.queue_cache import touch

            touch({obj.receiving_agency_id, obj.competent_agency_id})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        dossier = self.get_object(request, object_id)
        if dossier is not None and request.method == "GET":
            audit.record_read(dossier, request.user, purpose="admin")
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Kết thúc các hồ sơ đã trả kết quả"))
    def close_dossiers(self, request, queryset):
        closed = 0
        for dossier in queryset:
            try:
                workflow.close(dossier, by=request.user, expected_version=dossier.version)
                closed += 1
            except workflow.WorkflowError as error:
                self.message_user(request, f"{dossier}: {error}", messages.WARNING)
        if closed:
            self.message_user(
                request,
                ngettext("Đã kết thúc %(count)d hồ sơ.", "Đã kết thúc %(count)d hồ sơ.", closed)
                % {"count": closed},
                messages.SUCCESS,
            )


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("dossier", "seq", "at", "actor", "action", "from_status", "to_status")
    list_filter = ("action",)
    list_select_related = ("dossier", "actor")
    search_fields = ("dossier__code",)
    date_hierarchy = "at"


@admin.register(DailySequence)
class DailySequenceAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("agency_code", "day", "last")
    search_fields = ("agency_code",)


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Read-only: consultations are written by ``dossiers.consultations`` with audit events."""

    list_display = ("dossier", "agency", "requested_at", "due_at", "answered_at")
    list_select_related = ("dossier", "agency")
    list_filter = ("answered_at",)
    raw_id_fields = ("dossier", "step", "agency", "requested_by", "answered_by")
