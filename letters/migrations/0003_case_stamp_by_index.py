"""This app's case stamp trigger functions rewritten to find cases by primary key (see
incidents.casestamp and incidents/migrations/0012)."""

from django.db import migrations

from incidents import casestamp


def replace(apps, schema_editor):
    casestamp.triggers_replace(schema_editor, casestamp.TOUCHING["letters"])


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0002_case_stamp_triggers"),
        ("incidents", "0012_case_stamp_by_index"),
    ]

    operations = [migrations.RunPython(replace, migrations.RunPython.noop)]
