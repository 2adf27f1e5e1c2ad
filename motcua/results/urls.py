from django.urls import path

from . import views

app_name = "results"

urlpatterns = [
    path("phat-hanh/<int:pk>/", views.issue, name="issue"),
    path("ho-so/<int:pk>/", views.download, name="download"),
    path("xac-minh/", views.verify, name="verify"),
    # Any text up to 64 characters: a mistyped code gets the page's message, not a bare 404.
    path("xac-minh/<str:code>/", views.verify, name="verify_code"),
]
