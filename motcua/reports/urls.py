from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("nam/<int:year>/", views.year_report, name="year"),
]
