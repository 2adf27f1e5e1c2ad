"""``/api/v1/procedures/``: the public catalogue for other systems (read-only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError

from .filters import ProcedureFilter
from .models import Procedure
from .search import find_version, published_versions, search_procedures
from .serializers import ProcedureDetailSerializer, ProcedureListSerializer
from .views import record_queryset

SEARCH_PARAMETER = OpenApiParameter(
    "search",
    OpenApiTypes.STR,
    description=_(
        "Tìm theo tên hoặc mã, không phân biệt dấu (đ/Đ cũng vậy). Kết quả xếp: tên trùng khớp, "
        "tên bắt đầu bằng từ khóa, chứa cả cụm từ, chứa mọi từ, rồi khớp mã. Ký tự điều khiển bị "
        "bỏ qua, từ khóa dài hơn 200 ký tự bị cắt."
    ),
)
VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    description=_("Số phiên bản muốn xem; mặc định là phiên bản đang áp dụng."),
)
PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        OpenApiTypes.INT,
        description=_("Số trang, bắt đầu từ 1. Trang vượt quá số trang trả về 404."),
    ),
    OpenApiParameter(
        "page_size",
        OpenApiTypes.INT,
        description=_("Số thủ tục mỗi trang (mặc định 20, tối đa 100)."),
    ),
]
# The shared error component; motcua.api.schema adds it when no serializer defines it.
ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}
BAD_REQUEST = OpenApiResponse(
    ERROR_SCHEMA, description=_("Tham số lọc hoặc số phiên bản không hợp lệ.")
)
NOT_FOUND_PAGE = OpenApiResponse(
    ERROR_SCHEMA, description=_("Trang không hợp lệ hoặc vượt quá số trang.")
)
NOT_FOUND_CODE = OpenApiResponse(
    ERROR_SCHEMA, description=_("Không có thủ tục (hoặc phiên bản) này.")
)


@extend_schema_view(
    list=extend_schema(
        summary=_("Danh sách thủ tục hành chính"),
        description=_(
            "Các phiên bản đang áp dụng (hoặc theo `status`), có lọc, tìm kiếm và phân trang."
        ),
        parameters=[SEARCH_PARAMETER, *PAGE_PARAMETERS],
        responses={
            200: OpenApiResponse(
                ProcedureListSerializer(many=True), description=_("Một trang kết quả.")
            ),
            400: BAD_REQUEST,
            404: NOT_FOUND_PAGE,
        },
    ),
    retrieve=extend_schema(
        summary=_("Chi tiết một thủ tục theo mã"),
        description=_(
            "Phiên bản đang áp dụng của mã thủ tục (hoặc phiên bản `version`), kèm thành phần hồ sơ, "
            "phí, lệ phí, căn cứ pháp lý, trình tự, quy trình nội bộ và biểu mẫu điện tử."
        ),
        parameters=[
            OpenApiParameter(
                "code",
                OpenApiTypes.STR,
                OpenApiParameter.PATH,
                description=_("Mã thủ tục, ví dụ 1.001193."),
            ),
            VERSION_PARAMETER,
        ],
        filters=False,
        responses={
            200: OpenApiResponse(
                ProcedureDetailSerializer, description=_("Thông tin đầy đủ của phiên bản.")
            ),
            400: BAD_REQUEST,
            404: NOT_FOUND_CODE,
        },
    ),
)
class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    """Published procedures; drafts are never shown."""

    filterset_class = ProcedureFilter
    serializer_class = ProcedureListSerializer
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"

    def get_queryset(self):
        return Procedure.objects.published().select_related("field").order_by("code", "-version")

    def get_serializer_class(self):
        return ProcedureDetailSerializer if self.action == "retrieve" else ProcedureListSerializer

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.action == "list":
            queryset = search_procedures(queryset, self.request.query_params.get("search"))
        return queryset

    def get_object(self):
        # Looked up by code, not pk, and never through the list filters: the default version
        # is the active one, whatever ``status`` a client leaves in the query string.
        code = self.kwargs["code"]
        version = self._requested_version()
        procedure = find_version(code, version, record_queryset())
        if procedure is None:
            if version is None:
                raise NotFound(_("Không tìm thấy thủ tục có mã “%(code)s”.") % {"code": code[:50]})
            raise NotFound(
                _("Thủ tục “%(code)s” không có phiên bản %(version)s.")
                % {"code": code[:50], "version": version}
            )
        return procedure

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.action == "retrieve":
            context["versions"] = list(published_versions(self.kwargs["code"]))
        return context

    def _requested_version(self) -> int | None:
        raw = self.request.query_params.get("version")
        if raw is None or raw == "":
            return None
        try:
            version = int(raw)
        except ValueError:
            version = 0
        if not 1 <= version <= 2_147_483_647:
            raise ValidationError({"version": [_("Phiên bản phải là một số nguyên dương.")]})
        return version
