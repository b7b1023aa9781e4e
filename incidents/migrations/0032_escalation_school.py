import django.db.models.deletion
import django.db.models.functions.datetime
from django.db import migrations, models

# SQLite rebuilds the table to make the column required, which drops its triggers: the case
# stamp's three (as incidents 0010 made them) are made again after it.
STAMP_TRIGGERS_SQLITE = (
    """CREATE TRIGGER IF NOT EXISTS incidents_escalationrequest_stamp_case_insert AFTER INSERT ON incidents_escalationrequest BEGIN INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT NEW.case_id AS id UNION SELECT merged_into_id FROM incidents_case WHERE id IN (SELECT NEW.case_id AS id)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1; END""",
    """CREATE TRIGGER IF NOT EXISTS incidents_escalationrequest_stamp_case_update AFTER UPDATE ON incidents_escalationrequest BEGIN INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT OLD.case_id AS id UNION SELECT NEW.case_id UNION SELECT merged_into_id FROM incidents_case WHERE id IN (SELECT OLD.case_id AS id UNION SELECT NEW.case_id)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1; END""",
    """CREATE TRIGGER IF NOT EXISTS incidents_escalationrequest_stamp_case_delete AFTER DELETE ON incidents_escalationrequest BEGIN INSERT INTO incidents_casestamp (case_id, version) SELECT id, 1 FROM (SELECT OLD.case_id AS id UNION SELECT merged_into_id FROM incidents_case WHERE id IN (SELECT OLD.case_id AS id)) AS touched WHERE id IS NOT NULL ON CONFLICT (case_id) DO UPDATE SET version = incidents_casestamp.version + 1; END""",
)


def _stamp_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in STAMP_TRIGGERS_SQLITE:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    """Each proposal carries its case's school: added empty, filled from the case, then
    required; the queue's index leads with it."""

    dependencies = [
        ("incidents", "0031_escalation_waiting_day"),
        ("policies", "0005_trusts"),
    ]

    operations = [
        migrations.AddField(
            model_name="escalationrequest",
            name="school",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="policies.school",
            ),
        ),
        migrations.RunSQL(
            sql="""
                UPDATE incidents_escalationrequest
                SET school_id = (
                    SELECT school_id FROM incidents_case
                    WHERE incidents_case.id = incidents_escalationrequest.case_id
                )
            """,
            reverse_sql=migrations.RunSQL.noop,
        ),
        migrations.AlterField(
            model_name="escalationrequest",
            name="school",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="policies.school",
            ),
        ),
        migrations.RunPython(_stamp_triggers, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name="escalationrequest",
            name="escalation_waiting_day",
        ),
        migrations.AddIndex(
            model_name="escalationrequest",
            index=models.Index(
                models.F("school"),
                django.db.models.functions.datetime.TruncDate("requested_at"),
                models.F("id"),
                condition=models.Q(("decision", "pending")),
                name="escalation_waiting_day",
            ),
        ),
    ]
