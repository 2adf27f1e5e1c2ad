from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import oidc_views, representation_views, views
from .forms import EmailPasswordResetForm, VietnamesePasswordChangeForm, VietnameseSetPasswordForm
from .models import AccountType

app_name = "accounts"

password_urls = [
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset_form.html",
            form_class=EmailPasswordResetForm,
            email_template_name="accounts/email/password_reset_body.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="accounts/password_reset_done.html",
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            form_class=VietnameseSetPasswordForm,
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html",
        ),
        name="password_reset_complete",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change_form.html",
            form_class=VietnamesePasswordChangeForm,
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="accounts/password_change_done.html",
        ),
        name="password_change_done",
    ),
]

urlpatterns = [
    path("login/", views.MotcuaLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", views.register_choice, name="register"),
    path(
        "register/citizen/",
        views.register,
        {"account_type": AccountType.CITIZEN},
        name="register_citizen",
    ),
    path(
        "register/organisation/",
        views.register,
        {"account_type": AccountType.ORGANISATION},
        name="register_organisation",
    ),
    path("verify/<str:token>/", views.verify_email, name="verify_email"),
    path("verify-again/", views.resend_verification, name="resend_verification"),
    path("profile/", views.profile, name="profile"),
    path(
        "representations/new/",
        representation_views.representation_create,
        name="representation_create",
    ),
    path(
        "representations/<int:pk>/",
        representation_views.representation_detail,
        name="representation",
    ),
    path(
        "representations/<int:pk>/edit/",
        representation_views.representation_edit,
        name="representation_edit",
    ),
    path(
        "representations/<int:pk>/delete/",
        representation_views.representation_delete,
        name="representation_delete",
    ),
    path(
        "representations/<int:pk>/document/",
        representation_views.representation_document,
        name="representation_document",
    ),
    path("eid/login/", oidc_views.oidc_login, name="oidc_login"),
    path("eid/callback/", oidc_views.oidc_callback, name="oidc_callback"),
    *password_urls,
]
