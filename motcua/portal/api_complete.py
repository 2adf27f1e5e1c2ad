"""``POST /api/v1/applications/complete/``: a whole online dossier in one request.

The step-by-step endpoints (draft, form, attachments, submit) suit a person filling a form over
several minutes. A system submitting for its users (a business's software, another portal)
has everything at once: one multipart request with the form as JSON and one file per required
document, one transaction, one ``Idempotency-Key``. It reuses the same functions as the pages
(``portal.drafts``), so the checks are identical.

A file stored before a later check fails (form invalid, document missing) is removed again:
the transaction rolls its row back, and the file is deleted here, so nothing is half-written.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.dossiers.models import Channel

from . import drafts
from .api import E400, E401, E403, E404, E413, IDEMPOTENCY_KEY, ApplicationSerializer, _error
from .models import OnlineApplication, Upload
from .uploads import store_uploads

FILE_PREFIX = "document_"
MAX_FILES = 30


class CompleteSerializer(serializers.Serializer):
    procedure_code = serializers.CharField(max_length=40)
    agency_id = serializers.IntegerField(required=False)
    representation_id = serializers.IntegerField(required=False, allow_null=True)
    form_data = serializers.CharField(help_text=_("Nội dung tờ khai (JSON) theo JSON Schema của thủ tục."))
    result_channel = serializers.ChoiceField(choices=Channel.choices)
    commitment = serializers.BooleanField()
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    contact_phone = serializers.CharField(required=False, allow_blank=True, max_length=20)
    document_ID = serializers.FileField(
        required=False,
        help_text=_("Một trường tệp cho mỗi thành phần hồ sơ: tên trường là document_<mã thành phần>; "
                    "gửi nhiều tệp cho một thành phần bằng cách lặp lại trường."),
    )


def _files_by_document(request) -> dict[int, list]:
    grouped: dict[int, list] = {}
    count = 0
    for name in request.FILES:
        suffix = name[len(FILE_PREFIX):] if name.startswith(FILE_PREFIX) else ""
        if not (suffix.isascii() and suffix.isdigit()):
            raise drafts.ApplyError(
                _("Tên trường tệp «%(name)s» không hợp lệ; dùng document_<mã thành phần hồ sơ>.")
                % {"name": name[:40]}, code="bad_field",
            )
        document_id = drafts.parse_id(suffix)
        if document_id is None:
            # Digits, but beyond any row id: no document of this procedure (and no query, which
            # SQLite would answer with an OverflowError).
            raise drafts.ApplyError(_("Thành phần hồ sơ được chọn không thuộc thủ tục này."), code="document")
        files = request.FILES.getlist(name)
        count += len(files)
        grouped[document_id] = files
    if count > MAX_FILES:
        raise drafts.ApplyError(_("Gửi quá nhiều tệp trong một hồ sơ."), code="too_many_files")
    return grouped


def _store_all(user, grouped: dict[int, list], stored: list[Upload]) -> dict[int, list[Upload]]:
    files = [file for group in grouped.values() for file in group]
    try:
        uploads, new = store_uploads(user, files)
    except DjangoValidationError as error:
        raise drafts.ApplyError(" ".join(error.messages), code=error.code or "bad_file") from None
    stored.extend(new)
    by_document, position = {}, 0
    for document_id, group in grouped.items():
        by_document[document_id] = uploads[position:position + len(group)]
        position += len(group)
    return by_document


def _remove_rolled_back(stored: list[Upload]) -> None:
    """Delete the files whose rows the rollback removed (identical earlier files stay)."""
    kept = set(Upload.objects.filter(pk__in=[u.pk for u in stored]).values_list("pk", flat=True))
    for upload in stored:
        if upload.pk not in kept and upload.file.name:
            upload.file.storage.delete(upload.file.name)


class SubmittedSerializer(serializers.Serializer):
    """What the submitter needs back; the full application is at ``/applications/{id}/``."""

    id = serializers.IntegerField()
    procedure_code = serializers.CharField(source="procedure.code")
    agency_id = serializers.IntegerField(source="receiving_agency_id")
    status = serializers.CharField()
    code = serializers.CharField(allow_null=True)
    submitted_at = serializers.DateTimeField(allow_null=True)


class CompleteApplicationView(APIView):
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser]

    @extend_schema(
        operation_id="applications_complete",
        summary=_("Nộp trọn một hồ sơ trực tuyến trong một yêu cầu"),
        description=_("Tờ khai và tệp của mọi thành phần hồ sơ trong một yêu cầu multipart; "
                      "kiểm tra như khi nộp từng bước; tất cả hoặc không gì cả. Gửi lại cùng "
                      "Idempotency-Key nhận lại hồ sơ đã nộp (200)."),
        parameters=[IDEMPOTENCY_KEY], request={"multipart/form-data": CompleteSerializer},
        responses={
            201: OpenApiResponse(SubmittedSerializer, description=_("Đã nộp hồ sơ.")),
            200: OpenApiResponse(ApplicationSerializer, description=_("Khóa đã dùng: hồ sơ đã nộp trước đó.")),
            400: E400, 401: E401, 403: E403, 404: E404, 413: E413,
        },
        tags=["applications"],
    )
    def post(self, request):
        key = request.headers.get("Idempotency-Key", "").strip()[:64]
        if not key:
            return Response(
                {"detail": str(_("Thiếu tiêu đề Idempotency-Key.")), "code": "idempotency_key"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        done = OnlineApplication.objects.filter(submit_key=key, dossier__applicant_id=request.user.pk).first()
        if done is not None:
            return Response(ApplicationSerializer(drafts.own_application(request.user, done.dossier_id)).data)
        data = CompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        try:
            form_data = json.loads(values["form_data"])
        except ValueError:
            return Response(
                {"detail": str(_("Nội dung tờ khai không phải JSON hợp lệ.")), "code": "form_data"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if not isinstance(form_data, dict):
            return Response(
                {"detail": str(_("Nội dung tờ khai phải là một đối tượng JSON.")), "code": "form_data"},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            procedure = drafts.current_procedure(values["procedure_code"])
        except Http404:
            raise NotFound(_("Không có thủ tục này.")) from None
        stored: list[Upload] = []
        try:
            grouped = _files_by_document(request)
            with transaction.atomic():
                application = drafts.start(
                    request.user, procedure, agency_id=values.get("agency_id"),
                    representation_id=values.get("representation_id"), key=key, form_data=form_data,
                )
                drafts.attach_all(application, _store_all(request.user, grouped, stored))
                dossier = drafts.submit(
                    application, request.user, key=key, result_channel=values["result_channel"],
                    contact_email=values.get("contact_email", ""),
                    contact_phone=values.get("contact_phone", ""), commitment=values["commitment"],
                    fresh=True,
                )
        except drafts.ApplyError as error:
            _remove_rolled_back(stored)
            return _error(error)
        except BaseException:
            _remove_rolled_back(stored)
            raise
        return Response(SubmittedSerializer(dossier).data, status=status.HTTP_201_CREATED)
