"""This app's endpoints under /api/v1/ (included by motcua.api.urls)."""

from django.urls import path

from . import api

urlpatterns = [
    path("results/<str:code>/", api.ResultVerificationView.as_view(), name="results-api-detail"),
    path("results/<str:code>/verify/", api.ResultFileCheckView.as_view(), name="results-api-verify"),
    path("my/dossiers/<int:id>/result/", api.MyResultView.as_view(), name="results-api-my-result"),
    path("my/dossiers/<int:id>/result/file/", api.MyResultFileView.as_view(), name="results-api-my-result-file"),
]
