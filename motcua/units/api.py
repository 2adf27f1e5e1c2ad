from rest_framework import viewsets

from .models import AdministrativeUnit


class AdministrativeUnitViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = AdministrativeUnit.objects.none()
