from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("ho-so/", views.dossier_list, name="dossiers"),
    path("qua-han/", views.overdue_list, name="overdue"),
    path("xuat/excel/", views.export_xlsx, name="export_xlsx"),
    path("xuat/pdf/", views.export_pdf, name="export_pdf"),
    path("xuat/csv/", views.export_csv, name="export_csv"),
    path("cong-khai/", views.public_statistics, name="public"),
    path("nam/<int:year>/", views.year_report, name="year"),
]
