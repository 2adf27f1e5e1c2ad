"""drf-spectacular post-processing: document the error responses every operation can give.

DRF raises 400 (bad filter or query), 404 (unknown object, page past the end) and, for
writes, 401/403; spectacular leaves these out, so clients and schemathesis would meet
undocumented codes. We add them once here instead of decorating every view.
"""

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "Thông báo lỗi bằng tiếng Việt"},
        "code": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["detail"],
}

_DESCRIPTIONS = {
    "400": "Yêu cầu không hợp lệ (tham số lọc, tìm kiếm hoặc dữ liệu sai).",
    "401": "Chưa đăng nhập hoặc token không hợp lệ.",
    "403": "Không có quyền thực hiện thao tác này.",
    "404": "Không tìm thấy (hoặc nằm ngoài phạm vi được phép xem).",
}


def document_error_responses(result, generator, request, public):
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.setdefault("Error", ERROR_SCHEMA)
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            codes = ["400", "404"]
            if method != "get" or operation.get("security") not in (None, [], [{}]):
                codes += ["401", "403"]
            for code in codes:
                responses.setdefault(
                    code,
                    {
                        "description": _DESCRIPTIONS[code],
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result
