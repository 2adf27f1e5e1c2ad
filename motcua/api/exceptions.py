"""One error shape for the whole API: ``{"detail": "<Vietnamese message>", "code": "..."}``
(validation errors keep DRF's per-field shape under ``errors``)."""

from django.utils.translation import gettext as _
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    else:
        # Translated per request: an English client gets English around DRF's per-field errors.
        response.data = {"detail": _("Dữ liệu gửi lên không hợp lệ."), "code": "invalid", "errors": data}
    return response
