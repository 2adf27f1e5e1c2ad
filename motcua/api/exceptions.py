"""One error shape for the whole API: ``{"detail": "<Vietnamese message>", "code": "..."}``
(validation errors keep DRF's per-field shape under ``errors``).

Most of DRF's and Django's built-in messages go through gettext and are translated in
``motcua/locale/vi``. A few are built as plain English strings and never reach gettext;
``_localized_detail`` replaces those with our own messages.
"""

import re

from django.apps import apps
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

# django.shortcuts.get_object_or_404: f"No {Model._meta.object_name} matches the given query."
_NO_MATCH = re.compile(r"^No (?P<model>\w+) matches the given query\.$")
# rest_framework.parsers.JSONParser: "JSON parse error - <json.JSONDecodeError text>"
_JSON_ERROR = re.compile(r"^JSON parse error - .*line (?P<line>\d+) column (?P<column>\d+)")


def _verbose_name(object_name: str) -> str | None:
    for model in apps.get_models():
        if model._meta.object_name == object_name:
            return str(model._meta.verbose_name)
    return None


def _localized_detail(exc, detail: str) -> str:
    if isinstance(exc, Http404) or isinstance(exc, exceptions.NotFound):
        match = _NO_MATCH.match(detail)
        if match:
            name = _verbose_name(match["model"])
            if name:
                return _("Không tìm thấy %(name)s được yêu cầu.") % {"name": name}
            return _("Không tìm thấy dữ liệu được yêu cầu.")
    elif isinstance(exc, exceptions.ParseError) and detail.startswith("JSON parse error - "):
        match = _JSON_ERROR.match(detail)
        if match:
            return _(
                "Nội dung gửi lên không phải JSON hợp lệ (lỗi ở dòng %(line)s, cột %(column)s)."
            ) % {
                "line": match["line"],
                "column": match["column"],
            }
        return _("Nội dung gửi lên không phải JSON hợp lệ.")
    elif isinstance(exc, exceptions.PermissionDenied) and detail.startswith("CSRF Failed: "):
        # SessionAuthentication's CSRF check: the reason after the colon is Django's English text.
        return _(
            "Thiếu hoặc sai mã chống giả mạo (CSRF): gửi kèm tiêu đề X-CSRFToken với giá trị "
            "của cookie csrftoken, hoặc dùng token xác thực."
        )
    elif isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        # DRF formats the wait into the text before ngettext, so no catalogue can match it.
        return " ".join(
            [
                _("Request was throttled."),
                ngettext(
                    "Expected available in {wait} second.",
                    "Expected available in {wait} seconds.",
                    exc.wait,
                ).format(wait=exc.wait),
            ]
        )
    return detail


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        response.data = {
            "detail": _localized_detail(exc, str(detail)),
            "code": getattr(detail, "code", "error"),
        }
    else:
        # Translated per request: an English client gets English around DRF's per-field errors.
        response.data = {
            "detail": _("Dữ liệu gửi lên không hợp lệ."),
            "code": "invalid",
            "errors": data,
        }
    return response
