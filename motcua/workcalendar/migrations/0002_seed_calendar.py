"""Every migrated database gets the calendar 2018–2027: the statute plus the announcements."""

from django.db import migrations


def seed(apps, schema_editor):
    from motcua.workcalendar.seed import seed_calendar

    seed_calendar(
        apps.get_model("workcalendar", "CalendarEntry"),
        apps.get_model("workcalendar", "CalendarYear"),
        apps.get_model("workcalendar", "CalendarRevision"),
    )


class Migration(migrations.Migration):
    dependencies = [("workcalendar", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
