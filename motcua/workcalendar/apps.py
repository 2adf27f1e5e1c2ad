from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "motcua.workcalendar"
    verbose_name = "Lịch làm việc"
