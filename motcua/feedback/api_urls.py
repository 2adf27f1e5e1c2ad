"""This app's endpoints under /api/v1/ (included by motcua.api.urls)."""

from django.urls import path

from .api import DossierRatingView, FeedbackCreateView, FeedbackStatusView

urlpatterns = [
    path("dossiers/<int:pk>/rating/", DossierRatingView.as_view(), name="dossier-rating"),
    path("feedback/", FeedbackCreateView.as_view(), name="feedback-create"),
    path("feedback/<str:number>/", FeedbackStatusView.as_view(), name="feedback-status"),
]
