from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    name = "motcua.results"
    verbose_name = _("Kết quả điện tử")

    def ready(self):
        from motcua.dossiers import hooks

        from .issue import issue_on_resolve

        # The applicant who asked for the result online gets it as the dossier is resolved.
        if issue_on_resolve not in hooks.in_transaction:
            hooks.in_transaction.append(issue_on_resolve)
