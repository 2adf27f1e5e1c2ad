"""``/api/v1/reports/<table>/``: a report's tables as JSON or CSV (``?format=csv``), for officials.

The parameters are the dashboard's (``ky``, ``tu``, ``den``, ``linh-vuc``, ``cap``, ``kenh``,
``don-vi``, ``theo``, ``thu-tuc``); unlike the page, an invalid one is a 400 with the reason
per parameter. The scope is the caller's visibility, as on the dashboard.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import renderers, serializers
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.units.scoping import visibility

from .exports import report_tables, table_csv
from .filters import ReportFilterForm, resolve
from .indicators import Scope
from .report import build_report

TABLES = ("summary", "index", "offer", "months", "units")
ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}


class CSVRenderer(renderers.BaseRenderer):
    """The table's rows as CSV (UTF-8, header row of column keys)."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        table = (renderer_context or {}).get("table")
        response = (renderer_context or {}).get("response")
        if table is None or (response is not None and response.status_code >= 400):
            detail = data.get("detail", "") if isinstance(data, dict) else str(data)
            return f"error\n{detail}\n".encode()
        return table_csv(table).encode("utf-8")


class ReportTableSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    period = serializers.DictField(help_text="start, end (ISO dates), label")
    filters = serializers.DictField()
    columns = serializers.ListField(child=serializers.DictField())
    rows = serializers.ListField(child=serializers.DictField())


PARAMETERS = [
    OpenApiParameter(
        "table",
        OpenApiTypes.STR,
        OpenApiParameter.PATH,
        enum=list(TABLES),
        description=_("Bảng: summary, index, offer, months hoặc units."),
    ),
    OpenApiParameter(
        "ky",
        OpenApiTypes.STR,
        description=_("Kỳ: năm (2017), quý (2017-q2) hoặc tháng (2017-03); mặc định năm nay."),
    ),
    OpenApiParameter("tu", OpenApiTypes.DATE, description=_("Từ ngày (dùng cùng `den`).")),
    OpenApiParameter("den", OpenApiTypes.DATE, description=_("Đến ngày (dùng cùng `tu`).")),
    OpenApiParameter("linh-vuc", OpenApiTypes.INT, description=_("Mã số lĩnh vực.")),
    OpenApiParameter(
        "cap",
        OpenApiTypes.STR,
        description=_("Cấp thực hiện: central, province, district, commune."),
    ),
    OpenApiParameter("kenh", OpenApiTypes.STR, description=_("Hình thức nộp: desk, post, online.")),
    OpenApiParameter(
        "don-vi",
        OpenApiTypes.INT,
        description=_("Mã số đơn vị hành chính (trong phạm vi được xem)."),
    ),
    OpenApiParameter(
        "theo", OpenApiTypes.STR, description=_("`nay`: quy về đơn vị hành chính hiện nay.")
    ),
    OpenApiParameter("thu-tuc", OpenApiTypes.STR, description=_("Mã thủ tục.")),
    OpenApiParameter(
        "format", OpenApiTypes.STR, enum=["json", "csv"], description=_("`csv` để tải CSV.")
    ),
]


class ReportTableView(APIView):
    renderer_classes = [renderers.JSONRenderer, CSVRenderer]

    @extend_schema(
        summary=_("Một bảng của báo cáo (JSON hoặc CSV)"),
        description=_(
            "Bảng `summary` (các chỉ số), `index` (Quyết định 766/QĐ-TTg), `offer` (thủ tục trực "
            "tuyến theo cấp), `months` (theo tháng) hoặc `units` (theo đơn vị), trong phạm vi "
            "cán bộ được xem."
        ),
        parameters=PARAMETERS,
        responses={
            (200, "application/json"): ReportTableSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description=_("Bảng dạng CSV.")),
            400: OpenApiResponse(ERROR_SCHEMA, description=_("Tham số lọc không hợp lệ.")),
            401: OpenApiResponse(ERROR_SCHEMA, description=_("Chưa đăng nhập.")),
            403: OpenApiResponse(ERROR_SCHEMA, description=_("Không phải cán bộ, công chức.")),
            404: OpenApiResponse(ERROR_SCHEMA, description=_("Không có bảng này.")),
        },
    )
    def get(self, request, table: str):
        if not request.user.is_authenticated:
            raise NotAuthenticated(_("Cần đăng nhập để xem báo cáo."))
        seen = visibility(request.user)
        if seen.nothing:
            raise PermissionDenied(_("Chỉ cán bộ, công chức mới xem được báo cáo."))
        if table not in TABLES:
            raise NotFound(_("Không có bảng báo cáo này."))
        params = request.query_params.copy()
        params.pop("format", None)
        base = Scope.of_visibility(seen, with_predecessors=params.get("theo") == "nay")
        form = ReportFilterForm(params, visibility=seen, base_scope=base)
        if params and not form.is_valid():
            raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
        rr = resolve(form, base)
        report = build_report(rr.scope, rr.period, rr.filters, today_units=rr.today_units)
        chosen = next(t for t in report_tables(report) if t.key == table)
        self._table = chosen
        return Response(
            {
                "key": chosen.key,
                "title": str(chosen.title),
                "period": {
                    "start": rr.period.start.isoformat(),
                    "end": rr.period.end.isoformat(),
                    "label": rr.period.label,
                },
                "filters": rr.query,
                "columns": [{"key": k, "title": str(h), "format": f} for k, h, f in chosen.columns],
                "rows": [_plain(row) for row in chosen.rows],
            }
        )

    def get_renderer_context(self):
        context = super().get_renderer_context()
        context["table"] = getattr(self, "_table", None)
        return context


def _plain(row: dict) -> dict:
    return {
        k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items() if k != "qs"
    }
