from django.urls import path

from .views.consultation import consult, consultation
from .views.detail import act, detail, undo_action
from .views.receive import receive_dossier
from .views.register import register
from .views.work_queue import queue

app_name = "desk"

urlpatterns = [
    path("", queue, name="queue"),
    path("tiep-nhan/", receive_dossier, name="receive"),
    path("so-theo-doi/", register, name="register"),
    path("ho-so/<int:pk>/", detail, name="detail"),
    path("ho-so/<int:pk>/thao-tac/<slug:action>/", act, name="act"),
    path("ho-so/<int:pk>/hoan-tac/", undo_action, name="undo"),
    path("ho-so/<int:pk>/xin-y-kien/", consult, name="consult"),
    path("y-kien/<int:pk>/", consultation, name="consultation"),
]
