"""Refuse an oversized request before anything reads its body.

Django reads a multipart body into temporary files as soon as a view touches ``request.POST``
or ``request.FILES``; a 200 MB upload would fill the disk and hold a worker for minutes before
the per-file checks say no. This guard looks only at the ``Content-Length`` header and answers
413 with a Vietnamese page; the body is never read. A client that lies (sends more than it
announced) is cut off by the WSGI server at the announced length.

Add it near the top of ``MIDDLEWARE`` (after ``SecurityMiddleware``).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string

DEFAULT_MAX_REQUEST_BYTES = 60 * 1024 * 1024


def max_request_bytes() -> int:
    return int(getattr(settings, "MOTCUA_MAX_REQUEST_BYTES", DEFAULT_MAX_REQUEST_BYTES))


class RequestSizeGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except (TypeError, ValueError):
            length = 0
        limit = max_request_bytes()
        if length > limit:
            return self.too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def too_large(request, limit: int) -> HttpResponse:
        limit_mb = limit // (1024 * 1024)
        if request.path.startswith("/api/"):
            import json

            from django.utils.translation import gettext as _

            body = json.dumps(
                {
                    "detail": _("Dữ liệu gửi lên lớn hơn %(limit)s MB; vui lòng gửi tệp nhỏ hơn.")
                    % {"limit": limit_mb},
                    "code": "request_too_large",
                },
                ensure_ascii=False,
            )
            response = HttpResponse(body, status=413, content_type="application/json")
        else:
            # No RequestContext: the session and user middlewares may not have run yet.
            html = render_to_string("portal/apply/too_large.html", {"limit_mb": limit_mb})
            response = HttpResponse(html, status=413)
        # The body was not read: the connection cannot be reused for another request.
        response["Connection"] = "close"
        return response
