"""JSON shapes of units and agencies for ``/api/v1/units/`` and ``/api/v1/agencies/``."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from . import history
from .models import AdministrativeUnit, Agency


class UnitSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = AdministrativeUnit
        fields = ["id", "code", "name", "unit_type", "valid_from", "valid_to"]


class UnitSerializer(serializers.ModelSerializer):
    unit_type_display = serializers.CharField(source="get_unit_type_display", read_only=True)
    parent_code = serializers.CharField(
        source="parent.code", default=None, read_only=True, allow_null=True
    )
    parent_name = serializers.CharField(
        source="parent.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "code",
            "name",
            "designation",
            "unit_type",
            "unit_type_display",
            "parent",
            "parent_code",
            "parent_name",
            "valid_from",
            "valid_to",
            "legal_act",
            "source",
        ]


class StepSerializer(serializers.Serializer):
    """One predecessor or successor: the unit at the other end and the change that linked them."""

    change = serializers.IntegerField(source="change.pk")
    kind = serializers.CharField(source="change.kind")
    kind_display = serializers.CharField(source="change.get_kind_display")
    effective_date = serializers.DateField(source="change.effective_date")
    legal_basis = serializers.CharField(source="change.legal_basis")
    whole = serializers.BooleanField(help_text="true: toàn bộ đơn vị; false: một phần.")
    unit = UnitSummarySerializer()


class UnitDetailSerializer(UnitSerializer):
    predecessors = serializers.SerializerMethodField(
        help_text="Trước đây: các đơn vị đã sắp xếp vào đơn vị này."
    )
    successors = serializers.SerializerMethodField(
        help_text="Sau sắp xếp: các đơn vị mà đơn vị này đã vào."
    )

    class Meta(UnitSerializer.Meta):
        fields = [*UnitSerializer.Meta.fields, "predecessors", "successors"]

    @extend_schema_field(StepSerializer(many=True))
    def get_predecessors(self, unit):
        return StepSerializer(history.before(unit), many=True).data

    @extend_schema_field(StepSerializer(many=True))
    def get_successors(self, unit):
        return StepSerializer(history.after(unit), many=True).data


class AgencySerializer(serializers.ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    parent_name = serializers.CharField(
        source="parent.name", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = Agency
        fields = [
            "id",
            "name",
            "kind",
            "kind_display",
            "code",
            "unit",
            "unit_code",
            "unit_name",
            "parent",
            "parent_name",
            "address",
            "phone",
            "valid_from",
            "valid_to",
            "legal_act",
        ]
