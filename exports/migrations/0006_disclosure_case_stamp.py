"""Disclosures raise the stamp of their case when they change: the case page lists the ones
being reviewed (see incidents.casestamp)."""

from django.db import migrations

# The trigger SQL as it was when this migration was written (that of 0002 for SQLite and 0003
# for PostgreSQL, for this table), so replaying it runs the SQL of its day. Only our own table
# and column names are in it, never input.
CREATE_POSTGRESQL = (
    """CREATE OR REPLACE FUNCTION exports_disclosure_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS exports_disclosure_stamp_insert ON exports_disclosure;
CREATE TRIGGER exports_disclosure_stamp_insert AFTER INSERT ON exports_disclosure REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exports_disclosure_stamp_insert();

CREATE OR REPLACE FUNCTION exports_disclosure_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS exports_disclosure_stamp_update ON exports_disclosure;
CREATE TRIGGER exports_disclosure_stamp_update AFTER UPDATE ON exports_disclosure REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exports_disclosure_stamp_update();

CREATE OR REPLACE FUNCTION exports_disclosure_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS exports_disclosure_stamp_delete ON exports_disclosure;
CREATE TRIGGER exports_disclosure_stamp_delete AFTER DELETE ON exports_disclosure REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION exports_disclosure_stamp_delete();""",
)

CREATE_SQLITE = (
    """CREATE TRIGGER IF NOT EXISTS exports_disclosure_stamp_case_insert AFTER INSERT ON exports_disclosure BEGIN INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT NEW.case_id AS id UNION SELECT merged_into_id FROM incidents_case WHERE id IN (SELECT NEW.case_id AS id)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1; END""",
    """CREATE TRIGGER IF NOT EXISTS exports_disclosure_stamp_case_update AFTER UPDATE ON exports_disclosure BEGIN INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT OLD.case_id AS id UNION SELECT NEW.case_id UNION SELECT merged_into_id FROM incidents_case WHERE id IN (SELECT OLD.case_id AS id UNION SELECT NEW.case_id)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1; END""",
    """CREATE TRIGGER IF NOT EXISTS exports_disclosure_stamp_case_delete AFTER DELETE ON exports_disclosure BEGIN INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT OLD.case_id AS id UNION SELECT merged_into_id FROM incidents_case WHERE id IN (SELECT OLD.case_id AS id)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1; END""",
)

DROP_POSTGRESQL = (
    """DROP TRIGGER IF EXISTS exports_disclosure_stamp_insert ON exports_disclosure; DROP FUNCTION IF EXISTS exports_disclosure_stamp_insert(); DROP TRIGGER IF EXISTS exports_disclosure_stamp_update ON exports_disclosure; DROP FUNCTION IF EXISTS exports_disclosure_stamp_update(); DROP TRIGGER IF EXISTS exports_disclosure_stamp_delete ON exports_disclosure; DROP FUNCTION IF EXISTS exports_disclosure_stamp_delete();""",
)

DROP_SQLITE = (
    """DROP TRIGGER IF EXISTS exports_disclosure_stamp_case_insert""",
    """DROP TRIGGER IF EXISTS exports_disclosure_stamp_case_update""",
    """DROP TRIGGER IF EXISTS exports_disclosure_stamp_case_delete""",
)
CREATE = {"postgresql": CREATE_POSTGRESQL, "sqlite": CREATE_SQLITE}
DROP = {"postgresql": DROP_POSTGRESQL, "sqlite": DROP_SQLITE}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("exports", "0005_disclosures_and_redactions")]

    operations = [migrations.RunPython(_run(CREATE), _run(DROP))]
