"""What the officials' API (``desk.api``) reads and answers: the queue, a dossier with its
history and actions, the details of an action, a walk-in receipt and consultations."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.documents.templates_registry import DOSSIER_KINDS
from motcua.dossiers.models import StepState
from motcua.dossiers.transitions import Action
from motcua.portal.lookup_api import DossierStatusField

# The fields of an action's details, by the flags the page's forms use (views.detail._action_forms).
FIELD_OF_FLAG = {
    "needs_reason": "reason",
    "needs_missing_items": "missing_items",
    "needs_agency": "to_agency_name",
    "needs_channel": "channel",
    "needs_assignee": "assignee",
    "needs_new_due": "new_due_at",
}


# DRF's own Vietnamese catalogue lacks most field messages: ours, for the request fields.
REQUIRED = {"required": _("Trường này là bắt buộc."), "null": _("Trường này không được để trống.")}
INTEGER = REQUIRED | {
    "invalid": _("Cần một số nguyên hợp lệ."), "max_string_length": _("Số quá lớn."),
    "min_value": _("Phải là số nguyên từ {min_value} trở lên."),
}
TEXT = REQUIRED | {"invalid": _("Cần một chuỗi ký tự."), "blank": _("Trường này không được để trống.")}
LIST = REQUIRED | {"not_a_list": _("Cần một danh sách."), "empty": _("Danh sách không được rỗng.")}


def person(user) -> dict | None:
    if user is None:
        return None
    return {"id": user.pk, "name": user.get_full_name() or user.get_username()}


class DeskPersonSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DeskNamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class DeskUrgencySerializer(serializers.Serializer):
    state = serializers.CharField(
        help_text=_(
            "Khi thời hạn đang chạy: late, due-soon, on-time hoặc early; khi đã giải quyết: "
            "resolved-on-time hoặc resolved-late."
        )
    )
    label = serializers.CharField()


class DeskQueueItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField(allow_null=True, help_text=_("Null trước khi được tiếp nhận."))
    status = DossierStatusField()
    status_label = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField(help_text=_("Gửi lại trong `expected_version` khi thao tác."))
    procedure_code = serializers.CharField(source="procedure.code")
    procedure_name = serializers.CharField(source="procedure.name")
    applicant_name = serializers.CharField()
    channel = serializers.CharField(help_text=_("desk, post hoặc online."))
    submitted_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    due_at = serializers.DateTimeField(allow_null=True, help_text=_("Hẹn trả kết quả."))
    new_due_at = serializers.DateTimeField(allow_null=True, help_text=_("Hẹn lại (sau thư xin lỗi)."))
    apologised_at = serializers.DateTimeField(allow_null=True)
    urgency = serializers.SerializerMethodField(
        help_text=_("Khi thời hạn đang chạy, hoặc khi đã giải quyết; không có khi đang dừng tính.")
    )
    assignee = serializers.SerializerMethodField()

    @extend_schema_field(DeskUrgencySerializer(allow_null=True))
    def get_urgency(self, dossier):
        urgency = self.context["scale"].of_dossier(dossier)
        return {"state": urgency.css, "label": urgency.label} if urgency else None

    @extend_schema_field(DeskPersonSerializer(allow_null=True))
    def get_assignee(self, dossier):
        return person(dossier.assignee) if dossier.assignee_id else None


class DeskStepSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    name = serializers.CharField()
    role = serializers.CharField()
    current = serializers.BooleanField()


class DeskAvailableActionSerializer(serializers.Serializer):
    action = serializers.CharField()
    label = serializers.CharField()
    url = serializers.CharField(help_text=_("Nơi gửi POST để thực hiện."))
    fields = serializers.ListField(child=serializers.CharField(), help_text=_("Các trường cần gửi kèm."))
    assignees = DeskPersonSerializer(many=True, required=False, help_text=_("Cán bộ có thể giao (thao tác assign)."))


class DeskHistorySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    actor = serializers.CharField()
    what = serializers.CharField()
    change = serializers.CharField(help_text=_("Trạng thái trước → sau, nếu đổi."))
    notes = serializers.ListField(child=serializers.CharField())


class DeskConsultationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    dossier_id = serializers.IntegerField()
    dossier_code = serializers.CharField(source="dossier.code", allow_null=True)
    agency = DeskNamedSerializer()
    step = serializers.CharField(source="step.name", allow_null=True, default=None)
    question = serializers.CharField()
    requested_by = serializers.SerializerMethodField()
    requested_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    answer = serializers.CharField(allow_blank=True)
    answered_by = serializers.SerializerMethodField()

    @extend_schema_field(DeskPersonSerializer(allow_null=True))
    def get_requested_by(self, item):
        return person(item.requested_by)

    @extend_schema_field(DeskPersonSerializer(allow_null=True))
    def get_answered_by(self, item):
        return person(item.answered_by) if item.answered_by_id else None


class DeskIntakeSerializer(serializers.Serializer):
    applicant_phone = serializers.CharField()
    applicant_address = serializers.CharField()
    documents_received = serializers.ListField(child=serializers.DictField())
    scans = serializers.ListField(child=serializers.CharField(), help_text=_("Tên tệp bản quét."))


class DeskDocumentLinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DOSSIER_KINDS, help_text=_(
        "Loại văn bản; chỉ có những văn bản mà việc chúng ghi nhận đã xảy ra (tiếp nhận, yêu cầu bổ "
        "sung, từ chối, xin lỗi, rút hồ sơ)."
    ))
    url = serializers.CharField()


class DeskDossierDetailSerializer(DeskQueueItemSerializer):
    receiving_agency = DeskNamedSerializer()
    competent_agency = DeskNamedSerializer()
    due_explanation = serializers.CharField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    returned_at = serializers.DateTimeField(allow_null=True)
    step_state = serializers.CharField(help_text=", ".join(v or '""' for v in StepState.values))
    # The lists are read by ``desk.api.detail_data`` and set on the instance as ``api_*``.
    steps = DeskStepSerializer(many=True, source="api_steps")
    actions = DeskAvailableActionSerializer(many=True, source="api_actions", help_text=_("Thao tác người gọi có thể làm lúc này."))
    history = DeskHistorySerializer(many=True, source="api_history", help_text=_("Nhật ký xử lý (kể cả các lần xem hồ sơ)."))
    consultations = DeskConsultationSerializer(many=True, source="api_consultations")
    intake = DeskIntakeSerializer(allow_null=True, source="api_intake", help_text=_("Ghi nhận khi tiếp nhận trực tiếp/bưu chính."))
    documents = DeskDocumentLinkSerializer(many=True, source="api_documents", help_text=_("Phiếu, văn bản tải về (PDF)."))


class DeskActionResultSerializer(serializers.Serializer):
    """The dossier after an action: no personal data, so no read is logged."""

    id = serializers.IntegerField(source="pk")
    code = serializers.CharField(allow_null=True)
    status = DossierStatusField()
    status_label = serializers.CharField(source="get_status_display")
    version = serializers.IntegerField()
    due_at = serializers.DateTimeField(allow_null=True)
    received_at = serializers.DateTimeField(allow_null=True)
    assignee_id = serializers.IntegerField(allow_null=True)


class DeskCurrentStateSerializer(serializers.Serializer):
    status = serializers.CharField()
    status_label = serializers.CharField()
    version = serializers.IntegerField()


class DeskConflictSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField(help_text=_("stale, not_allowed, already_answered…"))
    errors = serializers.DictField(required=False)
    current = DeskCurrentStateSerializer(required=False, help_text=_("Trạng thái và phiên bản hiện tại (khi code = stale)."))


class TextOrListField(serializers.ListField):
    """A list of texts, or one text with one item per line (the page's textarea)."""

    child = serializers.CharField(allow_blank=True, error_messages=TEXT)

    def to_internal_value(self, data):
        if isinstance(data, str):
            data = data.splitlines()
        return super().to_internal_value(data)


def _text(help_text, **kwargs):
    return serializers.CharField(required=False, allow_blank=True, error_messages=TEXT, help_text=help_text, **kwargs)


class DeskActionRequestSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=1, error_messages=INTEGER,
        help_text=_("Phiên bản hồ sơ bạn đã xem; nếu hồ sơ đã thay đổi, trả về 409."),
    )
    reason = _text(_("Lý do (từ chối, trả lại, tạm dừng, xin lỗi…)."))
    missing_items = TextOrListField(required=False, error_messages=LIST, help_text=_("Giấy tờ cần bổ sung (request_supplement)."))
    to_agency_name = _text(_("Cơ quan có thẩm quyền (redirect)."))
    channel = _text(_("Hình thức trả kết quả: desk, post hoặc online (return_result)."))
    assignee = serializers.IntegerField(required=False, error_messages=INTEGER, help_text=_("Số định danh cán bộ được giao (assign)."))
    new_due_at = _text(_("Ngày hẹn mới, NNNN-TT-NN hoặc NNNN-TT-NNTHH:MM (apologise)."))

    def as_form(self) -> dict:
        """The values as the page's form posts them (``views.detail._details_from`` reads them)."""
        values = {k: v for k, v in self.validated_data.items() if k != "expected_version"}
        if "missing_items" in values:
            values["missing_items"] = "\n".join(values["missing_items"])
        return values


ACTIONS = [a for a in Action.values if a != Action.SUBMIT]


class DeskConsultRequestSerializer(serializers.Serializer):
    expected_version = serializers.IntegerField(min_value=1, error_messages=INTEGER)
    agencies = serializers.ListField(
        child=serializers.IntegerField(error_messages=INTEGER), error_messages=LIST,
        help_text=_("Số định danh các cơ quan cần xin ý kiến."),
    )
    question = serializers.CharField(allow_blank=True, error_messages=TEXT, help_text=_("Nội dung xin ý kiến."))


class DeskAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(allow_blank=True, error_messages=TEXT, help_text=_("Ý kiến trả lời."))


class DeskRequiredDocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    name = serializers.CharField()
    mandatory = serializers.BooleanField()
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()


class DeskReceivableProcedureSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    code = serializers.CharField()
    name = serializers.CharField()
    documents = DeskRequiredDocumentSerializer(many=True, source="documents.all")

