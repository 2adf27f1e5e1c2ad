from django.contrib import admin

from .models import Payment


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    """Read-only: a payment changes only through its gateway (payments.services)."""

    list_display = ["reference", "dossier", "amount", "provider", "status", "created_at", "paid_at"]
    list_filter = ["status", "provider"]
    search_fields = ["reference", "provider_txn"]
    list_select_related = ["dossier"]
    readonly_fields = [field.name for field in Payment._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
