from django.db import migrations, models


def fold_existing_names(apps, schema_editor):
    # Historical models have no custom save(), so the folded names are written here.
    from motcua.core.text import fold

    Agency = apps.get_model("units", "Agency")
    agencies = list(Agency.objects.only("pk", "name"))
    for agency in agencies:
        agency.name_folded = fold(agency.name)
    Agency.objects.bulk_update(agencies, ["name_folded"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('units', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='agency',
            name='name_folded',
            field=models.CharField(blank=True, editable=False, max_length=250),
        ),
        migrations.RunPython(fold_existing_names, migrations.RunPython.noop),
    ]
