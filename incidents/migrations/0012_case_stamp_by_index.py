"""The case stamp trigger functions rewritten so each changed row's case is found by its primary
key rather than by scanning every case (see incidents.casestamp)."""

from django.db import migrations

from incidents import casestamp


def replace(apps, schema_editor):
    casestamp.triggers_replace(schema_editor, casestamp.TOUCHING["incidents"])
    casestamp.triggers_replace(schema_editor, [casestamp.CASE_TABLE], events=("UPDATE",))


class Migration(migrations.Migration):
    dependencies = [("incidents", "0011_caseevent_transitions_index")]

    operations = [migrations.RunPython(replace, migrations.RunPython.noop)]
