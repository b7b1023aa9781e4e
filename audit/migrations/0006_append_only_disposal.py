"""On PostgreSQL, the append-only trigger lets through one thing: deleting rows recorded before
the cutoff that a transaction names with `SET LOCAL conductdesk.audit_disposal_before`
(audit.services.access_events_dispose, used by the retention schedule). Updates are still
refused, and so is deleting any row at or after that cutoff; the setting ends with the
transaction that set it."""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION audit_accessevent_append_only() RETURNS trigger AS $$
DECLARE
    cutoff text := current_setting('conductdesk.audit_disposal_before', true);
BEGIN
    IF TG_OP = 'DELETE' AND cutoff IS NOT NULL AND cutoff <> ''
            AND OLD.at < cutoff::timestamptz THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_accessevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""
# As audit/migrations/0002_append_only_trigger.py created it.
RESTORE = """
CREATE OR REPLACE FUNCTION audit_accessevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_accessevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(RESTORE)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_access_event_print_ban_register")]

    operations = [migrations.RunPython(create, restore)]
