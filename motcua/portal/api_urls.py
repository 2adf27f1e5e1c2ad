"""This app's endpoints under /api/v1/ (included by motcua.api.urls)."""

from django.urls import path

from . import api
from .api_complete import CompleteApplicationView

urlpatterns = [
    path("applications/", api.ApplicationListView.as_view(), name="application-list"),
    path("applications/complete/", CompleteApplicationView.as_view(), name="application-complete"),
    path("applications/<int:pk>/", api.ApplicationDetailView.as_view(), name="application-detail"),
    path("applications/<int:pk>/attachments/", api.AttachmentView.as_view(), name="application-attachments"),
    path(
        "applications/<int:pk>/attachments/<int:attachment_pk>/",
        api.AttachmentDetailView.as_view(), name="application-attachment-detail",
    ),
    path("applications/<int:pk>/submit/", api.SubmitView.as_view(), name="application-submit"),
]
