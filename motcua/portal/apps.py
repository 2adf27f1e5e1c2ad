from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "motcua.portal"
    verbose_name = _("Cổng dịch vụ công")

    def ready(self):
        from motcua.dossiers import hooks
        from motcua.portal.lookup_cache import forget

        if forget not in hooks.on_transition:
            hooks.on_transition.append(forget)
