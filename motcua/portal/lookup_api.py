"""Following a dossier through the API: the public status by code + secret, and the
applicant's own dossiers (list, detail with history, withdraw, answer a supplement request).

Same rules as the pages (``portal.following``): another person's dossier is 404, never 403;
the public status shows no personal data and the same 404 for a wrong code or a wrong secret;
wrong pairs are limited per address (429).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.dossiers import workflow
from motcua.dossiers.errors import StaleDossier, WorkflowError
from motcua.dossiers.models import Status
from motcua.portal import following
from motcua.portal.history import timeline
from motcua.portal.views.account import DOCUMENTS, available_document

ERROR = {"$ref": "#/components/schemas/Error"}
TAG = "Theo dõi hồ sơ"


def _error(message: str, code: str, http_status: int, errors: dict | None = None) -> Response:
    body = {"detail": str(message), "code": code}
    if errors:
        body["errors"] = errors
    return Response(body, status=http_status)


# -- serializers --------------------------------------------------------------------------


STATUS_HELP = "Mã trạng thái: " + ", ".join(Status.values) + "."


class DossierStatusField(serializers.CharField):
    """The status code. Not a documented enum: the schema's enum post-processing names enums
    by field name, and "status" already names other choice sets (catalogue, payments)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", STATUS_HELP)
        super().__init__(**kwargs)


class PublicStatusSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=gettext_lazy("Mã hồ sơ."))
    procedure = serializers.CharField(help_text=gettext_lazy("Tên thủ tục."))
    procedure_code = serializers.CharField(help_text=gettext_lazy("Mã thủ tục."))
    receiving_agency = serializers.CharField(help_text=gettext_lazy("Cơ quan tiếp nhận."))
    status = DossierStatusField()
    status_label = serializers.CharField(help_text=gettext_lazy("Trạng thái bằng tiếng Việt."))
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text=gettext_lazy("Hẹn trả kết quả."))
    new_due_at = serializers.DateTimeField(
        allow_null=True,
        help_text=gettext_lazy("Hẹn lại ngày trả kết quả sau khi cơ quan xin lỗi vì giải quyết chậm; null nếu không có."),
    )
    apologised = serializers.BooleanField(
        help_text=gettext_lazy("Cơ quan đã xin lỗi vì giải quyết chậm và hẹn lại ngày trả kết quả.")
    )
    returned_at = serializers.DateTimeField(allow_null=True)


class MyDossierSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField(allow_null=True, help_text=gettext_lazy("Null trước khi được tiếp nhận."))
    procedure_code = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    receiving_agency = serializers.CharField(source="receiving_agency.name")
    status = DossierStatusField()
    status_label = serializers.CharField(source="get_status_display")
    submitted_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True)
    new_due_at = serializers.DateTimeField(
        allow_null=True,
        help_text=gettext_lazy("Hẹn lại ngày trả kết quả sau khi cơ quan xin lỗi vì giải quyết chậm; null nếu không có."),
    )
    version = serializers.IntegerField(
        help_text=gettext_lazy("Phiên bản hồ sơ: gửi lại trong `expected_version` khi rút hoặc bổ sung.")
    )


class HistoryEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    text = serializers.CharField(help_text=gettext_lazy("Diễn giải bằng tiếng Việt."))
    items = serializers.ListField(child=serializers.CharField(), help_text=gettext_lazy("Giấy tờ cần bổ sung, nếu có."))


class DocumentLinkSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class SupplementRequestSerializer(serializers.Serializer):
    round = serializers.IntegerField(help_text=gettext_lazy("Lần yêu cầu bổ sung (1 là lần đầu)."))
    items = serializers.ListField(child=serializers.CharField())
    reason = serializers.CharField(allow_blank=True)


class MyDossierDetailSerializer(MyDossierSerializer):
    competent_agency = serializers.CharField(source="competent_agency.name")
    due_explanation = serializers.CharField()
    returned_at = serializers.DateTimeField(allow_null=True)
    actions = serializers.SerializerMethodField(help_text=gettext_lazy("Thao tác bạn có thể làm lúc này."))
    history = serializers.SerializerMethodField()
    documents = serializers.SerializerMethodField()
    supplement_request = serializers.SerializerMethodField()

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_actions(self, dossier):
        return [action.value for action in workflow.available_actions(dossier, self.context["request"].user)]

    @extend_schema_field(HistoryEntrySerializer(many=True))
    def get_history(self, dossier):
        return HistoryEntrySerializer(timeline(dossier), many=True).data

    @extend_schema_field(DocumentLinkSerializer(many=True))
    def get_documents(self, dossier):
        actions = set(dossier.audit_events.values_list("action", flat=True).distinct())
        return [
            {"label": str(label), "url": f"/dich-vu-cong/ho-so/{dossier.pk}/{slug}.pdf"}
            for slug, (kind, label) in DOCUMENTS.items()
            if available_document(dossier, kind, actions)
        ]

    @extend_schema_field(SupplementRequestSerializer(allow_null=True))
    def get_supplement_request(self, dossier):
        if dossier.status != Status.WAITING_SUPPLEMENT:
            return None
        request = following.supplement_request(dossier)
        return SupplementRequestSerializer(request).data if request else None


class WithdrawSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        required=False, min_value=1,
        help_text=gettext_lazy("Phiên bản hồ sơ bạn đã xem; nếu hồ sơ đã thay đổi, trả về 409."),
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)


SUPPLEMENT_REQUEST_SCHEMA = {
    "type": "object",
    "properties": {
        "expected_version": {"type": "integer", "description": "Phiên bản hồ sơ bạn đã xem."},
        "note": {"type": "string", "maxLength": 2000, "description": "Ghi chú, nội dung bổ sung."},
        "item_0": {"type": "string", "format": "binary", "description": "Tệp cho giấy tờ thứ nhất."},
    },
    "additionalProperties": {
        "type": "string", "format": "binary",
        "description": "item_<n>: tệp cho giấy tờ thứ n+1 trong `supplement_request.items`.",
    },
    "required": ["expected_version"],
}

ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("Số hồ sơ."))
NOT_YOURS = OpenApiResponse(ERROR, description=gettext_lazy("Không có hồ sơ này trong tài khoản của bạn."))
NOT_LOGGED_IN = OpenApiResponse(ERROR, description=gettext_lazy("Chưa đăng nhập hoặc token không hợp lệ."))
STALE = OpenApiResponse(ERROR, description=gettext_lazy("Hồ sơ đã thay đổi kể từ phiên bản bạn gửi."))
NOT_ALLOWED = OpenApiResponse(
    ERROR, description=gettext_lazy("Dữ liệu không hợp lệ hoặc thao tác không áp dụng cho hồ sơ ở trạng thái hiện tại.")
)


# -- public status ------------------------------------------------------------------------


class DossierStatusView(APIView):
    """The public status of a dossier: no login, no session, no personal data."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Tình trạng hồ sơ theo mã hồ sơ và mã tra cứu"),
        description=gettext_lazy(
            "Công khai, không cần đăng nhập. Trả về thủ tục, cơ quan tiếp nhận, trạng thái và các "
            "mốc thời gian; không có thông tin cá nhân. Mã hồ sơ hoặc mã tra cứu sai đều trả 404 "
            "như nhau; quá nhiều lần sai trong một phút từ một địa chỉ trả 429."
        ),
        parameters=[
            OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description=gettext_lazy("Mã hồ sơ.")),
            OpenApiParameter(
                "secret", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True,
                description=gettext_lazy("Mã tra cứu in trên giấy tiếp nhận (trong mã QR)."),
            ),
        ],
        responses={
            200: PublicStatusSerializer,
            400: OpenApiResponse(ERROR, description=gettext_lazy("Thiếu mã tra cứu.")),
            404: OpenApiResponse(ERROR, description=gettext_lazy("Không có hồ sơ với cặp mã này.")),
            429: OpenApiResponse(ERROR, description=gettext_lazy("Tra cứu sai quá nhiều lần; thử lại sau một phút.")),
        },
    )
    def get(self, request, code: str):
        secret = request.query_params.get("secret", "")
        if not secret.strip():
            return _error(_("Vui lòng gửi mã tra cứu (tham số secret)."), "missing_secret", 400)
        throttle = following.LookupThrottle(request)
        if throttle.blocked():
            return _error(
                _("Bạn đã tra cứu sai quá nhiều lần trong một phút. Vui lòng đợi một phút rồi thử lại."),
                "throttled", 429,
            )
        dossier = following.public_status(code, secret)
        if dossier is None:
            throttle.failed()
            return _error(
                _("Không tìm thấy hồ sơ với mã hồ sơ và mã tra cứu này. Mã tra cứu phân biệt chữ hoa và chữ thường."),
                "not_found", 404,
            )
        response = Response(PublicStatusSerializer(following.public_fields(dossier)).data)
        response["Cache-Control"] = "private, no-store"
        return response


# -- the applicant's dossiers --------------------------------------------------------------


class MyDossierMixin:
    permission_classes = [IsAuthenticated]
    filter_backends: list = []

    def get_queryset(self):
        return following.my_dossiers(self.request.user)

    def get_dossier(self, pk):
        try:
            return following.my_dossier(self.request.user, pk)
        except Http404 as error:
            raise NotFound(_("Không có hồ sơ này trong tài khoản của bạn.")) from error


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("Hồ sơ của tôi"),
    description=gettext_lazy("Các hồ sơ của người đăng nhập (kể cả bản nháp), mới nhất trước."),
    parameters=[
        OpenApiParameter(
            "draft", OpenApiTypes.BOOL,
            description=gettext_lazy("true: chỉ bản nháp; false: chỉ hồ sơ đã nộp; bỏ trống: tất cả."),
        ),
    ],
    responses={200: MyDossierSerializer(many=True), 401: NOT_LOGGED_IN, 403: NOT_LOGGED_IN},
)
class MyDossierList(MyDossierMixin, generics.ListAPIView):
    serializer_class = MyDossierSerializer

    def get_queryset(self):
        queryset = super().get_queryset()
        draft = self.request.query_params.get("draft", "").lower()
        if draft in ("true", "1"):
            queryset = queryset.filter(status=Status.DRAFT)
        elif draft in ("false", "0"):
            queryset = queryset.exclude(status=Status.DRAFT)
        return queryset


class MyDossierDetail(MyDossierMixin, APIView):
    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Một hồ sơ của tôi, với lịch sử xử lý"),
        parameters=[ID_PARAMETER],
        responses={200: MyDossierDetailSerializer, 401: NOT_LOGGED_IN, 403: NOT_LOGGED_IN, 404: NOT_YOURS},
    )
    def get(self, request, id: int):
        dossier = self.get_dossier(id)
        return Response(MyDossierDetailSerializer(dossier, context={"request": request}).data)


def _detail(request, dossier) -> Response:
    dossier = following.my_dossier(request.user, dossier.pk)
    return Response(MyDossierDetailSerializer(dossier, context={"request": request}).data)


def _stale(error: StaleDossier) -> Response:
    current = error.current
    label = current.get_status_display() if current is not None else ""
    return _error(
        _("%(message)s Trạng thái hiện tại: %(status)s.") % {"message": error, "status": label},
        "stale", status.HTTP_409_CONFLICT,
        {"version": [str(current.version)] if current is not None else []},
    )


class MyDossierWithdraw(MyDossierMixin, APIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Rút hồ sơ"),
        parameters=[ID_PARAMETER],
        request=WithdrawSerializer,
        responses={
            200: MyDossierDetailSerializer, 400: NOT_ALLOWED, 401: NOT_LOGGED_IN, 403: NOT_LOGGED_IN,
            404: NOT_YOURS, 409: STALE,
        },
    )
    def post(self, request, id: int):
        dossier = self.get_dossier(id)
        data = WithdrawSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        expected = data.validated_data.get("expected_version", dossier.version)
        try:
            following.withdraw(
                dossier, request.user, expected_version=expected,
                reason=data.validated_data.get("reason", ""),
            )
        except StaleDossier as error:
            return _stale(error)
        except WorkflowError as error:
            return _error(str(error), "not_allowed", 400)
        return _detail(request, dossier)


class MyDossierSupplement(MyDossierMixin, APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Nộp bổ sung hồ sơ"),
        description=gettext_lazy(
            "multipart/form-data: `item_<n>` là tệp (PDF, JPEG, PNG, tối đa 10 MB) cho giấy tờ thứ n "
            "(đếm từ 0) trong `supplement_request.items`; `note` không bắt buộc. Tệp và việc nộp bổ "
            "sung được ghi trong một giao dịch: lỗi thì không tệp nào được đính kèm. Gửi lại cùng "
            "`expected_version` sau khi đã thành công trả về 200 với trạng thái hiện tại."
        ),
        parameters=[ID_PARAMETER],
        request={"multipart/form-data": SUPPLEMENT_REQUEST_SCHEMA},
        responses={
            200: MyDossierDetailSerializer, 400: NOT_ALLOWED, 401: NOT_LOGGED_IN, 403: NOT_LOGGED_IN,
            404: NOT_YOURS, 409: STALE,
        },
    )
    def post(self, request, id: int):
        dossier = self.get_dossier(id)
        try:
            expected = int(request.data.get("expected_version", ""))
        except (TypeError, ValueError):
            return _error(
                _("Vui lòng gửi phiên bản hồ sơ (expected_version) là một số nguyên."), "invalid", 400,
                {"expected_version": [_("Phải là một số nguyên.")]},
            )
        if following.already_answered(dossier, request.user, expected):
            return _detail(request, dossier)
        files = {}
        for name, upload in request.FILES.items():
            index = name.removeprefix("item_")
            if not name.startswith("item_") or not index.isdigit():
                return _error(
                    _("Tên trường tệp không hợp lệ: dùng item_0, item_1…"), "invalid", 400,
                    {"files": [_("Tên trường tệp không hợp lệ: dùng item_0, item_1…")]},
                )
            files[int(index)] = upload
        try:
            following.answer_supplement(
                dossier, request.user, files=files, note=str(request.data.get("note", "")),
                expected_version=expected,
            )
        except following.SupplementInvalid as error:
            return _error(str(error), "invalid", 400, {k: [v] for k, v in error.errors.items()})
        except StaleDossier as error:
            fresh = following.my_dossier(request.user, dossier.pk)
            if following.already_answered(fresh, request.user, expected):
                return _detail(request, fresh)
            return _stale(error)
        except WorkflowError as error:
            return _error(str(error), "not_allowed", 400)
        return _detail(request, dossier)
