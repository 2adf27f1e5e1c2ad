from django.urls import include, path

app_name = "portal"

# Two files, two writers: applying (form, uploads, drafts, submission) and following a dossier
# in the applicant's account (my dossiers, receipt, supplement, withdrawal).
urlpatterns = [
    path("", include("motcua.portal.urls_apply")),
    path("", include("motcua.portal.urls_account")),
]
