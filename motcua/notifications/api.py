"""``/api/v1/my/notifications/``: the signed-in person's notifications (read-only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, permissions, serializers

from motcua.api.serializers import ErrorSerializer

from .models import Notification
from .views import notifications_of


class NotificationSerializer(serializers.ModelSerializer):
    dossier_code = serializers.CharField(source="dossier.code", default=None, read_only=True)
    # Plain strings: the names "status" and "channel" already name enums of other endpoints.
    channel = serializers.CharField(read_only=True, help_text="email | sms")
    status = serializers.CharField(read_only=True, help_text="queued | sent | failed")

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "channel",
            "recipient",
            "subject",
            "body",
            "status",
            "created_at",
            "sent_at",
            "dossier_code",
        ]
        read_only_fields = fields


@extend_schema(
    tags=["notifications"],
    summary=_("Thông báo của tôi"),
    description=_(
        "Các thư điện tử và tin nhắn đã gửi (hoặc đang chờ gửi) cho người đang đăng nhập, mới "
        "nhất trước. Địa chỉ người nhận đã được che bớt."
    ),
    responses={
        200: NotificationSerializer(many=True),
        401: OpenApiResponse(ErrorSerializer, description=_("Chưa đăng nhập.")),
        403: OpenApiResponse(ErrorSerializer, description=_("Không có quyền.")),
        404: OpenApiResponse(ErrorSerializer, description=_("Trang không hợp lệ.")),
    },
)
class MyNotificationList(generics.ListAPIView):
    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation, no user
            return Notification.objects.none()
        return notifications_of(self.request.user)
