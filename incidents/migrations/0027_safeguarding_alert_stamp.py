"""Safeguarding alerts raise the stamp of their case (the case page shows them: see
incidents.casestamp), and every open case already flagged gets an alert awaiting a DSL's
decision, so the dashboard pins it."""

from django.db import migrations

# The trigger SQL as it was when this migration was written, so replaying it runs the SQL of
# its day. Only our own table and column names are in it, never input.
CREATE_POSTGRESQL = (
    """CREATE OR REPLACE FUNCTION incidents_safeguardingalert_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_safeguardingalert_stamp_insert ON incidents_safeguardingalert;
CREATE TRIGGER incidents_safeguardingalert_stamp_insert AFTER INSERT ON incidents_safeguardingalert REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_safeguardingalert_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_safeguardingalert_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_safeguardingalert_stamp_update ON incidents_safeguardingalert;
CREATE TRIGGER incidents_safeguardingalert_stamp_update AFTER UPDATE ON incidents_safeguardingalert REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_safeguardingalert_stamp_update();

CREATE OR REPLACE FUNCTION incidents_safeguardingalert_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_safeguardingalert_stamp_delete ON incidents_safeguardingalert;
CREATE TRIGGER incidents_safeguardingalert_stamp_delete AFTER DELETE ON incidents_safeguardingalert REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_safeguardingalert_stamp_delete();""",
)

CREATE_SQLITE = (
    """CREATE TRIGGER IF NOT EXISTS incidents_safeguardingalert_stamp_case_insert AFTER INSERT ON incidents_safeguardingalert BEGIN INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT NEW.case_id AS id UNION SELECT merged_into_id FROM incidents_case WHERE id IN (SELECT NEW.case_id AS id)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1; END""",
    """CREATE TRIGGER IF NOT EXISTS incidents_safeguardingalert_stamp_case_update AFTER UPDATE ON incidents_safeguardingalert BEGIN INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT OLD.case_id AS id UNION SELECT NEW.case_id UNION SELECT merged_into_id FROM incidents_case WHERE id IN (SELECT OLD.case_id AS id UNION SELECT NEW.case_id)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1; END""",
    """CREATE TRIGGER IF NOT EXISTS incidents_safeguardingalert_stamp_case_delete AFTER DELETE ON incidents_safeguardingalert BEGIN INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT OLD.case_id AS id UNION SELECT merged_into_id FROM incidents_case WHERE id IN (SELECT OLD.case_id AS id)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1; END""",
)

DROP_POSTGRESQL = (
    """DROP TRIGGER IF EXISTS incidents_safeguardingalert_stamp_insert ON incidents_safeguardingalert; DROP FUNCTION IF EXISTS incidents_safeguardingalert_stamp_insert(); DROP TRIGGER IF EXISTS incidents_safeguardingalert_stamp_update ON incidents_safeguardingalert; DROP FUNCTION IF EXISTS incidents_safeguardingalert_stamp_update(); DROP TRIGGER IF EXISTS incidents_safeguardingalert_stamp_delete ON incidents_safeguardingalert; DROP FUNCTION IF EXISTS incidents_safeguardingalert_stamp_delete();""",
)

DROP_SQLITE = (
    """DROP TRIGGER IF EXISTS incidents_safeguardingalert_stamp_case_insert""",
    """DROP TRIGGER IF EXISTS incidents_safeguardingalert_stamp_case_update""",
    """DROP TRIGGER IF EXISTS incidents_safeguardingalert_stamp_case_delete""",
)
CREATE = {"postgresql": CREATE_POSTGRESQL, "sqlite": CREATE_SQLITE}
DROP = {"postgresql": DROP_POSTGRESQL, "sqlite": DROP_SQLITE}

# Flagged before alerts existed: the alert dates from the case's opening.
ALERT_OPEN_FLAGGED_CASES = """INSERT INTO incidents_safeguardingalert (case_id, raised_at, reason, decision, system_reference, decision_note) SELECT id, opened_at, '', '', '', '' FROM incidents_case WHERE safeguarding AND status <> 'closed'"""


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("incidents", "0026_safeguarding_alerts")]

    operations = [
        migrations.RunPython(_run(CREATE), _run(DROP)),
        migrations.RunSQL(ALERT_OPEN_FLAGGED_CASES, migrations.RunSQL.noop),
    ]
