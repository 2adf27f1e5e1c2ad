"""The project's URLs plus ``/api/v1/agencies/``, until the lead registers AgencyViewSet there."""

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from motcua.units.api import AgencyViewSet

router = SimpleRouter()
router.register("agencies", AgencyViewSet, basename="agency")

urlpatterns = [
    path("api/v1/", include(router.urls)),
    path("", include("motcua.urls")),
]
