from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from motcua.catalog.api import ProcedureViewSet
from motcua.units.api import AdministrativeUnitViewSet, AgencyViewSet

router = DefaultRouter()
router.register("procedures", ProcedureViewSet, basename="procedure")
router.register("units", AdministrativeUnitViewSet, basename="unit")
router.register("agencies", AgencyViewSet, basename="agency")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema"), name="api-redoc"),
    path("", include(router.urls)),
    path("", include("motcua.portal.api_urls")),
    path("", include("motcua.portal.api_urls_account")),
    path("", include("motcua.payments.api_urls")),
    path("", include("motcua.results.api_urls")),
    path("", include("motcua.feedback.api_urls")),
    path("", include("motcua.notifications.api_urls")),
    path("", include("motcua.reports.api_urls")),
    path("", include("motcua.desk.api_urls")),
]
