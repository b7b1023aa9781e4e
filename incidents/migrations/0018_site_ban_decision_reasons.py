"""A ban decision gives its reasons to the parent separately from the headteacher's internal
note. Until now the one note went into the letter, so it becomes the reasons of bans already
decided.

The column is added with our own SQL: for a NOT NULL column Django rebuilds a SQLite table,
which would drop the table's case-stamp triggers; SQLite adds a column with a constant default
in place.
"""

from django.db import migrations, models


def add_column(apps, schema_editor):
    schema_editor.execute(
        'ALTER TABLE "incidents_siteban" ADD COLUMN "decision_reasons" text NOT NULL DEFAULT \'\''
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE "incidents_siteban" ALTER COLUMN "decision_reasons" DROP DEFAULT'
        )
    schema_editor.execute(
        'UPDATE "incidents_siteban" SET "decision_reasons" = "decision_note" '
        'WHERE "decided_at" IS NOT NULL'
    )


def drop_column(apps, schema_editor):
    schema_editor.execute('ALTER TABLE "incidents_siteban" DROP COLUMN "decision_reasons"')


class Migration(migrations.Migration):
    dependencies = [("incidents", "0017_site_ban_review_and_end")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_column, drop_column)],
            state_operations=[
                migrations.AddField(
                    model_name="siteban",
                    name="decision_reasons",
                    field=models.TextField(blank=True),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="siteban",
            name="decision_note",
            field=models.TextField(blank=True, help_text="Internal: never in a letter."),
        ),
    ]
