from django.http import HttpResponse
from django.urls import path

app_name = "units"

urlpatterns = [path("", lambda r: HttpResponse("units"), name="list")]
