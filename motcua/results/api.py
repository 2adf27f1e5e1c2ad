"""``/api/v1/results/…``: public verification of an electronic result; the applicant's own
result under ``/api/v1/my/dossiers/{id}/result/``."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status as http
from rest_framework.exceptions import APIException, NotFound, ParseError, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.dossiers.models import Dossier

from .issue import current_for
from .serializers import (
    MyResultSerializer,
    ResultVerificationSerializer,
    VerifyResponseSerializer,
    VerifyUploadSerializer,
)
from .verification import (
    UPLOAD_FIELD,
    Lookup,
    hashes_match,
    install_hashing_handler,
    max_upload_bytes,
)
from .views import pdf_response

ERROR_SCHEMA = {"$ref": "#/components/schemas/Error"}
CODE_PARAMETER = OpenApiParameter(
    "code", OpenApiTypes.STR, OpenApiParameter.PATH,
    description=_lazy("Mã xác minh in trên văn bản, có hoặc không có dấu gạch (ABCD-EFGH-2345)."),
)
DOSSIER_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_lazy("Số định danh của hồ sơ.")
)
BAD_CODE = OpenApiResponse(ERROR_SCHEMA, description=_lazy("Mã xác minh không đúng định dạng."))
UNKNOWN_CODE = OpenApiResponse(ERROR_SCHEMA, description=_lazy("Không có kết quả điện tử với mã này."))
THROTTLED = OpenApiResponse(
    ERROR_SCHEMA, description=_lazy("Nhập sai mã quá nhiều lần từ địa chỉ này; thử lại sau ít phút.")
)
NOT_LOGGED_IN = OpenApiResponse(ERROR_SCHEMA, description=_lazy("Chưa đăng nhập."))
NO_RESULT = OpenApiResponse(
    ERROR_SCHEMA, description=_lazy("Không có hồ sơ này trong tài khoản, hoặc hồ sơ chưa có kết quả điện tử."),
)


class Throttled(APIException):
    status_code = http.HTTP_429_TOO_MANY_REQUESTS
    default_code = "throttled"


def _found(request, code: str) -> Lookup:
    lookup = Lookup(request, code)
    if lookup.throttled:
        raise Throttled(_("Bạn đã nhập sai mã xác minh quá nhiều lần. Vui lòng thử lại sau ít phút."))
    if lookup.invalid:
        raise ParseError(_("Mã xác minh gồm 12 chữ và số in ở chân văn bản (ví dụ ABCD-EFGH-2345)."))
    if lookup.missing:
        raise NotFound(_("Không tìm thấy kết quả điện tử nào có mã xác minh này."))
    return lookup


class ResultVerificationView(APIView):
    authentication_classes: list = []  # public: no session, so no CSRF and no personal view
    permission_classes: list = []

    @extend_schema(
        operation_id="results_retrieve",
        summary=_lazy("Xác minh kết quả điện tử theo mã"),
        description=_lazy(
            "Thông tin công khai của văn bản: tên, số, cơ quan phát hành, ngày phát hành, mã hồ sơ, "
            "hiệu lực và mã băm SHA-256 của tệp gốc. Không có thông tin cá nhân của người nộp."
        ),
        parameters=[CODE_PARAMETER],
        responses={
            200: OpenApiResponse(ResultVerificationSerializer, description=_lazy("Văn bản tìm thấy.")),
            400: BAD_CODE, 404: UNKNOWN_CODE, 429: THROTTLED,
        },
        tags=["results"],
    )
    def get(self, request, code: str):
        lookup = _found(request, code)
        return Response(ResultVerificationSerializer(lookup.result).data)


class ResultFileCheckView(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def initialize_request(self, request, *args, **kwargs):
        # Before DRF parses anything: the file is hashed as it streams, never stored.
        self.hashing = install_hashing_handler(request) if request.method == "POST" else None
        return super().initialize_request(request, *args, **kwargs)

    @extend_schema(
        operation_id="results_verify",
        summary=_lazy("So sánh một tệp PDF với bản gốc"),
        description=_lazy(
            "Gửi tệp (multipart, trường `tep`, tối đa 10 MB): máy chủ tính mã băm SHA-256 trong bộ "
            "nhớ, không lưu tệp, và cho biết tệp có trùng khớp với bản đã phát hành không."
        ),
        parameters=[CODE_PARAMETER],
        request={"multipart/form-data": VerifyUploadSerializer},
        responses={
            200: OpenApiResponse(VerifyResponseSerializer, description=_lazy("Kết quả so sánh.")),
            400: OpenApiResponse(
                ERROR_SCHEMA, description=_lazy("Mã sai định dạng, thiếu tệp, tệp rỗng hoặc quá lớn.")
            ),
            404: UNKNOWN_CODE, 429: THROTTLED,
        },
        tags=["results"],
    )
    def post(self, request, code: str):
        lookup = _found(request, code)
        upload = request.FILES.get(UPLOAD_FIELD)
        if self.hashing is not None and self.hashing.too_large:
            raise ValidationError(
                {UPLOAD_FIELD: [_("Tệp lớn hơn %(mb)d MB: không thể so sánh.") % {"mb": max_upload_bytes() // (1024 * 1024)}]}
            )
        if upload is None:
            raise ValidationError({UPLOAD_FIELD: [_("Vui lòng gửi tệp PDF cần so sánh.")]})
        if upload.size == 0:
            raise ValidationError({UPLOAD_FIELD: [_("Tệp đã gửi không có nội dung.")]})
        result = lookup.result
        match = hashes_match(result.sha256, upload.sha256)
        message = _("Tệp khớp với bản gốc") if match else _("Tệp KHÔNG khớp — có thể đã bị sửa đổi")
        return Response(
            {
                "match": match, "sha256": upload.sha256, "expected_sha256": result.sha256,
                "status": result.status, "message": message,
            }
        )


def _own_result(request, pk: int):
    # Only the applicant's own dossier: any other id, real or not, answers the same 404.
    dossier = Dossier.objects.filter(pk=pk, applicant_id=request.user.pk).only("pk").first()
    result = current_for(dossier) if dossier is not None else None
    if result is None:
        raise NotFound(_("Không có hồ sơ này trong tài khoản, hoặc hồ sơ chưa có kết quả điện tử."))
    return result


class MyResultView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="my_dossier_result_retrieve",
        summary=_lazy("Kết quả điện tử của hồ sơ của tôi"),
        description=_lazy("Thông tin kết quả đang có hiệu lực và địa chỉ tải tệp PDF."),
        parameters=[DOSSIER_PARAMETER],
        responses={
            200: OpenApiResponse(MyResultSerializer, description=_lazy("Kết quả đang có hiệu lực.")),
            401: NOT_LOGGED_IN, 403: NOT_LOGGED_IN, 404: NO_RESULT,
        },
        tags=["results"],
    )
    def get(self, request, id: int):
        result = _own_result(request, id)
        return Response(MyResultSerializer(result, context={"request": request}).data)


class MyResultFileView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="my_dossier_result_file",
        summary=_lazy("Tải tệp PDF kết quả điện tử của hồ sơ của tôi"),
        parameters=[DOSSIER_PARAMETER],
        responses={
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description=_lazy("Tệp PDF.")),
            401: NOT_LOGGED_IN, 403: NOT_LOGGED_IN, 404: NO_RESULT,
        },
        tags=["results"],
    )
    def get(self, request, id: int):
        return pdf_response(_own_result(request, id))
