"""The public lookup by code + secret (the QR code on every receipt points here)."""

from django.urls import path

from motcua.portal.views import lookup

app_name = "lookup"

urlpatterns = [
    path("tra-cuu/", lookup.lookup, name="lookup"),
]
