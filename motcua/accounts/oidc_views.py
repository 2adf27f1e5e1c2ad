"""The two URLs of e-ID login: start (redirect to the provider) and callback."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.auth import login
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .conf import oidc_config
from .oidc import OIDCLoginError, authorization_redirect, fetch_claims, user_from_claims

log = logging.getLogger(__name__)
NEXT_SESSION_KEY = "accounts_oidc_next"

ERROR_MESSAGES = {
    "denied": _("Bạn đã hủy đăng nhập hoặc hệ thống định danh điện tử từ chối yêu cầu."),
    "state": _(
        "Phiên đăng nhập không hợp lệ hoặc đã hết hạn (có thể đường dẫn đã được dùng, "
        "hoặc bị giả mạo). Vui lòng đăng nhập lại từ đầu."
    ),
    "token": _(
        "Mã xác thực từ hệ thống định danh điện tử đã hết hạn hoặc không hợp lệ. "
        "Vui lòng đăng nhập lại."
    ),
    "nonce": _(
        "Thông tin xác thực nhận được không khớp với yêu cầu đăng nhập của bạn. "
        "Vì an toàn, chúng tôi không đăng nhập. Vui lòng thử lại."
    ),
    "claims": _(
        "Thông tin xác thực nhận được không hợp lệ. Vì an toàn, chúng tôi không đăng "
        "nhập. Vui lòng thử lại."
    ),
    "identity": _(
        "Hệ thống định danh điện tử không cung cấp số định danh cá nhân hợp lệ, "
        "nên không thể đăng nhập."
    ),
    "inactive": _(
        "Tài khoản gắn với số định danh này đã bị khóa. Vui lòng liên hệ bộ phận một cửa."
    ),
    "provider": _(
        "Không kết nối được với hệ thống định danh điện tử. Vui lòng thử lại sau "
        "hoặc đăng nhập bằng mật khẩu."
    ),
}


def _config_or_404():
    config = oidc_config()
    if config is None:
        raise Http404
    return config


def oidc_login(request):
    config = _config_or_404()
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        request.session[NEXT_SESSION_KEY] = next_url
    else:
        request.session.pop(NEXT_SESSION_KEY, None)
    return authorization_redirect(
        request, config, request.build_absolute_uri(reverse("accounts:oidc_callback"))
    )


def oidc_callback(request):
    config = _config_or_404()
    try:
        user = user_from_claims(config, fetch_claims(request, config))
    except OIDCLoginError as error:
        log.warning("e-ID login failed: %s", error)
        return render(
            request,
            "accounts/oidc_error.html",
            {"message": ERROR_MESSAGES.get(error.reason, ERROR_MESSAGES["claims"])},
            status=400,
        )
    next_url = request.session.pop(NEXT_SESSION_KEY, "") or reverse("accounts:profile")
    login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
    return redirect(next_url)
