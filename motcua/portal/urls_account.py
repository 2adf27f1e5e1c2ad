"""Following a dossier in the applicant's account (under /dich-vu-cong/, namespace "portal")."""

from django.urls import path

from motcua.portal.views import account

urlpatterns = [
    path("ho-so/", account.my_dossiers, name="my_dossiers"),
    path("ho-so/<int:pk>/", account.dossier_detail, name="dossier"),
    path("ho-so/<int:pk>/bo-sung/", account.supplement, name="supplement"),
    path("ho-so/<int:pk>/rut/", account.withdraw, name="withdraw"),
    path("ho-so/<int:pk>/<slug:slug>.pdf", account.dossier_document, name="dossier_document"),
]
