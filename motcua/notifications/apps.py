from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "motcua.notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # Jobs must go through the configured Celery app (eager without a broker), not
        # Celery's default app, in every process: web, commands and worker alike.
        import motcua.celery  # noqa: F401
        from motcua.dossiers import hooks

        from .dispatch import notify_transition

        if notify_transition not in hooks.on_transition:
            hooks.on_transition.append(notify_transition)
