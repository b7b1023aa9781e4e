"""Evidence records the picture's size as uploaded, since large pictures are now scaled down.

Evidence stored before this was never scaled, so its original size is its stored size.

The columns are added with our own SQL: for a NOT NULL column Django rebuilds a SQLite table,
which would drop the table's case-stamp triggers; SQLite adds a column with a constant default
in place (the default stays there, unused: every insert names the column).
"""

from django.db import migrations, models

COLUMNS = ("original_width", "original_height")


def add_columns(apps, schema_editor):
    postgresql = schema_editor.connection.vendor == "postgresql"
    kind = "integer" if postgresql else "integer unsigned"
    for column in COLUMNS:
        schema_editor.execute(
            f'ALTER TABLE "incidents_evidence" ADD COLUMN "{column}" {kind} NOT NULL DEFAULT 0 '
            f'CHECK ("{column}" >= 0)'
        )
        if postgresql:
            schema_editor.execute(
                f'ALTER TABLE "incidents_evidence" ALTER COLUMN "{column}" DROP DEFAULT'
            )
    schema_editor.execute(
        'UPDATE "incidents_evidence" SET "original_width" = "width", "original_height" = "height"'
    )


def drop_columns(apps, schema_editor):
    for column in COLUMNS:
        schema_editor.execute(f'ALTER TABLE "incidents_evidence" DROP COLUMN "{column}"')


class Migration(migrations.Migration):
    dependencies = [("incidents", "0013_database_cache_table")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
            state_operations=[
                migrations.AddField(
                    model_name="evidence",
                    name=column,
                    field=models.PositiveIntegerField(),
                )
                for column in COLUMNS
            ],
        ),
    ]
