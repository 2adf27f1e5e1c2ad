"""Site-wide views of the core app."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language


def switch_language(request):
    """The language switch in every page's header: a GET that sets the language cookie.

    Django's ``set_language`` is a POST with a CSRF token; putting that form in the base template
    made every anonymous page (the public lookup a QR code opens included) mint a CSRF secret and
    a cookie. A language preference is not data worth protecting against cross-site requests, so
    a plain link-like GET form is enough and keeps public pages cacheable and cheap.
    """
    language = request.GET.get("language", "")
    # Back to the page the switch was used on: ``next`` when given, else the Referer (the
    # header form carries no ``next``, so it is the same for every page and can be cached).
    target = request.GET.get("next") or request.headers.get("Referer") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if language and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language,
            max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response
