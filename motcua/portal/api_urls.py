"""This app's endpoints under /api/v1/ (included by motcua.api.urls)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []
