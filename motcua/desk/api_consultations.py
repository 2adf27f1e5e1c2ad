"""Consultations (liên thông) by API, with ``dossiers.consultations`` as on the pages.

The handler asks from a dossier in their scope; the consulted agency's officials list, read
and answer the consultations addressed to their agencies (scoped by the consultation's
agency, not the dossier's unit, as the "Xin ý kiến" tab does).
"""

from __future__ import annotations

from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response

from motcua.dossiers import audit, consultations
from motcua.dossiers.errors import MissingDetails, OutsideScope, StaleDossier, WorkflowError
from motcua.dossiers.models import Consultation
from motcua.dossiers.workflow import roles_of
from motcua.units.models import Role

from . import api_serializers as s
from . import idempotency
from .api import (
    E400,
    E401,
    E403,
    E404,
    E409,
    ID,
    IDEMPOTENCY_KEY,
    TAG,
    DeskView,
    error,
    key_reused,
    stale,
)

CONSULTATION_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("Số yêu cầu xin ý kiến."))
NOT_FOUND = gettext_lazy("Không có yêu cầu xin ý kiến này gửi đến cơ quan của bạn.")
RELATED = ("dossier", "agency", "step", "requested_by", "answered_by")


def _scoped(request):
    return request.visibility.filter_agencies(Consultation.objects.all(), path="agency").select_related(*RELATED)


def _of_dossier(dossier) -> list[Consultation]:
    return list(Consultation.objects.filter(dossier=dossier).select_related(*RELATED).order_by("requested_at", "id"))


class DossierConsultationsView(DeskView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Xin ý kiến cơ quan phối hợp về hồ sơ"),
        description=gettext_lazy(
            "Chỉ ở bước xử lý có quy định liên thông, bởi người được giao hoặc lãnh đạo. Trả về mọi "
            "yêu cầu xin ý kiến của hồ sơ. Gửi lại cùng Idempotency-Key: không gửi lần hai (200)."
        ),
        parameters=[ID, IDEMPOTENCY_KEY], request=s.DeskConsultRequestSerializer,
        responses={
            201: OpenApiResponse(s.DeskConsultationSerializer(many=True), description=gettext_lazy("Đã gửi xin ý kiến.")),
            200: OpenApiResponse(s.DeskConsultationSerializer(many=True), description=gettext_lazy("Khóa đã dùng: đã gửi trước đó.")),
            400: E400, 401: E401, 403: E403, 404: E404, 409: E409,
        },
    )
    def post(self, request, id: int):
        dossier = self.dossier(id)
        body = s.DeskConsultRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        values = body.validated_data
        request_print = idempotency.fingerprint(
            request.user, {"dossier": dossier.pk, "action": consultations.REQUEST, "body": values}
        )
        try:
            outcome = idempotency.run_once(
                request.user, idempotency.key_from(request), dossier.pk, consultations.REQUEST,
                lambda: consultations.request(
                    dossier, by=request.user, expected_version=values["expected_version"],
                    agencies=values["agencies"], question=values["question"],
                ),
                fingerprint=request_print,
            )
        except OutsideScope:
            raise NotFound(_("Không có hồ sơ này trong phạm vi bạn được xem.")) from None
        except StaleDossier as err:
            return stale(err)
        except MissingDetails as err:
            question = values["question"].strip()
            field = "question" if not question or len(question) > consultations.MAX_TEXT else "agencies"
            return error(err, "invalid", status.HTTP_400_BAD_REQUEST, errors={field: [str(err)]})
        except WorkflowError as err:
            if not roles_of(request.user, dossier) & {Role.SPECIALIST, Role.LEADER}:
                return error(err, "forbidden", status.HTTP_403_FORBIDDEN)
            return error(err, "not_allowed", status.HTTP_409_CONFLICT)
        if not outcome.matches(dossier.pk, consultations.REQUEST, request_print):
            return key_reused()
        data = s.DeskConsultationSerializer(_of_dossier(dossier), many=True).data
        return Response(data, status=status.HTTP_200_OK if outcome.earlier else status.HTTP_201_CREATED)


@extend_schema(
    tags=[TAG], summary=gettext_lazy("Yêu cầu xin ý kiến gửi đến cơ quan của bạn"),
    description=gettext_lazy("Chưa trả lời lên trước, hạn gần nhất trước (thẻ «Xin ý kiến» trên trang)."),
    responses={200: s.DeskConsultationSerializer(many=True), 401: E401, 403: E403, 404: E404},
)
class ConsultationListView(DeskView, generics.ListAPIView):
    serializer_class = s.DeskConsultationSerializer
    filter_backends: list = []

    def get_queryset(self):
        return _scoped(self.request).order_by(
            F("answered_at").desc(nulls_first=True), F("due_at").asc(nulls_last=True), "id"
        )


class ConsultationDetailView(DeskView):
    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Một yêu cầu xin ý kiến"),
        description=gettext_lazy("Đọc nội dung xin ý kiến là một lần xem hồ sơ: được ghi vào nhật ký."),
        parameters=[CONSULTATION_ID],
        responses={200: s.DeskConsultationSerializer, 401: E401, 403: E403, 404: E404},
    )
    def get(self, request, id: int):
        item = _scoped(request).filter(pk=id).first()
        if item is None:
            raise NotFound(NOT_FOUND)
        audit.record_read(item.dossier, request.user, purpose=f"consultation:{item.pk}")
        return Response(s.DeskConsultationSerializer(item).data)


class AnswerView(DeskView):
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Trả lời xin ý kiến"),
        description=gettext_lazy("Chuyên viên hoặc lãnh đạo của cơ quan được xin ý kiến; mỗi yêu cầu trả lời một lần."),
        parameters=[CONSULTATION_ID], request=s.DeskAnswerSerializer,
        responses={200: s.DeskConsultationSerializer, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409},
    )
    def post(self, request, id: int):
        item = _scoped(request).filter(pk=id).first()
        if item is None:
            raise NotFound(NOT_FOUND)
        body = s.DeskAnswerSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            consultations.answer(item, by=request.user, answer=body.validated_data["answer"])
        except MissingDetails as err:
            return error(err, "invalid", status.HTTP_400_BAD_REQUEST, errors={"answer": [str(err)]})
        except WorkflowError as err:
            if not consultations.may_answer(request.user, item):
                return error(err, "forbidden", status.HTTP_403_FORBIDDEN)
            return error(err, "already_answered", status.HTTP_409_CONFLICT)
        return Response(s.DeskConsultationSerializer(_scoped(request).get(pk=item.pk)).data)
