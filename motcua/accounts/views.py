"""Login, registration, e-mail verification and the profile page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from .conf import oidc_config
from .forms import (
    DUPLICATE_IDENTITY,
    CitizenRegistrationForm,
    LoginForm,
    OrganisationRegistrationForm,
    ProfileForm,
)
from .models import AccountType
from .verification import VerificationError, read_verification_token, send_verification_email

REGISTRATION_FORMS = {
    AccountType.CITIZEN: CitizenRegistrationForm,
    AccountType.ORGANISATION: OrganisationRegistrationForm,
}


class MotcuaLoginView(LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = oidc_config() is not None
        if settings.DEMO_MODE:
            # Demo only: the accounts made by `motcua load_demo`, so a visitor can try each role.
            from motcua.demo.accounts import demo_accounts_for_login_page

            context["demo_accounts"] = demo_accounts_for_login_page()
        return context


def register_choice(request):
    return render(
        request, "accounts/register_choice.html", {"oidc_enabled": oidc_config() is not None}
    )


def register(request, account_type: str):
    form_class = REGISTRATION_FORMS[AccountType(account_type)]
    if request.user.is_authenticated:
        return redirect("accounts:profile")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                user = form.save()
                send_verification_email(request, user)
        except IntegrityError:
            # Another registration with the same identity number committed in between.
            form.add_error("identity_number", DUPLICATE_IDENTITY)
        else:
            login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
            messages.success(
                request,
                _(
                    "Đã tạo tài khoản. Chúng tôi đã gửi thư tới %(email)s: hãy mở đường dẫn trong "
                    "thư để xác minh e-mail trước khi nộp hồ sơ."
                )
                % {"email": user.email},
            )
            return redirect("accounts:profile")
    template = (
        "accounts/register_organisation.html"
        if account_type == AccountType.ORGANISATION
        else "accounts/register_citizen.html"
    )
    return render(request, template, {"form": form}, status=400 if form.errors else 200)


def verify_email(request, token: str):
    try:
        user = read_verification_token(token)
    except VerificationError as error:
        return render(request, "accounts/verify_failed.html", {"reason": error.reason}, status=400)
    already = user.email_verified_at is not None
    user.mark_email_verified()
    return render(request, "accounts/verify_done.html", {"verified_user": user, "already": already})


@login_required
@require_POST
def resend_verification(request):
    user = request.user
    if user.email_verified_at is not None:
        messages.info(request, _("E-mail của bạn đã được xác minh."))
    elif not user.email:
        messages.error(
            request,
            _("Tài khoản chưa có địa chỉ e-mail. Hãy bổ sung e-mail trong hồ sơ tài khoản."),
        )
    else:
        send_verification_email(request, user)
        messages.success(
            request, _("Đã gửi lại thư xác minh tới %(email)s.") % {"email": user.email}
        )
    return redirect("accounts:profile")


@login_required
def profile(request):
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST":
        if form.is_valid():
            try:
                with transaction.atomic():
                    form.save()
                    if form.email_changed:
                        send_verification_email(request, user)
            except IntegrityError:
                form.add_error("identity_number", DUPLICATE_IDENTITY)
            else:
                if form.email_changed:
                    messages.success(
                        request, _("Đã lưu. Hãy mở thư vừa gửi tới địa chỉ e-mail mới để xác minh.")
                    )
                else:
                    messages.success(request, _("Đã lưu thông tin tài khoản."))
                return redirect("accounts:profile")
        user.refresh_from_db()  # the invalid form changed the instance; show what is stored
    representations = user.representations.order_by("represented_name", "pk")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "profile_user": user,
            "representations": representations,
            "password_change_url": reverse("accounts:password_change"),
        },
        status=400 if form.errors else 200,
    )
