"""Payment endpoints: the applicant's ``my/dossiers/{id}/payment/`` and the gateways' IPN."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.api.serializers import ErrorSerializer
from motcua.dossiers.models import Dossier

from . import fees, services
from .models import Payment
from .providers import UnknownProvider, get_provider

NOT_FOUND_DOSSIER = OpenApiResponse(
    ErrorSerializer, description=_("Không có hồ sơ này trong tài khoản của bạn.")
)
UNAUTHENTICATED = OpenApiResponse(ErrorSerializer, description=_("Chưa đăng nhập."))
FORBIDDEN = OpenApiResponse(ErrorSerializer, description=_("Không có quyền."))


class FeeLineSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="fee (phí) hoặc charge (lệ phí).")
    kind_label = serializers.CharField()
    name = serializers.CharField()
    amount = serializers.IntegerField(
        allow_null=True, help_text="Đồng; null: không thu trực tuyến, 0: miễn. Khoản thu theo bản: đơn giá × số bản."
    )
    unit_amount = serializers.IntegerField(
        allow_null=True, help_text="Mức thu (đồng) theo danh mục; với khoản thu theo bản là đơn giá một bản."
    )
    quantity = serializers.IntegerField(help_text="Số bản tính phí (số bản sao trong tờ khai); 1 nếu không thu theo bản.")
    per_copy = serializers.BooleanField(help_text="Khoản thu tính theo bản (\"…đồng/bản\").")
    note = serializers.CharField()


# Plain strings documented with a pattern rather than enum components: several APIs have a
# field named "status" with different choices, and enum components would collide.
@extend_schema_field({
    "type": "string", "pattern": "^(pending|paid|failed|cancelled|expired)$",
    "description": "pending chờ thanh toán, paid đã thanh toán, failed không thành công, "
    "cancelled đã hủy, expired quá thời gian.",
})
class PaymentStatusField(serializers.CharField):
    pass


@extend_schema_field({
    "type": "string", "pattern": "^(not_required|unpaid|pending|paid|refund_due)$",
    "description": "not_required không phải thanh toán, unpaid chưa thanh toán, pending đang "
    "chờ, paid đã thanh toán, refund_due đã thanh toán nhưng hồ sơ bị từ chối hoặc đã rút: "
    "cơ quan hoàn trả theo quy định về phí, lệ phí (không hoàn qua cổng thanh toán).",
})
class PaymentStateField(serializers.CharField):
    pass


class PaymentSerializer(serializers.ModelSerializer):
    status = PaymentStatusField()
    status_label = serializers.CharField(source="get_status_display")
    receipt_url = serializers.SerializerMethodField()

    class Meta:
        model = Payment
        fields = [
            "reference", "amount", "currency", "provider", "status", "status_label",
            "created_at", "expires_at", "paid_at", "receipt_url",
        ]

    def get_receipt_url(self, payment) -> str | None:
        return reverse("payments:receipt", args=[payment.reference]) if payment.is_paid else None


class DossierPaymentSerializer(serializers.Serializer):
    dossier = serializers.IntegerField()
    required = serializers.BooleanField(help_text="Thủ tục mức độ 4 có khoản phải nộp.")
    payable_now = serializers.BooleanField()
    amount_due = serializers.IntegerField(help_text="Tổng số tiền (đồng).")
    currency = serializers.CharField()
    paid = serializers.BooleanField()
    status = PaymentStateField()
    status_label = serializers.CharField()
    lines = FeeLineSerializer(many=True)
    payments = PaymentSerializer(many=True)


class StartedPaymentSerializer(serializers.Serializer):
    reference = serializers.CharField()
    amount = serializers.IntegerField()
    status = serializers.CharField()
    redirect_url = serializers.CharField(help_text="Địa chỉ cổng thanh toán để chuyển trình duyệt tới.")


class IpnAnswerSerializer(serializers.Serializer):
    RspCode = serializers.CharField(
        help_text="00 ghi nhận; 01 không có giao dịch; 02 đã ghi nhận trước đó; 04 sai số tiền; "
        "97 sai chữ ký; 99 lỗi khác."
    )
    Message = serializers.CharField()


class PaymentRefused(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = _("Không thể thanh toán hồ sơ này.")
    default_code = "payment_error"


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or ""


def dossier_payment_data(dossier: Dossier) -> dict:
    state = services.status_for(dossier)
    return {
        "dossier": dossier.pk,
        "required": state["required"],
        "payable_now": fees.payable_now(dossier) and not state["paid"],
        "amount_due": state["amount_due"],
        "currency": "VND",
        "paid": state["paid"],
        "status": state["status"],
        "status_label": str(state["label"]),
        "lines": [
            {**line.as_dict(), "note": line.note}
            for line in fees.fee_lines(dossier)
        ],
        "payments": PaymentSerializer(dossier.payments.all(), many=True).data,
    }


class MyDossierPaymentView(APIView):
    permission_classes = [IsAuthenticated]
    serializer_class = DossierPaymentSerializer

    def get_dossier(self, request, pk: int) -> Dossier:
        return get_object_or_404(
            Dossier.objects.select_related("procedure", "online").prefetch_related("procedure__fees"),
            pk=pk, applicant=request.user,
        )

    @extend_schema(
        summary=_("Phí, lệ phí và các lần thanh toán của hồ sơ"),
        description=_("Số tiền phải nộp theo thủ tục, từng khoản thu, và các giao dịch thanh toán."),
        responses={
            200: DossierPaymentSerializer, 401: UNAUTHENTICATED, 403: FORBIDDEN,
            404: NOT_FOUND_DOSSIER,
        },
    )
    def get(self, request, pk: int):
        dossier = self.get_dossier(request, pk)
        payment = services.open_payment(dossier)
        if payment is not None:
            services.settle_if_overdue(payment)
        return Response(dossier_payment_data(dossier))

    @extend_schema(
        summary=_("Bắt đầu thanh toán trực tuyến"),
        description=_(
            "Tạo (hoặc dùng lại) giao dịch đang chờ và trả địa chỉ cổng thanh toán. Gọi hai lần "
            "liên tiếp trả cùng một giao dịch."
        ),
        request=None,
        responses={
            201: StartedPaymentSerializer,
            400: OpenApiResponse(
                ErrorSerializer,
                description=_("Hồ sơ không phải thanh toán, đã thanh toán, hoặc chưa thể thanh toán."),
            ),
            401: UNAUTHENTICATED, 403: FORBIDDEN, 404: NOT_FOUND_DOSSIER,
        },
    )
    def post(self, request, pk: int):
        dossier = self.get_dossier(request, pk)
        try:
            payment, url = services.start_payment(
                dossier, by=request.user, base_url=request.build_absolute_uri("/"),
                client_ip=client_ip(request),
            )
        except services.PaymentError as error:
            raise PaymentRefused(detail=str(error), code=error.code) from None
        body = {"reference": payment.reference, "amount": payment.amount,
                "status": payment.status, "redirect_url": url}
        return Response(body, status=status.HTTP_201_CREATED)


PROVIDER_PARAMETER = OpenApiParameter(
    "provider", OpenApiTypes.STR, OpenApiParameter.PATH,
    description=_("Tên cổng thanh toán, ví dụ sandbox."),
)
IPN_DOC = {
    "summary": _("Thông báo kết quả thanh toán từ cổng (IPN)"),
    "description": _(
        "Cổng thanh toán gọi trực tiếp (máy chủ tới máy chủ) với các tham số đã ký (theo giao thức "
        "VNPay: vnp_TxnRef, vnp_Amount ×100, vnp_ResponseCode, vnp_SecureHash HMAC-SHA512). Luôn "
        "trả 200 với RspCode; gọi lại nhiều lần chỉ được ghi nhận một lần."
    ),
    "parameters": [PROVIDER_PARAMETER],
    "auth": [],
    "responses": {
        200: IpnAnswerSerializer,
        404: OpenApiResponse(ErrorSerializer, description=_("Không có cổng thanh toán này.")),
    },
}


class PaymentIpnView(APIView):
    """Public, but nothing is believed without the gateway's signature."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    serializer_class = IpnAnswerSerializer

    def answer(self, provider_name: str, params) -> Response:
        try:
            provider = get_provider(provider_name)
        except UnknownProvider:
            raise Http404 from None
        code, _payment = services.process_callback(provider.name, params)
        return Response(provider.ipn_body(code))

    @extend_schema(operation_id="payments_ipn_retrieve", **IPN_DOC)
    def get(self, request, provider: str):
        return self.answer(provider, request.query_params)

    @extend_schema(operation_id="payments_ipn_create", request=None, **IPN_DOC)
    def post(self, request, provider: str):
        params = request.data if hasattr(request.data, "items") else {}
        return self.answer(provider, {**request.query_params.dict(), **dict(params.items())})
