from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("ho-so/<int:pk>/", views.dossier_payment, name="dossier"),
    path("ket-qua/<slug:provider>/", views.payment_return, name="return"),
    path("sandbox/thanh-toan/", views.sandbox_pay, name="sandbox_pay"),
    path("<slug:reference>/bien-lai.pdf", views.receipt_pdf, name="receipt"),
]
