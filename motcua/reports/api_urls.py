from django.urls import path

from .api import ReportTableView

urlpatterns = [
    path("reports/<slug:table>/", ReportTableView.as_view(), name="report-table"),
]
