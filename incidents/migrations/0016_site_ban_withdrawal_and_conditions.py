"""A ban recorded by mistake can be withdrawn before the decision, and a ban states its
conditions (what the parent may still do).

The column is added with our own SQL: for a NOT NULL column Django rebuilds a SQLite table,
which would drop the table's case-stamp triggers; SQLite adds a column with a constant default
in place. The new state is a choice only: no column changes.
"""

from django.db import migrations, models


def add_column(apps, schema_editor):
    schema_editor.execute(
        'ALTER TABLE "incidents_siteban" ADD COLUMN "conditions" text NOT NULL DEFAULT \'\''
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE "incidents_siteban" ALTER COLUMN "conditions" DROP DEFAULT'
        )


def drop_column(apps, schema_editor):
    schema_editor.execute('ALTER TABLE "incidents_siteban" DROP COLUMN "conditions"')


class Migration(migrations.Migration):
    dependencies = [("incidents", "0015_notification_job_lifecycle")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="siteban",
                    name="conditions",
                    field=models.TextField(
                        blank=True,
                        help_text="What the parent may still do, e.g. collect children at the gate.",
                    ),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="siteban",
            name="state",
            field=models.CharField(
                choices=[
                    ("intended", "Intended (awaiting representations)"),
                    ("confirmed", "Confirmed"),
                    ("lifted", "Lifted"),
                    ("ended", "Ended"),
                    ("withdrawn", "Withdrawn before a decision"),
                ],
                default="intended",
                max_length=10,
            ),
        ),
    ]
