"""Site-wide request guards."""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulBytesMiddleware:
    """Answer 400 to a URL holding a NUL byte (``%00``).

    PostgreSQL refuses NUL in text, so such a value reaching a query would be a 500 there and
    work on SQLite. Form fields already refuse NUL (Django's ProhibitNullCharactersValidator);
    query strings and paths are checked here, once, instead of in every view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in query or "%00" in query:
            return HttpResponseBadRequest(
                _("Địa chỉ có ký tự không hợp lệ; vui lòng kiểm tra lại đường dẫn.").encode(),
                content_type="text/plain; charset=utf-8",
            )
        return self.get_response(request)
