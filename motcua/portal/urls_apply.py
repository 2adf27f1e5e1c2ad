from django.urls import path

from .views import apply

# Applying online: start, the draft's form and documents, review, submission, files.
urlpatterns = [
    path("nop/<str:code>/", apply.start, name="apply_start"),
    path("ho-so-nhap/<int:pk>/", apply.draft, name="apply_draft"),
    path("ho-so-nhap/<int:pk>/tep/", apply.upload, name="apply_upload"),
    path("ho-so-nhap/<int:pk>/tep/<int:attachment_pk>/xoa/", apply.detach, name="apply_detach"),
    path("ho-so-nhap/<int:pk>/xem-lai/", apply.review, name="apply_review"),
    path("ho-so-nhap/<int:pk>/da-nop/", apply.done, name="apply_done"),
    path("tep/<int:pk>/", apply.serve_file, name="upload_file"),
]
