"""Site-wide error views (``handler400``/``403``/``404``/``500`` in ``motcua/urls.py``).

Errors that never reach a DRF view (an unknown path, an id that does not fit its ``<int:pk>``
converter, a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``) are answered by Django's handlers.
Under ``/api/`` an integrator's client expects the API's JSON error shape
``{"detail": ..., "code": ...}``, never the site's HTML page; elsewhere the HTML pages stay.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    return request.path.startswith(API_PREFIX)


def api_error(detail: str, code: str, status: int) -> JsonResponse:
    return JsonResponse(
        {"detail": detail, "code": code}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def handler400(request, exception=None):
    if not is_api_request(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        limit_mb = round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024), 1)
        detail = _("Dữ liệu gửi lên quá lớn: nội dung không phải tệp tối đa %(limit)s MB.") % {
            "limit": f"{limit_mb:g}"
        }
    else:
        detail = _("Yêu cầu không hợp lệ.")
    return api_error(detail, "bad_request", 400)


def handler403(request, exception=None):
    if not is_api_request(request):
        return defaults.permission_denied(request, exception)
    return api_error(_("Bạn không có quyền thực hiện thao tác này."), "permission_denied", 403)


def handler404(request, exception=None):
    if not is_api_request(request):
        return defaults.page_not_found(request, exception)
    # Also reached for an id that does not fit its path converter (``/desk/dossiers/abc/``).
    detail = _("Không có địa chỉ %(path)s trong API; xem tài liệu tại /api/v1/docs/.") % {
        "path": request.path
    }
    return api_error(detail, "not_found", 404)


def handler500(request):
    if not is_api_request(request):
        return defaults.server_error(request)
    return api_error(_("Lỗi máy chủ; vui lòng thử lại sau."), "server_error", 500)
