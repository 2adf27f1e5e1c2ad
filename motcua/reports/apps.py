from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "motcua.reports"
    verbose_name = "Báo cáo, thống kê"

    def ready(self):
        # The summary rows commit with the transition that changes them, or not at all.
        from motcua.dossiers import hooks

        from .summaries import on_transition

        if on_transition not in hooks.in_transaction:
            hooks.in_transaction.append(on_transition)
