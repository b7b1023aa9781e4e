"""This app's case stamp trigger functions rewritten to find cases by primary key (see
incidents.casestamp and incidents/migrations/0012)."""

from django.db import migrations

# The trigger SQL as it was when this migration was written, so replaying it runs the SQL of
# its day. Only our own table and column names are in it, never input.
REPLACE_POSTGRESQL = (
    """CREATE OR REPLACE FUNCTION exports_casebundle_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS exports_casebundle_stamp_insert ON exports_casebundle;
CREATE TRIGGER exports_casebundle_stamp_insert AFTER INSERT ON exports_casebundle REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exports_casebundle_stamp_insert();

CREATE OR REPLACE FUNCTION exports_casebundle_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS exports_casebundle_stamp_update ON exports_casebundle;
CREATE TRIGGER exports_casebundle_stamp_update AFTER UPDATE ON exports_casebundle REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exports_casebundle_stamp_update();

CREATE OR REPLACE FUNCTION exports_casebundle_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS exports_casebundle_stamp_delete ON exports_casebundle;
CREATE TRIGGER exports_casebundle_stamp_delete AFTER DELETE ON exports_casebundle REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exports_casebundle_stamp_delete();""",
)
REPLACE = {"postgresql": REPLACE_POSTGRESQL}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("exports", "0002_case_stamp_triggers"),
        ("incidents", "0012_case_stamp_by_index"),
    ]

    operations = [migrations.RunPython(_run(REPLACE), migrations.RunPython.noop)]
