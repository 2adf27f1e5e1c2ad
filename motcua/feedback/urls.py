from django.urls import path

from .views import public, rating, staff

app_name = "feedback"

urlpatterns = [
    path("", public.published, name="published"),
    path("gui/", public.send, name="send"),
    path("da-gui/", public.sent, name="sent"),
    path("tra-cuu/", public.lookup, name="lookup"),
    path("cua-toi/", public.mine, name="mine"),
    path("danh-gia/<int:pk>/", rating.rate_dossier, name="rate"),
    path("xu-ly/", staff.staff_list, name="staff_list"),
    path("xu-ly/<int:pk>/", staff.staff_detail, name="staff_detail"),
    path("xu-ly/<int:pk>/giao/", staff.staff_assign, name="staff_assign"),
    path("xu-ly/<int:pk>/tra-loi/", staff.staff_answer, name="staff_answer"),
    path("xu-ly/<int:pk>/ket-thuc/", staff.staff_close, name="staff_close"),
]
