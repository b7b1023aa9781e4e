"""The case stamp trigger functions rewritten so each changed row's case is found by its primary
key rather than by scanning every case (see incidents.casestamp)."""

from django.db import migrations

# The trigger SQL as it was when this migration was written, so replaying it runs the SQL of
# its day. Only our own table and column names are in it, never input.
REPLACE_POSTGRESQL = (
    """CREATE OR REPLACE FUNCTION incidents_case_parents_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_case_parents_stamp_insert ON incidents_case_parents;
CREATE TRIGGER incidents_case_parents_stamp_insert AFTER INSERT ON incidents_case_parents REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_case_parents_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_case_parents_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_case_parents_stamp_update ON incidents_case_parents;
CREATE TRIGGER incidents_case_parents_stamp_update AFTER UPDATE ON incidents_case_parents REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_case_parents_stamp_update();

CREATE OR REPLACE FUNCTION incidents_case_parents_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_case_parents_stamp_delete ON incidents_case_parents;
CREATE TRIGGER incidents_case_parents_stamp_delete AFTER DELETE ON incidents_case_parents REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_case_parents_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_case_breach_categories_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_case_breach_categories_stamp_insert ON incidents_case_breach_categories;
CREATE TRIGGER incidents_case_breach_categories_stamp_insert AFTER INSERT ON incidents_case_breach_categories REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_case_breach_categories_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_case_breach_categories_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_case_breach_categories_stamp_update ON incidents_case_breach_categories;
CREATE TRIGGER incidents_case_breach_categories_stamp_update AFTER UPDATE ON incidents_case_breach_categories REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_case_breach_categories_stamp_update();

CREATE OR REPLACE FUNCTION incidents_case_breach_categories_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_case_breach_categories_stamp_delete ON incidents_case_breach_categories;
CREATE TRIGGER incidents_case_breach_categories_stamp_delete AFTER DELETE ON incidents_case_breach_categories REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_case_breach_categories_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_report_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_report_stamp_insert ON incidents_report;
CREATE TRIGGER incidents_report_stamp_insert AFTER INSERT ON incidents_report REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_report_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_report_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_report_stamp_update ON incidents_report;
CREATE TRIGGER incidents_report_stamp_update AFTER UPDATE ON incidents_report REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_report_stamp_update();

CREATE OR REPLACE FUNCTION incidents_report_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_report_stamp_delete ON incidents_report;
CREATE TRIGGER incidents_report_stamp_delete AFTER DELETE ON incidents_report REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_report_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_report_categories_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_report WHERE id = r.report_id) FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_report WHERE id = r.report_id) FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_report_categories_stamp_insert ON incidents_report_categories;
CREATE TRIGGER incidents_report_categories_stamp_insert AFTER INSERT ON incidents_report_categories REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_report_categories_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_report_categories_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_report WHERE id = r.report_id) FROM old_rows r UNION SELECT (SELECT case_id FROM incidents_report WHERE id = r.report_id) FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_report WHERE id = r.report_id) FROM old_rows r UNION SELECT (SELECT case_id FROM incidents_report WHERE id = r.report_id) FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_report_categories_stamp_update ON incidents_report_categories;
CREATE TRIGGER incidents_report_categories_stamp_update AFTER UPDATE ON incidents_report_categories REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_report_categories_stamp_update();

CREATE OR REPLACE FUNCTION incidents_report_categories_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_report WHERE id = r.report_id) FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_report WHERE id = r.report_id) FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_report_categories_stamp_delete ON incidents_report_categories;
CREATE TRIGGER incidents_report_categories_stamp_delete AFTER DELETE ON incidents_report_categories REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_report_categories_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_evidence_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_evidence_stamp_insert ON incidents_evidence;
CREATE TRIGGER incidents_evidence_stamp_insert AFTER INSERT ON incidents_evidence REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_evidence_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_evidence_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_evidence_stamp_update ON incidents_evidence;
CREATE TRIGGER incidents_evidence_stamp_update AFTER UPDATE ON incidents_evidence REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_evidence_stamp_update();

CREATE OR REPLACE FUNCTION incidents_evidence_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_evidence_stamp_delete ON incidents_evidence;
CREATE TRIGGER incidents_evidence_stamp_delete AFTER DELETE ON incidents_evidence REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_evidence_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_caseevent_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_caseevent_stamp_insert ON incidents_caseevent;
CREATE TRIGGER incidents_caseevent_stamp_insert AFTER INSERT ON incidents_caseevent REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_caseevent_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_caseevent_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_caseevent_stamp_update ON incidents_caseevent;
CREATE TRIGGER incidents_caseevent_stamp_update AFTER UPDATE ON incidents_caseevent REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_caseevent_stamp_update();

CREATE OR REPLACE FUNCTION incidents_caseevent_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_caseevent_stamp_delete ON incidents_caseevent;
CREATE TRIGGER incidents_caseevent_stamp_delete AFTER DELETE ON incidents_caseevent REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_caseevent_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_escalationrequest_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_escalationrequest_stamp_insert ON incidents_escalationrequest;
CREATE TRIGGER incidents_escalationrequest_stamp_insert AFTER INSERT ON incidents_escalationrequest REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_escalationrequest_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_escalationrequest_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_escalationrequest_stamp_update ON incidents_escalationrequest;
CREATE TRIGGER incidents_escalationrequest_stamp_update AFTER UPDATE ON incidents_escalationrequest REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_escalationrequest_stamp_update();

CREATE OR REPLACE FUNCTION incidents_escalationrequest_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_escalationrequest_stamp_delete ON incidents_escalationrequest;
CREATE TRIGGER incidents_escalationrequest_stamp_delete AFTER DELETE ON incidents_escalationrequest REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_escalationrequest_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_meeting_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_meeting_stamp_insert ON incidents_meeting;
CREATE TRIGGER incidents_meeting_stamp_insert AFTER INSERT ON incidents_meeting REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_meeting_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_meeting_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_meeting_stamp_update ON incidents_meeting;
CREATE TRIGGER incidents_meeting_stamp_update AFTER UPDATE ON incidents_meeting REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_meeting_stamp_update();

CREATE OR REPLACE FUNCTION incidents_meeting_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_meeting_stamp_delete ON incidents_meeting;
CREATE TRIGGER incidents_meeting_stamp_delete AFTER DELETE ON incidents_meeting REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_meeting_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_moderationrequest_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_moderationrequest_stamp_insert ON incidents_moderationrequest;
CREATE TRIGGER incidents_moderationrequest_stamp_insert AFTER INSERT ON incidents_moderationrequest REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_moderationrequest_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_moderationrequest_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_moderationrequest_stamp_update ON incidents_moderationrequest;
CREATE TRIGGER incidents_moderationrequest_stamp_update AFTER UPDATE ON incidents_moderationrequest REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_moderationrequest_stamp_update();

CREATE OR REPLACE FUNCTION incidents_moderationrequest_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_moderationrequest_stamp_delete ON incidents_moderationrequest;
CREATE TRIGGER incidents_moderationrequest_stamp_delete AFTER DELETE ON incidents_moderationrequest REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_moderationrequest_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_siteban_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_siteban_stamp_insert ON incidents_siteban;
CREATE TRIGGER incidents_siteban_stamp_insert AFTER INSERT ON incidents_siteban REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_siteban_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_siteban_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r UNION SELECT r.case_id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_siteban_stamp_update ON incidents_siteban;
CREATE TRIGGER incidents_siteban_stamp_update AFTER UPDATE ON incidents_siteban REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_siteban_stamp_update();

CREATE OR REPLACE FUNCTION incidents_siteban_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.case_id FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_siteban_stamp_delete ON incidents_siteban;
CREATE TRIGGER incidents_siteban_stamp_delete AFTER DELETE ON incidents_siteban REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_siteban_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_siteban_rules_breached_stamp_insert() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_siteban WHERE id = r.siteban_id) FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_siteban WHERE id = r.siteban_id) FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_siteban_rules_breached_stamp_insert ON incidents_siteban_rules_breached;
CREATE TRIGGER incidents_siteban_rules_breached_stamp_insert AFTER INSERT ON incidents_siteban_rules_breached REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_siteban_rules_breached_stamp_insert();

CREATE OR REPLACE FUNCTION incidents_siteban_rules_breached_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_siteban WHERE id = r.siteban_id) FROM old_rows r UNION SELECT (SELECT case_id FROM incidents_siteban WHERE id = r.siteban_id) FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_siteban WHERE id = r.siteban_id) FROM old_rows r UNION SELECT (SELECT case_id FROM incidents_siteban WHERE id = r.siteban_id) FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_siteban_rules_breached_stamp_update ON incidents_siteban_rules_breached;
CREATE TRIGGER incidents_siteban_rules_breached_stamp_update AFTER UPDATE ON incidents_siteban_rules_breached REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_siteban_rules_breached_stamp_update();

CREATE OR REPLACE FUNCTION incidents_siteban_rules_breached_stamp_delete() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_siteban WHERE id = r.siteban_id) FROM old_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT (SELECT case_id FROM incidents_siteban WHERE id = r.siteban_id) FROM old_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_siteban_rules_breached_stamp_delete ON incidents_siteban_rules_breached;
CREATE TRIGGER incidents_siteban_rules_breached_stamp_delete AFTER DELETE ON incidents_siteban_rules_breached REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_siteban_rules_breached_stamp_delete();""",
    """CREATE OR REPLACE FUNCTION incidents_case_stamp_update() RETURNS trigger AS $$
BEGIN
    INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT c.id FROM incidents_case c WHERE c.id IN (SELECT r.id FROM old_rows r UNION SELECT r.id FROM new_rows r) UNION SELECT c.merged_into_id FROM incidents_case c WHERE c.id IN (SELECT r.id FROM old_rows r UNION SELECT r.id FROM new_rows r)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS incidents_case_stamp_update ON incidents_case;
CREATE TRIGGER incidents_case_stamp_update AFTER UPDATE ON incidents_case REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION incidents_case_stamp_update();""",
)
REPLACE = {"postgresql": REPLACE_POSTGRESQL}


def _run(statements):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, ()):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("incidents", "0011_caseevent_transitions_index")]

    operations = [migrations.RunPython(_run(REPLACE), migrations.RunPython.noop)]
