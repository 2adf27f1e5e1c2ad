from django.urls import path, re_path

from . import views

app_name = "documents"

urlpatterns = [
    path("ho-so/<int:pk>/<slug:kind>.pdf", views.dossier_document, name="dossier"),
    re_path(
        r"^so-theo-doi/(?P<agency_pk>[0-9]+)\.(?P<fmt>pdf|xlsx)$",
        views.register_document,
        name="register",
    ),
]
