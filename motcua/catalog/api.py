from rest_framework import viewsets

from .models import Procedure


class ProcedureViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Procedure.objects.none()
