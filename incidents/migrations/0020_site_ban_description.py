"""A ban carries the school's short description of the parent (how staff at the gate recognise
them), for the office's register.

The column is added with our own SQL: for a NOT NULL column Django rebuilds a SQLite table,
which would drop the table's case-stamp triggers; SQLite adds a column with a constant default
in place.
"""

from django.db import migrations, models


def add_column(apps, schema_editor):
    schema_editor.execute(
        'ALTER TABLE "incidents_siteban" ADD COLUMN "description" text NOT NULL DEFAULT \'\''
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE "incidents_siteban" ALTER COLUMN "description" DROP DEFAULT'
        )


def drop_column(apps, schema_editor):
    schema_editor.execute('ALTER TABLE "incidents_siteban" DROP COLUMN "description"')


class Migration(migrations.Migration):
    dependencies = [("incidents", "0019_site_ban_parent_link")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="siteban",
                    name="description",
                    field=models.TextField(
                        blank=True,
                        help_text="How staff at the gate recognise the parent (the register only).",
                    ),
                ),
            ],
        ),
    ]
