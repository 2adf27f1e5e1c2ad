from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkCalendarConfig(AppConfig):
    name = "motcua.workcalendar"
    verbose_name = _("Lịch làm việc")

    def ready(self) -> None:
        # The deadline engine is Django-free; its messages go through Django's gettext here.
        from django.utils.translation import gettext

        from motcua.workdays import set_translator

        set_translator(gettext)
