"""``/api/v1/units/`` and ``/api/v1/agencies/``: public, read-only reference data."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets

from motcua.api.serializers import ErrorSerializer

from . import history
from .filters import AgencyFilter, UnitFilter
from .forms import MAX_ID
from .models import AdministrativeUnit, Agency
from .serializers import AgencySerializer, UnitDetailSerializer, UnitSerializer

PAGE_PARAMETERS = [
    OpenApiParameter(
        "page",
        OpenApiTypes.INT,
        description="Số trang, bắt đầu từ 1. Trang vượt quá số trang trả về 404.",
    ),
    OpenApiParameter(
        "page_size", OpenApiTypes.INT, description="Số bản ghi mỗi trang (mặc định 20, tối đa 100)."
    ),
]
BAD_REQUEST = OpenApiResponse(
    ErrorSerializer, description="Tham số không hợp lệ (ví dụ ngày `on` sai dạng)."
)
NOT_FOUND = OpenApiResponse(
    ErrorSerializer, description="Không có bản ghi này, hoặc trang vượt quá số trang."
)


class _BoundedIdMixin:
    """A path id too large for a bigint answers 404 instead of a database error."""

    def get_object(self):
        from rest_framework.exceptions import NotFound

        value = str(self.kwargs.get(self.lookup_url_kwarg or self.lookup_field, ""))
        if not value.isdigit() or int(value) > MAX_ID:
            raise NotFound()
        return super().get_object()


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách đơn vị hành chính",
        description=(
            "Tỉnh, huyện (đến 30/6/2025) và xã của cả hai giai đoạn. Dùng `on` để chỉ lấy các đơn vị có "
            "hiệu lực vào một ngày: mã đơn vị được dùng lại sau sắp xếp, nên mã chỉ xác định một đơn vị "
            "khi đi kèm ngày."
        ),
        parameters=PAGE_PARAMETERS,
        responses={200: UnitSerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="Chi tiết một đơn vị hành chính",
        description="Kèm các đơn vị trước đây (predecessors) và sau sắp xếp (successors), với ngày, loại thay đổi và căn cứ pháp lý.",
        responses={200: UnitDetailSerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
class AdministrativeUnitViewSet(_BoundedIdMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = UnitFilter

    def get_queryset(self):
        queryset = AdministrativeUnit.objects.select_related("parent").order_by(
            "code", "valid_from", "pk"
        )
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(*history.LINEAGE_PREFETCH)
        return queryset

    def get_serializer_class(self):
        return UnitDetailSerializer if self.action == "retrieve" else UnitSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Danh sách cơ quan",
        description="Ủy ban nhân dân, phòng ban, bộ phận một cửa… với mã định danh điện tử (QCVN 102:2016).",
        parameters=PAGE_PARAMETERS,
        responses={200: AgencySerializer(many=True), 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
    retrieve=extend_schema(
        summary="Chi tiết một cơ quan",
        responses={200: AgencySerializer, 400: BAD_REQUEST, 404: NOT_FOUND},
    ),
)
class AgencyViewSet(_BoundedIdMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = AgencyFilter
    serializer_class = AgencySerializer
    queryset = Agency.objects.select_related("unit", "parent").order_by(
        "unit__code", "name_folded", "pk"
    )
