"""On PostgreSQL, trigram indexes make the case-list search (icontains on the report text, who
posted it, and the parent's name) use an index instead of reading every report."""

from django.db import migrations

INDEXES = [
    ("incidents_report_description_trgm", "incidents_report", "description"),
    ("incidents_report_person_trgm", "incidents_report", "person_concerned"),
    ("incidents_parent_name_trgm", "incidents_parent", "full_name"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f"USING gin (UPPER({column}::text) gin_trgm_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0004_remove_notification_incidents_n_status_a63866_idx_and_more")
    ]

    operations = [migrations.RunPython(create, drop)]
