"""API of ratings and feedback for applicants and other systems (session or token).

- ``GET/POST /api/v1/dossiers/{id}/rating/``: the applicant's rating of their dossier.
- ``POST /api/v1/feedback/``: send feedback (limited per address, like the form).
- ``GET /api/v1/feedback/{number}/?secret=``: follow it with its number and secret.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, Throttled, ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.serializers import ErrorSerializer
from motcua.dossiers.models import Dossier

from .access import allow_submission
from .forms import FeedbackForm, current_procedures
from .handling import HandlingError, find_by_number_and_secret, receive
from .models import DIMENSIONS, Feedback
from .ratings import RatingError, can_rate, is_owner, rate, rating_for

SCORE_HELP = _("Mức độ hài lòng: 1 Rất không hài lòng, 2 Không hài lòng, 3 Bình thường, 4 Hài lòng, 5 Rất hài lòng.")


SCORE_ERRORS = {
    key: _("Mức độ hài lòng phải là một số từ 1 đến 5.")
    for key in ("invalid", "min_value", "max_value", "max_string_length")
} | {"required": _("Hãy chọn mức độ hài lòng cho tiêu chí này."), "null": _("Hãy chọn mức độ hài lòng cho tiêu chí này.")}


def _score(label, help_text):
    # Plain integers 1–5 rather than an enum of labels: what SIPAS exchanges.
    return serializers.IntegerField(
        min_value=1, max_value=5, help_text=f"{label}: {help_text} {SCORE_HELP}",
        error_messages=SCORE_ERRORS,
    )


class RatingSerializer(serializers.Serializer):
    access = _score(*DIMENSIONS[0][1:])
    procedure = _score(*DIMENSIONS[1][1:])
    officials = _score(*DIMENSIONS[2][1:])
    result = _score(*DIMENSIONS[3][1:])
    handling = _score(*DIMENSIONS[4][1:])
    comment = serializers.CharField(
        required=False, allow_blank=True, max_length=2000, help_text=_("Ý kiến khác (không bắt buộc).")
    )
    created_at = serializers.DateTimeField(read_only=True)


class RatingStateSerializer(serializers.Serializer):
    dossier = serializers.IntegerField(help_text=_("Số định danh của hồ sơ."))
    can_rate = serializers.BooleanField(help_text=_("Người gọi có thể đánh giá hồ sơ này ngay bây giờ."))
    rating = RatingSerializer(required=False, help_text=_("Đánh giá đã gửi; không có khi chưa đánh giá."))


DOSSIER_ID = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("Số định danh của hồ sơ.")
)
UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description=_("Chưa đăng nhập hoặc token không hợp lệ."))
FORBIDDEN = OpenApiResponse(ErrorSerializer, description=_("Chưa đăng nhập (phiên làm việc) hoặc không có quyền."))
NOT_OWNER = OpenApiResponse(
    ErrorSerializer, description=_("Không có hồ sơ này, hoặc hồ sơ không phải của bạn.")
)


class DossierRatingView(APIView):
    permission_classes = [IsAuthenticated]

    def _dossier(self, request, pk) -> Dossier:
        dossier = Dossier.objects.select_related("rating").filter(pk=pk).first()
        if dossier is None or not is_owner(dossier, request.user):
            raise NotFound(_("Không có hồ sơ này, hoặc hồ sơ không phải của bạn."))
        return dossier

    def _state(self, dossier, user) -> dict:
        rating = rating_for(dossier)
        state = {"dossier": dossier.pk, "can_rate": can_rate(dossier, user)}
        if rating is not None:
            state["rating"] = RatingSerializer(rating).data
        return state

    @extend_schema(
        summary=_("Đánh giá của hồ sơ"),
        description=_("Chỉ người nộp hồ sơ xem được. Không có `rating` khi chưa đánh giá."),
        parameters=[DOSSIER_ID],
        responses={200: RatingStateSerializer, 401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_OWNER},
    )
    def get(self, request, pk: int):
        dossier = self._dossier(request, pk)
        return Response(self._state(dossier, request.user))

    @extend_schema(
        summary=_("Đánh giá mức độ hài lòng về hồ sơ"),
        description=_(
            "Người nộp đánh giá hồ sơ đã có kết quả hoặc đã bị từ chối, theo năm tiêu chí SIPAS "
            "(mỗi tiêu chí 1–5). Mỗi hồ sơ chỉ đánh giá một lần, không sửa được."
        ),
        parameters=[DOSSIER_ID],
        request=RatingSerializer,
        responses={
            201: RatingSerializer,
            400: OpenApiResponse(ErrorSerializer, description=_("Thiếu tiêu chí hoặc điểm ngoài 1–5.")),
            401: UNAUTHENTICATED,
            403: FORBIDDEN,
            404: NOT_OWNER,
            409: OpenApiResponse(
                ErrorSerializer, description=_("Hồ sơ chưa thể đánh giá, hoặc đã được đánh giá.")
            ),
        },
    )
    def post(self, request, pk: int):
        dossier = self._dossier(request, pk)
        serializer = RatingSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        comment = data.pop("comment", "")
        try:
            rating = rate(dossier, by=request.user, scores=data, comment=comment)
        except RatingError as error:
            conflict = error.code in {"already_rated", "not_rateable"}
            return Response(
                {"detail": str(error), "code": error.code},
                status=status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST,
            )
        return Response(RatingSerializer(rating).data, status=status.HTTP_201_CREATED)


class FeedbackCreateSerializer(serializers.Serializer):
    procedure = serializers.CharField(max_length=40, help_text=_("Mã thủ tục đang áp dụng, ví dụ 1.001193."))
    agency = serializers.IntegerField(
        required=False, allow_null=True,
        help_text=_("Số định danh cơ quan giải quyết (nếu biết), xem /api/v1/agencies/."),
    )
    dossier_code = serializers.CharField(required=False, allow_blank=True, max_length=60)
    content = serializers.CharField(max_length=5000)
    sender_name = serializers.CharField(max_length=200)
    sender_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    sender_email = serializers.CharField(required=False, allow_blank=True, max_length=254)
    consent_to_publish = serializers.BooleanField(required=False, default=False)


class FeedbackReceiptSerializer(serializers.Serializer):
    number = serializers.CharField(help_text=_("Số phản ánh."))
    secret = serializers.CharField(help_text=_("Mã tra cứu: giữ kín, dùng để xem câu trả lời."))
    state = serializers.CharField()
    received_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(help_text=_("Hạn trả lời (10 ngày làm việc)."))


class FeedbackStatusSerializer(serializers.ModelSerializer):
    procedure_code = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    agency_name = serializers.CharField(source="agency.name", default=None, allow_null=True)
    state_label = serializers.CharField(source="get_state_display")

    class Meta:
        model = Feedback
        fields = [
            "number", "state", "state_label", "procedure_code", "procedure_name", "agency_name",
            "content", "received_at", "due_at", "answer", "answered_at",
        ]


class FeedbackCreateView(APIView):
    @extend_schema(
        summary=_("Gửi phản ánh, kiến nghị"),
        description=_(
            "Phản ánh về một thủ tục (và có thể một mã hồ sơ). Trả về số phản ánh và mã tra cứu. "
            "Mỗi địa chỉ IP chỉ gửi được một số lần mỗi giờ (429 khi vượt)."
        ),
        request=FeedbackCreateSerializer,
        responses={
            201: FeedbackReceiptSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description=_("Dữ liệu không hợp lệ; `errors` nêu lỗi của từng trường."),
            ),
            429: OpenApiResponse(ErrorSerializer, description=_("Gửi quá nhiều lần; thử lại sau.")),
        },
    )
    def post(self, request):
        serializer = FeedbackCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        procedure = current_procedures().filter(code=data["procedure"].strip()).first()
        # The form holds the rules (contact required, routing); the API only maps codes to rows.
        form = FeedbackForm(
            {
                **{k: v for k, v in data.items() if v is not None},
                "procedure": procedure.pk if procedure else "0",
                "consent_to_publish": "on" if data.get("consent_to_publish") else "",
            },
            user=request.user,
        )
        if not form.is_valid():
            raise ValidationError({name: [str(e) for e in errors] for name, errors in form.errors.items()})
        if not allow_submission(request):
            raise Throttled(detail=_("Bạn đã gửi nhiều phản ánh trong thời gian ngắn. Hãy thử lại sau một giờ."))
        clean = form.cleaned_data
        try:
            feedback = receive(
                procedure=clean["procedure"], content=clean["content"],
                sender_name=clean["sender_name"], sender_phone=clean["sender_phone"],
                sender_email=clean["sender_email"], sender=request.user, agency=clean["agency"],
                unit=clean["unit"], dossier=clean["dossier"], dossier_code=clean["dossier_code"],
                consent_to_publish=clean["consent_to_publish"],
            )
        except HandlingError as error:
            return Response({"detail": str(error), "code": error.code}, status=status.HTTP_400_BAD_REQUEST)
        return Response(FeedbackReceiptSerializer(feedback).data, status=status.HTTP_201_CREATED)


class FeedbackStatusView(APIView):
    @extend_schema(
        summary=_("Tra cứu phản ánh theo số và mã tra cứu"),
        parameters=[
            OpenApiParameter("number", OpenApiTypes.STR, OpenApiParameter.PATH, description=_("Số phản ánh.")),
            OpenApiParameter("secret", OpenApiTypes.STR, required=True, description=_("Mã tra cứu.")),
        ],
        responses={
            200: FeedbackStatusSerializer,
            404: OpenApiResponse(ErrorSerializer, description=_("Sai số phản ánh hoặc mã tra cứu.")),
        },
    )
    def get(self, request, number: str):
        feedback = find_by_number_and_secret(number, request.query_params.get("secret"))
        if feedback is None:
            raise NotFound(_("Không tìm thấy phản ánh với số và mã tra cứu này."))
        return Response(FeedbackStatusSerializer(feedback).data)
