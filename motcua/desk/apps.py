from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "motcua.desk"
    verbose_name = "Bộ phận một cửa"

    def ready(self):
        # Every transition raises the queue stamps of its agencies in its own transaction.
        from motcua.dossiers import hooks

        from .queue_cache import on_transition

        if on_transition not in hooks.in_transaction:
            hooks.in_transaction.append(on_transition)
