"""``/api/v1/applications/``: the applicant's online application by API (session or token).

Create a draft, read and change its form data, attach files, submit. Only the applicant sees
their own applications; any other id answers 404. Submission takes an ``Idempotency-Key``
header: the same key sent again returns the same dossier, never a second one.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.dossiers.models import Channel

from . import drafts, schema_form
from .models import AttachedDocument, OnlineApplication

ERROR = {"$ref": "#/components/schemas/Error"}
E400 = OpenApiResponse(ERROR, description=_("Dữ liệu không hợp lệ; `code` cho biết lý do (incomplete, not_online, bad_type, too_large, dossier_too_large, not_draft…)."))
E401 = OpenApiResponse(ERROR, description=_("Chưa đăng nhập hoặc token không hợp lệ."))
E403 = OpenApiResponse(ERROR, description=_("Không có quyền thực hiện thao tác này."))
E404 = OpenApiResponse(ERROR, description=_("Không có hồ sơ này trong tài khoản của bạn."))
E413 = OpenApiResponse(ERROR, description=_("Dữ liệu gửi lên quá lớn (request_too_large)."))


class AttachmentSerializer(serializers.ModelSerializer):
    file_name = serializers.CharField(source="upload.original_name", read_only=True)
    content_type = serializers.CharField(source="upload.content_type", read_only=True)
    size = serializers.IntegerField(source="upload.size", read_only=True)
    upload_id = serializers.IntegerField(read_only=True)
    required_document_id = serializers.IntegerField(read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = AttachedDocument
        fields = ["id", "required_document_id", "label", "upload_id", "file_name", "content_type", "size", "url"]

    def get_url(self, obj) -> str:
        return f"/dich-vu-cong/tep/{obj.upload_id}/"


class ApplicationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="dossier_id", read_only=True)
    procedure_code = serializers.CharField(source="dossier.procedure.code", read_only=True)
    agency_id = serializers.IntegerField(source="dossier.receiving_agency_id", read_only=True)
    status = serializers.CharField(source="dossier.status", read_only=True)
    code = serializers.CharField(source="dossier.code", read_only=True, allow_null=True)
    submitted_at = serializers.DateTimeField(source="dossier.submitted_at", read_only=True, allow_null=True)
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = OnlineApplication
        fields = [
            "id", "procedure_code", "agency_id", "status", "code", "submitted_at", "form_data",
            "on_behalf_name", "contact_email", "contact_phone", "result_channel", "attachments",
        ]

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, obj) -> list[dict]:
        return AttachmentSerializer(drafts.attachments(obj), many=True).data


class CreateSerializer(serializers.Serializer):
    procedure_code = serializers.CharField(max_length=40)
    agency_id = serializers.IntegerField(required=False, help_text=_("Bắt buộc khi thủ tục có nhiều cơ quan tiếp nhận."))
    representation_id = serializers.IntegerField(required=False, allow_null=True, help_text=_("Nộp thay: mã việc đại diện còn hiệu lực."))
    key = serializers.CharField(required=False, max_length=64, help_text=_("Khóa một lần: gửi lại cùng khóa nhận lại cùng bản nháp."))


class FormDataSerializer(serializers.Serializer):
    form_data = serializers.JSONField(help_text=_("Nội dung tờ khai theo JSON Schema của thủ tục."))
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)


class SubmitSerializer(serializers.Serializer):
    result_channel = serializers.ChoiceField(choices=Channel.choices)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    commitment = serializers.BooleanField(help_text=_("Cam đoan nội dung khai là đúng sự thật (phải là true)."))


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField(required=False)
    required_document_id = serializers.IntegerField(required=False, allow_null=True)
    reuse_upload_id = serializers.IntegerField(required=False, help_text=_("Đính kèm lại một tệp đã tải lên trước đây."))


def _error(error: drafts.ApplyError) -> Response:
    body = {"detail": str(error.message), "code": error.code}
    if isinstance(error, drafts.Incomplete):
        body["errors"] = {
            "form": error.errors,
            "missing_documents": [{"id": d.pk, "name": d.name} for d in error.missing],
        }
    return Response(body, status=status.HTTP_400_BAD_REQUEST)


def _own(request, pk) -> OnlineApplication:
    try:
        return drafts.own_application(request.user, pk)
    except Http404:
        raise NotFound(_("Không có hồ sơ này trong tài khoản của bạn.")) from None


class ApplicationListView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        operation_id="applications_create",
        summary=_("Tạo hồ sơ nháp nộp trực tuyến"),
        request=CreateSerializer,
        responses={201: OpenApiResponse(ApplicationSerializer, description=_("Đã tạo hồ sơ nháp.")), 200: OpenApiResponse(ApplicationSerializer, description=_("Khóa đã dùng: bản nháp đã tạo trước đó.")), 400: E400, 401: E401, 403: E403, 404: E404},
        tags=["applications"],
    )
    def post(self, request):
        data = CreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            procedure = drafts.current_procedure(values["procedure_code"])
        except Http404:
            raise NotFound(_("Không có thủ tục này.")) from None
        key = values.get("key") or request.headers.get("Idempotency-Key", "")
        existed = bool(key) and OnlineApplication.objects.filter(start_key=key, dossier__applicant_id=request.user.pk).exists()
        try:
            application = drafts.start(
                request.user, procedure, agency_id=values.get("agency_id"),
                representation_id=values.get("representation_id"), key=key,
            )
        except drafts.ApplyError as error:
            return _error(error)
        application = drafts.own_application(request.user, application.dossier_id)
        return Response(ApplicationSerializer(application).data, status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED)


class ApplicationDetailView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser]

    @extend_schema(
        operation_id="applications_retrieve", summary=_("Xem hồ sơ nộp trực tuyến của mình"),
        responses={200: OpenApiResponse(ApplicationSerializer, description=_("Hồ sơ và tệp đính kèm.")), 401: E401, 403: E403, 404: E404}, tags=["applications"],
    )
    def get(self, request, pk: int):
        return Response(ApplicationSerializer(_own(request, pk)).data)

    @extend_schema(
        operation_id="applications_partial_update",
        summary=_("Lưu nội dung tờ khai (bản nháp)"),
        description=_("Lưu cả khi chưa hợp lệ; phản hồi kèm `errors` theo từng trường (để trống khi đã hợp lệ)."),
        request=FormDataSerializer,
        responses={
            200: OpenApiResponse(inline_serializer("SavedDraft", {"application": ApplicationSerializer(), "errors": serializers.DictField()}), description=_("Đã lưu; `errors` liệt kê lỗi theo đường dẫn trường.")),
            400: E400, 401: E401, 403: E403, 404: E404,
        },
        tags=["applications"],
    )
    def patch(self, request, pk: int):
        application = _own(request, pk)
        data = FormDataSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        form_data = values.get("form_data", application.form_data)
        if not isinstance(form_data, dict):
            raise ValidationError({"form_data": [_("Nội dung tờ khai phải là một đối tượng JSON.")]})
        try:
            drafts.save_form(application, form_data)
        except drafts.ApplyError as error:
            return _error(error)
        changed = {k: values[k] for k in ("contact_email", "contact_phone") if k in values}
        if changed:
            OnlineApplication.objects.filter(pk=application.pk).update(**changed)
        application = drafts.own_application(request.user, pk)
        errors = schema_form.validate(application.dossier.procedure.form_schema or {}, form_data)
        return Response({"application": ApplicationSerializer(application).data, "errors": errors})


class AttachmentView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, JSONParser]

    @extend_schema(
        operation_id="applications_attach",
        summary=_("Đính kèm tệp (PDF, JPEG, PNG) vào hồ sơ nháp"),
        request={"multipart/form-data": UploadSerializer, "application/json": UploadSerializer},
        responses={201: OpenApiResponse(AttachmentSerializer(many=True), description=_("Các tệp đã đính kèm.")), 400: E400, 401: E401, 403: E403, 404: E404, 413: E413},
        tags=["applications"],
    )
    def post(self, request, pk: int):
        application = _own(request, pk)
        data = UploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        files = [values["file"]] if values.get("file") else []
        reuse = [values["reuse_upload_id"]] if values.get("reuse_upload_id") else []
        if not files and not reuse:
            raise ValidationError({"file": [_("Vui lòng gửi tệp hoặc chọn tệp đã tải lên trước đây.")]})
        try:
            made = drafts.attach(application, request.user, values.get("required_document_id"), files, reuse)
        except drafts.ApplyError as error:
            return _error(error)
        return Response(AttachmentSerializer(made, many=True).data, status=status.HTTP_201_CREATED)


class AttachmentDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="applications_detach", summary=_("Bỏ một tệp khỏi hồ sơ nháp"),
        responses={204: OpenApiResponse(description=_("Đã bỏ tệp.")), 400: E400, 401: E401, 403: E403, 404: E404}, tags=["applications"],
    )
    def delete(self, request, pk: int, attachment_pk: int):
        application = _own(request, pk)
        try:
            drafts.detach(application, attachment_pk)
        except drafts.ApplyError as error:
            return _error(error)
        except Http404:
            raise NotFound(_("Hồ sơ không có tệp này.")) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=True,
    description=_("Khóa một lần do máy khách tạo (tối đa 64 ký tự). Gửi lại cùng khóa (mất kết nối, bấm hai lần) nhận lại cùng hồ sơ, không tạo hồ sơ thứ hai."),
)


class SubmitView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [JSONParser, FormParser]

    @extend_schema(
        operation_id="applications_submit",
        summary=_("Nộp hồ sơ"),
        description=_("Kiểm tra tờ khai và giấy tờ bắt buộc rồi nộp (trạng thái «Đã nộp, chờ tiếp nhận"
                      "»). Hồ sơ đã nộp: trả lại hồ sơ đó (200)."),
        parameters=[IDEMPOTENCY_KEY], request=SubmitSerializer,
        responses={200: OpenApiResponse(ApplicationSerializer, description=_("Hồ sơ đã nộp (cũng trả về khi gửi lại cùng khóa).")), 400: E400, 401: E401, 403: E403, 404: E404},
        tags=["applications"],
    )
    def post(self, request, pk: int):
        application = _own(request, pk)
        key = request.headers.get("Idempotency-Key", "").strip()
        if not key:
            return Response(
                {"detail": str(_("Thiếu tiêu đề Idempotency-Key.")), "code": "idempotency_key"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        data = SubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            dossier = drafts.submit(
                application, request.user, key=key, result_channel=values["result_channel"],
                contact_email=values.get("contact_email", ""), contact_phone=values.get("contact_phone", ""),
                commitment=values["commitment"],
            )
        except drafts.ApplyError as error:
            return _error(error)
        except Http404:
            raise NotFound(_("Không có hồ sơ này trong tài khoản của bạn.")) from None
        return Response(ApplicationSerializer(drafts.own_application(request.user, dossier.pk)).data)
