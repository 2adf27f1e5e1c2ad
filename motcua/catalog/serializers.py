"""JSON shapes of the procedures API: a lean row for lists, the full record for one code."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from motcua.units.models import Agency

from .models import CitizenStep, Fee, Field, LegalBasis, Procedure, RequiredDocument, WorkflowStep
from .templatetags.catalog_tags import time_limit_text


class FieldSerializer(serializers.ModelSerializer):
    class Meta:
        model = Field
        fields = ["code", "name"]


class ProcedureAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["id", "name", "code", "address", "phone"]


class TimeLimitSerializer(serializers.Serializer):
    value = serializers.DecimalField(
        max_digits=6, decimal_places=1, coerce_to_string=False, allow_null=True
    )
    unit = serializers.CharField()
    text = serializers.CharField(help_text=_("Thời hạn viết bằng lời, ví dụ “3 ngày làm việc”."))


class ProcedureListSerializer(serializers.ModelSerializer):
    field = FieldSerializer()
    level_display = serializers.CharField(source="get_level_display")
    online_level = serializers.IntegerField(source="online_level_legacy", allow_null=True)
    time_limit = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Procedure
        fields = [
            "code",
            "name",
            "field",
            "level",
            "level_display",
            "time_limit",
            "online_level",
            "online_class",
            "status",
            "version",
            "url",
        ]

    @extend_schema_field(TimeLimitSerializer)
    def get_time_limit(self, procedure: Procedure) -> dict:
        return {
            "value": procedure.time_limit_value,
            "unit": procedure.time_limit_unit,
            "text": str(time_limit_text(procedure)),
        }

    def get_url(self, procedure: Procedure) -> str:
        path = reverse("procedure-detail", kwargs={"code": procedure.code})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CitizenStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = CitizenStep
        fields = ["order", "title", "description"]


class RequiredDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequiredDocument
        fields = [
            "order",
            "name",
            "originals",
            "copies",
            "mandatory",
            "note",
            "form_template",
            "form_template_file",
        ]


class FeeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Fee
        fields = ["kind", "name", "amount", "note", "legal_basis"]


class LegalBasisSerializer(serializers.ModelSerializer):
    class Meta:
        model = LegalBasis
        fields = ["order", "number", "title", "issued_on", "issuer"]


class WorkflowStepSerializer(serializers.ModelSerializer):
    budget_value = serializers.DecimalField(max_digits=6, decimal_places=1, coerce_to_string=False)

    class Meta:
        model = WorkflowStep
        fields = [
            "order",
            "name",
            "role",
            "agency_kind",
            "budget_value",
            "budget_unit",
            "parallel_group",
        ]


class VersionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Procedure
        fields = ["version", "status", "valid_from", "valid_to", "publishing_decision"]


class ProcedureDetailSerializer(ProcedureListSerializer):
    agencies = ProcedureAgencySerializer(many=True)
    publishing_unit = serializers.CharField(
        source="publishing_unit.name", allow_null=True, default=None
    )
    citizen_steps = CitizenStepSerializer(many=True)
    documents = RequiredDocumentSerializer(many=True)
    fees = FeeSerializer(many=True)
    legal_bases = LegalBasisSerializer(many=True)
    workflow_steps = WorkflowStepSerializer(many=True)
    form_schema = serializers.JSONField(
        help_text=_("Biểu mẫu điện tử (JSON Schema, draft 2020-12).")
    )
    versions = serializers.SerializerMethodField(
        help_text=_("Mọi phiên bản đã công bố của mã thủ tục này.")
    )

    class Meta(ProcedureListSerializer.Meta):
        fields = ProcedureListSerializer.Meta.fields + [
            "publishing_unit",
            "competent_authority",
            "implementing_agency",
            "agencies",
            "subjects",
            "channel_desk",
            "channel_post",
            "channel_online",
            "conditions",
            "same_day_cutoff",
            "time_limit_note",
            "suspension_allowed",
            "result",
            "fee_note",
            "publishing_decision",
            "published_on",
            "valid_from",
            "valid_to",
            "change_note",
            "citizen_steps",
            "documents",
            "fees",
            "legal_bases",
            "workflow_steps",
            "form_schema",
            "versions",
        ]

    @extend_schema_field(VersionSummarySerializer(many=True))
    def get_versions(self, procedure: Procedure) -> list[dict]:
        versions = self.context.get("versions", [])
        return VersionSummarySerializer(versions, many=True).data
