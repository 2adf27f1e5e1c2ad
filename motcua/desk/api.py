"""``/api/v1/desk/``: what officials do on the desk pages, by API, for people and for systems.

Callers: an official (session or ``Token``) or an integration (``Bearer mc_…``, a service
account with memberships in one agency: ``accounts.integration_tokens``). Everything is
filtered through ``visible_dossiers(visibility(user))``: a dossier outside the caller's scope
answers 404. Anonymous callers get 401, citizens and officials without a unit 403.

Actions go through ``dossiers.workflow.apply`` with the page's own parsing of the details
(``views.detail._details_from``). Errors: a stale ``expected_version`` is 409 ``stale`` with
the current state and version; an action the caller's role may never take from this status is
403 ``forbidden``; one that is not possible now (status, step, assignment, open
consultations) is 409 ``not_allowed``; a missing or wrong detail is 400 with per-field
messages. ``Idempotency-Key`` makes a retried action a replay instead of a second action.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import NotAuthenticated, NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from motcua.accounts.integration_tokens import IntegrationTokenAuthentication
from motcua.catalog.models import WorkflowStep
from motcua.documents.context import reference_date
from motcua.documents.issued import is_issued, issued_kinds, not_issued_message
from motcua.documents.templates_registry import DOSSIER_KINDS, UnknownForm, form_for
from motcua.dossiers import audit, workflow
from motcua.dossiers.errors import MissingDetails, OutsideScope, StaleDossier, WorkflowError
from motcua.dossiers.models import Consultation, Dossier, Status
from motcua.dossiers.transitions import transition_for
from motcua.units.scoping import visibility

from . import api_serializers as s
from . import idempotency
from .access import visible_dossiers
from .history import history_of
from .models import DeskIntake
from .tabs import CONSULTATIONS, SEARCH_MAX_LENGTH, TABS, queue_dossiers, search_condition, tab_for
from .urgency import UrgencyScale
from .views.detail import _action_forms, _details_from

ERROR = {"$ref": "#/components/schemas/Error"}
TAG = "desk"
E400 = OpenApiResponse(ERROR, description=gettext_lazy("Dữ liệu không hợp lệ; `errors` nêu lỗi theo từng trường."))
E401 = OpenApiResponse(ERROR, description=gettext_lazy("Chưa đăng nhập, hoặc token không hợp lệ, đã thu hồi hay hết hạn."))
E403 = OpenApiResponse(ERROR, description=gettext_lazy("Không phải cán bộ có đơn vị công tác, hoặc vai trò không được làm thao tác này."))
E404 = OpenApiResponse(ERROR, description=gettext_lazy("Không có hồ sơ này trong phạm vi bạn được xem."))
E409 = OpenApiResponse(s.DeskConflictSerializer, description=gettext_lazy(
    "`stale`: hồ sơ đã thay đổi kể từ phiên bản bạn gửi (kèm `current`); "
    "`not_allowed`: thao tác không thực hiện được lúc này."
))
ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH, description=gettext_lazy("Số hồ sơ."))
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=False,
    description=gettext_lazy(
        "Khóa một lần do máy khách tạo (tối đa 64 ký tự). Gửi lại cùng khóa (mất kết nối, bấm hai "
        "lần) nhận lại trạng thái hiện tại của hồ sơ, thao tác không thực hiện lần thứ hai."
    ),
)
E404_DOCUMENT = OpenApiResponse(ERROR, description=gettext_lazy(
    "Không có hồ sơ này trong phạm vi bạn được xem; hoặc `not_issued`: việc mà văn bản ghi nhận "
    "chưa xảy ra (ví dụ giấy tiếp nhận khi hồ sơ chưa được tiếp nhận), `detail` nêu lý do."
))


class IsOfficial(BasePermission):
    """An authenticated official with a unit; puts ``visibility`` on the request."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            raise NotAuthenticated(_("Vui lòng đăng nhập, hoặc gửi token tích hợp (Authorization: Bearer mc_…)."))
        seen = visibility(request.user)
        if seen.nothing:
            raise PermissionDenied(_("Chỉ cán bộ, công chức có đơn vị công tác mới dùng được API này."))
        request.visibility = seen
        return True


class DeskView(APIView):
    # The bearer scheme first: DRF answers 401 (not 403) with its challenge to the anonymous.
    authentication_classes = [IntegrationTokenAuthentication, SessionAuthentication, TokenAuthentication]
    permission_classes = [IsOfficial]
    integration_tokens = True

    def dossier(self, pk: int) -> Dossier:
        queryset = visible_dossiers(self.request.visibility).select_related(
            "procedure", "receiving_agency", "competent_agency", "current_step", "assignee"
        )
        dossier = queryset.filter(pk=pk).first()
        if dossier is None:
            raise NotFound(_("Không có hồ sơ này trong phạm vi bạn được xem."))
        return dossier


def error(message, code: str, http_status: int, **extra) -> Response:
    return Response({"detail": str(message), "code": code, **extra}, status=http_status)


def stale(err: StaleDossier) -> Response:
    current = err.current
    state = None
    if current is not None:
        state = {"status": current.status, "status_label": current.get_status_display(), "version": current.version}
    return error(
        err, "stale", status.HTTP_409_CONFLICT, current=state,
        errors={"expected_version": [_("Phiên bản hiện tại của hồ sơ là %(v)s.") % {"v": current.version}]} if current else {},
    )


def blamed_fields(fields: list[str], sent: dict, message) -> dict:
    """Per-field errors for a refusal of the workflow, which names no field: the fields of the
    action left empty, else the action's only field, else ``non_field_errors``."""
    empty = [name for name in fields if not sent.get(name)]
    names = empty or (fields if len(fields) == 1 else ["non_field_errors"])
    return {name: [str(message)] for name in names}


def fields_of(action: str, dossier: Dossier) -> list[str]:
    transition = transition_for(dossier.status, action)
    fields = ["reason"] if transition and transition.needs_reason else []
    extra = {
        "request_supplement": "missing_items", "redirect": "to_agency_name", "return_result": "channel",
        "assign": "assignee", "apologise": "new_due_at",
    }.get(action)
    return [extra, *fields] if extra else fields


def refused(err: WorkflowError, dossier: Dossier, action: str, user) -> Response:
    """403 when the role table never lets the caller's roles do ``action`` from this status,
    409 when the action is not possible now (status, step, guards)."""
    current = Dossier.objects.filter(pk=dossier.pk).first() or dossier
    transition = transition_for(current.status, action)
    if transition is not None and not transition.roles & workflow.roles_of(user, current):
        return error(err, "forbidden", status.HTTP_403_FORBIDDEN)
    return error(err, "not_allowed", status.HTTP_409_CONFLICT)


def document_links(dossier: Dossier) -> list[dict]:
    """The slips whose act happened, as the dossier page links them (``documents.issued``)."""
    return [
        {"kind": kind, "url": f"/api/v1/desk/dossiers/{dossier.pk}/documents/{kind}/"}
        for kind in issued_kinds(dossier)
    ]


# -- the queue ----------------------------------------------------------------------------

TAB_SLUGS = [tab.slug for tab in TABS if tab.slug and tab.slug != CONSULTATIONS]
QUEUE_STATUSES = [value for value in Status.values if value != Status.DRAFT]


def _choice(name: str, value: str, allowed: list[str]) -> str:
    if value and value not in allowed:
        raise ValidationError({name: [_("Giá trị «%(value)s» không hợp lệ; chọn một trong: %(allowed)s.") % {
            "value": value[:40], "allowed": ", ".join(allowed)}]})
    return value


@extend_schema(
    tags=[TAG],
    summary=gettext_lazy("Hàng đợi hồ sơ của cán bộ"),
    description=gettext_lazy(
        "Hồ sơ trong phạm vi được xem, hạn gần nhất trước (quá hạn lên đầu). Mặc định: các hồ sơ "
        "đang mở; `tab` như các thẻ trên trang; `status` lọc theo trạng thái (kể cả hồ sơ đã đóng "
        "khi không chọn `tab`). Các yêu cầu xin ý kiến gửi đến cơ quan bạn: /api/v1/desk/consultations/."
    ),
    parameters=[
        OpenApiParameter("tab", OpenApiTypes.STR, enum=TAB_SLUGS, description=gettext_lazy(
            "Thẻ: cho-tiep-nhan, dang-xu-ly, cho-bo-sung, sap-den-han, qua-han, qua-han-chua-xin-loi, duoc-giao.")),
        OpenApiParameter("search", OpenApiTypes.STR, description=gettext_lazy("Tìm theo mã hồ sơ hoặc tên người nộp, có dấu hoặc không dấu.")),
        OpenApiParameter("procedure", OpenApiTypes.STR, description=gettext_lazy("Mã thủ tục, ví dụ 1.001193.")),
        OpenApiParameter("status", OpenApiTypes.STR, enum=QUEUE_STATUSES, description=gettext_lazy("Trạng thái hồ sơ.")),
    ],
    responses={200: s.DeskQueueItemSerializer(many=True), 400: E400, 401: E401, 403: E403, 404: E404},
)
class QueueView(DeskView, generics.ListAPIView):
    serializer_class = s.DeskQueueItemSerializer
    filter_backends: list = []

    def get_queryset(self):
        params = self.request.query_params
        tab_slug = _choice("tab", params.get("tab", ""), TAB_SLUGS)
        wanted = _choice("status", params.get("status", ""), QUEUE_STATUSES)
        search = params.get("search", "").strip()
        if len(search) > SEARCH_MAX_LENGTH:
            raise ValidationError(
                {"search": [_("Từ khóa tìm kiếm dài quá %(n)d ký tự.") % {"n": SEARCH_MAX_LENGTH}]}
            )
        self.scale = UrgencyScale()
        queryset = Dossier.objects.all()
        if tab_slug or not wanted:
            queryset = queryset.filter(tab_for(tab_slug).condition(self.scale, self.request.user))
        if wanted:
            queryset = queryset.filter(status=wanted)
        if search:
            queryset = queryset.filter(search_condition(search))
        if params.get("procedure", "").strip():
            queryset = queryset.filter(procedure__code=params["procedure"].strip())
        return queue_dossiers(self.request.visibility, queryset)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "scale": getattr(self, "scale", None) or UrgencyScale()}


# -- one dossier ----------------------------------------------------------------------------


def _actions(dossier: Dossier, user) -> list[dict]:
    rows = []
    for form in _action_forms(dossier, user):
        row = {
            "action": form["action"], "label": str(form["label"]),
            "url": f"/api/v1/desk/dossiers/{dossier.pk}/actions/{form['action']}/",
            "fields": [field for flag, field in s.FIELD_OF_FLAG.items() if form.get(flag)],
        }
        if "assignees" in form:
            row["assignees"] = [{"id": pk, "name": name} for pk, name in form["assignees"]]
        rows.append(row)
    return rows


def detail_data(dossier: Dossier, user) -> dict:
    """The dossier as ``DeskDossierDetailSerializer`` shows it (a handful of queries)."""
    intake = DeskIntake.objects.filter(dossier=dossier).prefetch_related("scans").first()
    dossier.api_steps = [
        {"order": step.order, "name": step.name, "role": step.role, "current": step.pk == dossier.current_step_id}
        for step in WorkflowStep.objects.filter(procedure_id=dossier.procedure_id).order_by("order")
    ]
    dossier.api_actions = _actions(dossier, user)
    dossier.api_history = history_of(dossier)
    dossier.api_consultations = list(
        Consultation.objects.filter(dossier=dossier)
        .select_related("dossier", "agency", "step", "requested_by", "answered_by")
        .order_by("requested_at", "id")
    )
    dossier.api_intake = {
        "applicant_phone": intake.applicant_phone, "applicant_address": intake.applicant_address,
        "documents_received": intake.documents_received,
        "scans": [scan.original_name for scan in intake.scans.all()],
    } if intake else None
    dossier.api_documents = document_links(dossier)
    return s.DeskDossierDetailSerializer(dossier, context={"scale": UrgencyScale()}).data


class DossierDetailView(DeskView):
    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Một hồ sơ: trạng thái, phiên bản, các bước, thao tác được phép, nhật ký"),
        description=gettext_lazy("Mỗi lần xem được ghi vào nhật ký hồ sơ, như trên trang."),
        parameters=[ID],
        responses={200: s.DeskDossierDetailSerializer, 401: E401, 403: E403, 404: E404},
    )
    def get(self, request, id: int):
        dossier = self.dossier(id)
        audit.record_read(dossier, request.user)
        return Response(detail_data(dossier, request.user))


class ActionView(DeskView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Thực hiện một thao tác xử lý hồ sơ"),
        description=gettext_lazy(
            "Các thao tác được phép và trường cần gửi: `actions` của GET /api/v1/desk/dossiers/{id}/. "
            "Gửi lại cùng Idempotency-Key sau khi đã thành công: trả về trạng thái hiện tại (200), "
            "không thực hiện lần nữa."
        ),
        parameters=[
            ID, IDEMPOTENCY_KEY,
            OpenApiParameter("action", OpenApiTypes.STR, OpenApiParameter.PATH, enum=s.ACTIONS,
                             description=gettext_lazy("Thao tác.")),
        ],
        request=s.DeskActionRequestSerializer,
        responses={200: s.DeskActionResultSerializer, 400: E400, 401: E401, 403: E403, 404: E404, 409: E409},
    )
    def post(self, request, id: int, action: str):
        if action not in s.ACTIONS:
            raise NotFound(_("Không có thao tác này."))
        dossier = self.dossier(id)
        body = s.DeskActionRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        sent = body.as_form()
        key = idempotency.key_from(request)
        request_print = idempotency.fingerprint(
            request.user, {"dossier": dossier.pk, "action": action, "body": body.validated_data}
        )
        try:
            outcome = idempotency.run_once(
                request.user, key, dossier.pk, action,
                lambda: workflow.apply(
                    dossier, action, by=request.user, expected_version=body.validated_data["expected_version"],
                    **_details_from(sent, action),
                ),
                fingerprint=request_print,
            )
        except OutsideScope:
            raise NotFound(_("Không có hồ sơ này trong phạm vi bạn được xem.")) from None
        except StaleDossier as err:
            return stale(err)
        except MissingDetails as err:
            return error(err, "invalid", status.HTTP_400_BAD_REQUEST,
                         errors=blamed_fields(fields_of(action, dossier), sent, err))
        except WorkflowError as err:
            return refused(err, dossier, action, request.user)
        if not outcome.matches(dossier.pk, action, request_print):
            return key_reused()
        response = Response(s.DeskActionResultSerializer(self.dossier(id) if outcome.earlier else dossier).data)
        if outcome.earlier:
            response["Idempotent-Replayed"] = "true"
        return response


def key_reused() -> Response:
    return error(
        _("Khóa Idempotency-Key này đã được dùng cho một yêu cầu khác; hãy tạo khóa mới."),
        "idempotency_key_reused", status.HTTP_400_BAD_REQUEST,
    )


class DocumentView(DeskView):
    """A slip of the dossier as PDF: each download is an official read, as on the page."""

    def perform_content_negotiation(self, request, force=False):
        # The PDF is returned as it is; errors are JSON whatever the client accepts.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        tags=[TAG], summary=gettext_lazy("Tải phiếu, văn bản của hồ sơ (PDF)"),
        parameters=[
            ID, OpenApiParameter("kind", OpenApiTypes.STR, OpenApiParameter.PATH, enum=list(DOSSIER_KINDS),
                                 description=gettext_lazy(
                                     "receipt: giấy tiếp nhận hồ sơ và hẹn trả kết quả; supplement_request: "
                                     "phiếu yêu cầu bổ sung, hoàn thiện hồ sơ; refusal: phiếu từ chối tiếp nhận, "
                                     "giải quyết hồ sơ; apology: phiếu xin lỗi và hẹn lại ngày trả kết quả; "
                                     "stop_notice: thông báo dừng giải quyết hồ sơ; control_sheet: phiếu kiểm soát "
                                     "quá trình giải quyết. Chỉ có khi việc mà văn bản ghi nhận đã xảy ra: "
                                     "xem `documents` của GET /api/v1/desk/dossiers/{id}/.")),
        ],
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, 400: E400, 401: E401, 403: E403, 404: E404_DOCUMENT},
    )
    def get(self, request, id: int, kind: str):
        from django.http import HttpResponse

        from motcua.documents import render as documents

        dossier = self.dossier(id)
        if kind not in DOSSIER_KINDS:
            raise NotFound(not_issued_message(kind))
        try:
            form_for(kind, reference_date(dossier))
        except UnknownForm:
            # Checked first, as on the page: such a slip can never exist for this dossier.
            return error(_("Mẫu văn bản này không có trong bộ biểu mẫu áp dụng cho hồ sơ (theo ngày tiếp nhận)."),
                         "unknown_form", status.HTTP_400_BAD_REQUEST)
        if not is_issued(dossier, kind):
            # A slip records an act: printing it before the act would state something false.
            return error(not_issued_message(kind), "not_issued", status.HTTP_404_NOT_FOUND)
        content = documents.render_pdf(kind, dossier, base_url=request.build_absolute_uri("/"))
        audit.record_read(dossier, request.user, purpose=f"document:{kind}")
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{kind}-{dossier.code or dossier.pk}.pdf"'
        return response
