"""This app's tables raise the stamp of their case when they change (see incidents.casestamp)."""

from django.db import migrations

from incidents import casestamp


def create(apps, schema_editor):
    casestamp.triggers_create(schema_editor, casestamp.TOUCHING["letters"])


def drop(apps, schema_editor):
    casestamp.triggers_drop(schema_editor, casestamp.TOUCHING["letters"])


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial"), ("incidents", "0010_case_stamp")]

    operations = [migrations.RunPython(create, drop)]
