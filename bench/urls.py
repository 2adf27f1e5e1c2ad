"""The project's URLs plus the benchmark's empty view; used only through ``bench.settings``."""

from django.urls import include, path

from bench.empty_view import empty

urlpatterns = [
    path("bench/empty/", empty),
    path("", include("motcua.urls")),
]
