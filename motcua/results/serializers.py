"""What the API says about a result: the same minimal facts as the public page."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import ElectronicResult, ResultStatus


@extend_schema_field(
    {"type": "string", "pattern": "^(" + "|".join(ResultStatus.values) + ")$", "example": "valid"}
)
class ResultStatusField(serializers.CharField):
    """Values as a pattern, not an enum: spectacular turns every enum named "status" into one
    component, and ours would collide with other apps' (a warning the schema test refuses)."""


class ResultVerificationSerializer(serializers.ModelSerializer):
    """Public: no applicant name, no identity number, no file."""

    code = serializers.CharField(help_text=_("Mã xác minh (12 ký tự, không có dấu gạch)."))
    printed_code = serializers.CharField(help_text=_("Mã xác minh như in trên văn bản."))
    issuing_agency = serializers.CharField(source="issuing_agency.name", help_text=_("Cơ quan phát hành."))
    dossier_code = serializers.CharField(source="dossier.code", allow_null=True, help_text=_("Mã hồ sơ."))
    status = ResultStatusField(help_text=_("Hiệu lực của văn bản."))
    status_label = serializers.CharField()
    sha256 = serializers.CharField(help_text=_("Mã băm SHA-256 của tệp PDF đã phát hành."))

    class Meta:
        model = ElectronicResult
        fields = [
            "code", "printed_code", "title", "number", "issuing_agency", "issued_at",
            "dossier_code", "status", "status_label", "superseded_at", "revoked_at", "sha256",
        ]
        read_only_fields = fields


class VerifyUploadSerializer(serializers.Serializer):
    tep = serializers.FileField(help_text=_("Tệp PDF cần so sánh với bản gốc (tối đa 10 MB)."))


class VerifyResponseSerializer(serializers.Serializer):
    match = serializers.BooleanField(help_text=_("Tệp gửi lên trùng khớp từng byte với bản gốc."))
    sha256 = serializers.CharField(help_text=_("Mã băm SHA-256 của tệp gửi lên."))
    expected_sha256 = serializers.CharField(help_text=_("Mã băm SHA-256 của bản gốc."))
    status = ResultStatusField()
    message = serializers.CharField()


class MyResultSerializer(ResultVerificationSerializer):
    download_url = serializers.SerializerMethodField(help_text=_("Địa chỉ tải tệp PDF (cần đăng nhập)."))
    size = serializers.IntegerField(help_text=_("Dung lượng tệp (byte)."))

    class Meta(ResultVerificationSerializer.Meta):
        fields = [*ResultVerificationSerializer.Meta.fields, "size", "download_url"]
        read_only_fields = fields

    def get_download_url(self, result: ElectronicResult) -> str:
        from django.urls import reverse

        path = reverse("results-api-my-result-file", kwargs={"id": result.dossier_id})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path
