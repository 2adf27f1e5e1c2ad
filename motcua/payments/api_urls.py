"""This app's endpoints under /api/v1/ (included by motcua.api.urls)."""

from django.urls import path

from .api import MyDossierPaymentView, PaymentIpnView

urlpatterns = [
    path("my/dossiers/<int:pk>/payment/", MyDossierPaymentView.as_view(), name="my-dossier-payment"),
    path("payments/ipn/<slug:provider>/", PaymentIpnView.as_view(), name="payment-ipn"),
]
