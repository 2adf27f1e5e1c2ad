"""This app's endpoints under /api/v1/ (included by motcua.api.urls)."""

from django.urls import path

from .api import MyNotificationList

urlpatterns: list = [
    path("my/notifications/", MyNotificationList.as_view(), name="my-notifications"),
]
