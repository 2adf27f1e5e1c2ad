"""The officials' API under /api/v1/desk/ (included by motcua.api.urls)."""

from django.urls import path

from . import api, api_consultations, api_intake

urlpatterns = [
    path("desk/dossiers/", api.QueueView.as_view(), name="desk-dossier-list"),
    path("desk/dossiers/<int:id>/", api.DossierDetailView.as_view(), name="desk-dossier-detail"),
    path(
        "desk/dossiers/<int:id>/actions/<slug:action>/", api.ActionView.as_view(),
        name="desk-dossier-action",
    ),
    path(
        "desk/dossiers/<int:id>/consultations/", api_consultations.DossierConsultationsView.as_view(),
        name="desk-dossier-consult",
    ),
    path(
        "desk/dossiers/<int:id>/documents/<slug:kind>/", api.DocumentView.as_view(),
        name="desk-dossier-document",
    ),
    path("desk/procedures/", api_intake.ProcedureListView.as_view(), name="desk-procedure-list"),
    path("desk/intake/", api_intake.IntakeView.as_view(), name="desk-intake"),
    path("desk/consultations/", api_consultations.ConsultationListView.as_view(), name="desk-consultation-list"),
    path(
        "desk/consultations/<int:id>/", api_consultations.ConsultationDetailView.as_view(),
        name="desk-consultation-detail",
    ),
    path(
        "desk/consultations/<int:id>/answer/", api_consultations.AnswerView.as_view(),
        name="desk-consultation-answer",
    ),
]
