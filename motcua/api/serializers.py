"""Serializers shared by every API endpoint."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API (see ``motcua.api.exceptions``); schema name "Error"."""

    detail = serializers.CharField(help_text="Thông báo lỗi bằng tiếng Việt.")
    code = serializers.CharField()
    errors = serializers.DictField(required=False, help_text="Lỗi theo từng tham số.")
