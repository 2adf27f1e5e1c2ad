"""Routes of ``portal.lookup_api`` under /api/v1/ (included by ``portal.api_urls``)."""

from django.urls import path, re_path

from motcua.portal import lookup_api

urlpatterns = [
    re_path(
        r"^dossiers/(?P<code>[^/]+)/status/$", lookup_api.DossierStatusView.as_view(),
        name="dossier-status",
    ),
    path("my/dossiers/", lookup_api.MyDossierList.as_view(), name="my-dossier-list"),
    path("my/dossiers/<int:id>/", lookup_api.MyDossierDetail.as_view(), name="my-dossier-detail"),
    path(
        "my/dossiers/<int:id>/withdraw/", lookup_api.MyDossierWithdraw.as_view(),
        name="my-dossier-withdraw",
    ),
    path(
        "my/dossiers/<int:id>/supplement/", lookup_api.MyDossierSupplement.as_view(),
        name="my-dossier-supplement",
    ),
]
