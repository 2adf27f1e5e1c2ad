"""``/api/v1/desk/procedures/`` and ``/api/v1/desk/intake/``: receiving a walk-in or postal
dossier by API, with the page's form (``desk.forms.ReceiveForm``: same checks, same scan
validation) and the page's function (``desk.intake.receive``: one transaction, one outcome).

The ``Idempotency-Key`` header is the form's one-time key: the same key sent again finds the
dossier the first request made instead of making a second one. The intake keeps a fingerprint
of the caller and the body with it: only the very same request is replayed; another body or
another caller with that key gets 400 ``idempotency_key_reused`` (docs/api.md).
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response

from motcua.dossiers.errors import WorkflowError
from motcua.dossiers.models import Status
from motcua.dossiers.transitions import transition_for
from motcua.units.models import Membership, Role

from . import api_serializers as s
from .access import visible_dossiers
from .api import E400, E401, E403, E404, E409, TAG, DeskView, error, key_reused
from .forms import MAX_SCANS, Outcome, ReceiveForm
from .idempotency import MAX_KEY, fingerprint
from .intake import AlreadyReceived, find_by_key, procedures_for, receive
from .models import DeskIntake


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("Thủ tục bạn có thể tiếp nhận, với thành phần hồ sơ"),
    description=gettext_lazy("Số định danh thủ tục (`id`) và giấy tờ (`documents[].id`) dùng cho POST /api/v1/desk/intake/."),
    responses={200: s.DeskReceivableProcedureSerializer(many=True), 401: E401, 403: E403, 404: E404},
)
class ProcedureListView(DeskView, generics.ListAPIView):
    serializer_class = s.DeskReceivableProcedureSerializer
    filter_backends: list = []

    def get_queryset(self):
        return procedures_for(self.request.visibility).only("id", "code", "name").prefetch_related("documents")


class DeskIntakeRequestSerializer(serializers.Serializer):
    """The page's receipt form (``desk.forms.ReceiveForm``), field for field."""

    procedure_id = serializers.IntegerField(help_text=gettext_lazy("Thủ tục (GET /api/v1/desk/procedures/)."))
    applicant_name = serializers.CharField()
    applicant_phone = serializers.CharField(required=False)
    applicant_address = serializers.CharField(required=False)
    channel = serializers.CharField(help_text=gettext_lazy("desk (trực tiếp) hoặc post (bưu chính)."))
    documents = serializers.ListField(child=serializers.IntegerField(), required=False,
                                      help_text=gettext_lazy("Giấy tờ đã nhận (documents[].id của thủ tục)."))
    scans = serializers.ListField(child=serializers.FileField(), required=False,
                                  help_text=gettext_lazy("Bản quét PDF, JPEG hoặc PNG, tối đa 20 MB mỗi tệp, %(n)s tệp.") % {"n": MAX_SCANS})
    outcome = serializers.CharField(help_text=", ".join(value for value, _label in Outcome.CHOICES))
    missing_items = serializers.CharField(required=False, help_text=gettext_lazy("Giấy tờ cần bổ sung, mỗi dòng một mục."))
    reason = serializers.CharField(required=False)
    to_agency_name = serializers.CharField(required=False)


def _form_errors(form) -> dict:
    return {("non_field_errors" if name == "__all__" else name): list(messages) for name, messages in form.errors.items()}


def _file_digest(upload) -> dict:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)  # the form reads the scan again to check its content
    return {"name": upload.name, "size": upload.size, "sha256": digest.hexdigest()}


def _body_of(request) -> Any:
    """The request body as JSON-able data: the JSON object itself, or for multipart the
    fields and a digest of each file (the same scan sent again gives the same digest)."""
    if isinstance(request.data, QueryDict):
        return {
            "fields": {name: request.POST.getlist(name) for name in request.POST},
            "files": {name: [_file_digest(f) for f in request.FILES.getlist(name)] for name in request.FILES},
        }
    return request.data


def _may_decide(user, outcome: str) -> bool:
    """Whether the caller holds a role that may give ``outcome`` to a submitted dossier."""
    transition = transition_for(Status.SUBMITTED, outcome)
    roles = set(
        Membership.objects.valid_on(timezone.localdate()).filter(user_id=user.pk)
        .exclude(role=Role.CITIZEN).values_list("role", flat=True)
    )
    return transition is None or bool(transition.roles & roles)


class IntakeView(DeskView):
    parser_classes = [MultiPartParser, JSONParser]

    def _replay(self, dossier, sent: str) -> Response:
        """The dossier the key made, for the same caller sending the same body and still
        allowed to see it (keys are global, like the page's). A key from the page's form, or
        from before fingerprints were kept, has none: it cannot be shown to be this request."""
        stored = DeskIntake.objects.filter(dossier_id=dossier.pk).values_list("fingerprint", flat=True).first()
        if stored != sent or not visible_dossiers(self.request.visibility).filter(pk=dossier.pk).exists():
            return key_reused()
        response = Response(s.DeskActionResultSerializer(self.dossier(dossier.pk)).data)
        response["Idempotent-Replayed"] = "true"
        return response

    @extend_schema(
        tags=[TAG],
        summary=gettext_lazy("Tiếp nhận hồ sơ nộp trực tiếp hoặc qua bưu chính"),
        description=gettext_lazy(
            "multipart/form-data (kèm bản quét, trường `scans` lặp lại) hoặc JSON (không kèm tệp). "
            "Tạo, nộp và cho kết quả kiểm tra trong một giao dịch: accept (cấp mã, hẹn trả), "
            "request_supplement, refuse hoặc redirect. Tiêu đề Idempotency-Key bắt buộc: gửi lại "
            "cùng khóa với cùng nội dung nhận lại hồ sơ đã tạo (200); khóa đã dùng cho một yêu cầu "
            "khác hoặc bởi người gửi khác: 400 idempotency_key_reused."
        ),
        parameters=[OpenApiParameter(
            "Idempotency-Key", OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=True,
            description=gettext_lazy("Khóa một lần do máy khách tạo (tối đa 64 ký tự)."),
        )],
        request={"multipart/form-data": DeskIntakeRequestSerializer, "application/json": DeskIntakeRequestSerializer},
        responses={
            201: OpenApiResponse(s.DeskActionResultSerializer, description=gettext_lazy("Đã ghi nhận hồ sơ.")),
            200: OpenApiResponse(s.DeskActionResultSerializer, description=gettext_lazy("Khóa đã dùng: hồ sơ đã tạo trước đó.")),
            400: E400, 401: E401, 403: E403, 404: E404, 409: E409,
        },
    )
    def post(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key or len(key) > MAX_KEY:
            return error(_("Thiếu tiêu đề Idempotency-Key (tối đa 64 ký tự)."), "idempotency_key",
                         status.HTTP_400_BAD_REQUEST)
        if not isinstance(request.data, dict):
            # A JSON array, string, number or null: nothing to read fields from.
            return error(_("Dữ liệu gửi lên không hợp lệ."), "invalid", status.HTTP_400_BAD_REQUEST, errors={
                "non_field_errors": [_("Nội dung gửi lên phải là một đối tượng JSON, ví dụ {\"procedure_id\": 3, …}.")]})
        sent = fingerprint(request.user, _body_of(request))
        earlier = find_by_key(key)
        if earlier is not None:
            return self._replay(earlier, sent)
        try:
            procedure_id = int(request.data.get("procedure_id", ""))
        except (TypeError, ValueError, OverflowError):  # OverflowError: JSON 1e999 is infinity
            procedure_id = None
        procedure = procedures_for(request.visibility).filter(pk=procedure_id).first() if procedure_id else None
        if procedure is None:
            return error(_("Dữ liệu gửi lên không hợp lệ."), "invalid", status.HTTP_400_BAD_REQUEST, errors={
                "procedure_id": [_("Thủ tục này không thuộc cơ quan của bạn; vui lòng chọn lại.")]})
        # Form fields without the files (request.POST for multipart), or the JSON object.
        data = request.POST.copy() if request.POST else dict(request.data)
        data["form_key"] = key
        form = ReceiveForm(data, request.FILES, procedure=procedure)
        if not form.is_valid():
            return error(_("Dữ liệu gửi lên không hợp lệ."), "invalid", status.HTTP_400_BAD_REQUEST,
                         errors=_form_errors(form))
        try:
            # The fingerprint is committed with the intake: a racing request with the same key
            # waits on the key's unique constraint and then finds it.
            with transaction.atomic():
                dossier = receive(form, by=request.user, seen=request.visibility)
                DeskIntake.objects.filter(dossier_id=dossier.pk).update(fingerprint=sent)
        except AlreadyReceived as done:
            return self._replay(done.dossier, sent)
        except WorkflowError as err:
            if not _may_decide(request.user, form.cleaned_data["outcome"]):
                return error(err, "forbidden", status.HTTP_403_FORBIDDEN)
            return error(err, "not_allowed", status.HTTP_409_CONFLICT)
        response = Response(s.DeskActionResultSerializer(dossier).data, status=status.HTTP_201_CREATED)
        response["Location"] = f"/api/v1/desk/dossiers/{dossier.pk}/"
        return response
