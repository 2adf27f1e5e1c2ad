"""Admin for accounts: identity numbers are masked in every list (Decree 13/2023)."""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .integration_tokens import revoke
from .models import IntegrationToken, Representation, User


class VerifiedFilter(admin.SimpleListFilter):
    title = _("đã xác minh")
    parameter_name = "verified"

    def lookups(self, request, model_admin):
        return (("yes", _("Đã xác minh e-mail hoặc định danh")), ("no", _("Chưa xác minh")))

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(
                email_verified_at__isnull=True, identity_verified_at__isnull=True
            )
        if self.value() == "no":
            return queryset.filter(
                email_verified_at__isnull=True, identity_verified_at__isnull=True
            )
        return queryset


@admin.register(User)
class MotcuaUserAdmin(UserAdmin):
    list_display = (
        "username",
        "full_name",
        "masked_identity",
        "account_type",
        "email",
        "phone",
        "is_verified_display",
        "is_staff",
        "is_active",
    )
    list_filter = ("account_type", VerifiedFilter, "is_staff", "is_active")
    # Exact identity numbers can be searched (an officer helping a citizen) but never listed.
    search_fields = (
        "username",
        "full_name",
        "email",
        "phone",
        "=identity_number",
        "organisation_name",
        "=tax_code",
    )
    actions = ["mark_email_verified"]
    fieldsets = (
        *UserAdmin.fieldsets,
        (
            _("Thông tin liên hệ"),
            {
                "fields": (
                    "account_type",
                    "full_name",
                    "identity_number",
                    "date_of_birth",
                    "phone",
                    "address",
                )
            },
        ),
        (_("Tổ chức"), {"fields": ("organisation_name", "tax_code")}),
        (_("Xác minh"), {"fields": ("email_verified_at", "identity_verified_at", "oidc_subject")}),
    )

    @admin.display(description=_("số định danh"), ordering="identity_number")
    def masked_identity(self, obj):
        return obj.masked_identity_number

    @admin.display(description=_("đã xác minh"), boolean=True)
    def is_verified_display(self, obj):
        return obj.is_verified

    @admin.action(description=_("Đánh dấu đã xác minh e-mail"))
    def mark_email_verified(self, request, queryset):
        count = queryset.filter(email_verified_at__isnull=True).update(
            email_verified_at=timezone.now()
        )
        self.message_user(
            request, _("Đã đánh dấu %(count)d tài khoản.") % {"count": count}, messages.SUCCESS
        )


@admin.register(Representation)
class RepresentationAdmin(admin.ModelAdmin):
    list_display = (
        "represented_name",
        "kind",
        "masked_identity",
        "user",
        "relationship",
        "valid_from",
        "valid_to",
    )
    list_filter = ("kind",)
    list_select_related = ("user",)
    search_fields = ("represented_name", "=represented_identity_number", "user__full_name")
    raw_id_fields = ("user",)

    @admin.display(description=_("số định danh/mã số"), ordering="represented_identity_number")
    def masked_identity(self, obj):
        return obj.masked_identity_number


@admin.register(IntegrationToken)
class IntegrationTokenAdmin(admin.ModelAdmin):
    """Tokens are made by ``motcua create_integration_token`` (the key is shown there once);
    here they are listed and revoked. The key itself is never stored, so never shown."""

    list_display = ("name", "agency", "shown_prefix", "created_at", "expires_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    list_select_related = ("agency",)
    search_fields = ("name", "prefix", "agency__name")
    fields = ("name", "agency", "user", "shown_prefix", "created_by", "created_at", "expires_at", "last_used_at", "revoked_at")
    readonly_fields = fields
    actions = ["revoke_tokens"]

    @admin.display(description=_("khóa"), ordering="prefix")
    def shown_prefix(self, obj):
        return f"mc_{obj.prefix}…"

    @admin.action(description=_("Thu hồi các token đã chọn"), permissions=["change"])
    def revoke_tokens(self, request, queryset):
        count = sum(revoke(token) for token in queryset.filter(revoked_at__isnull=True))
        self.message_user(
            request, _("Đã thu hồi %(count)d token.") % {"count": count}, messages.SUCCESS
        )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
