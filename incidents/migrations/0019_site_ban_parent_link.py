"""The parent's private link for representations: its token's hash on the ban, and what the
letters sent through it stated.

The columns are added with our own SQL: Django rebuilds a SQLite table to add a column, which
would drop the table's case-stamp triggers; SQLite adds a nullable or constant-default column in
place.
"""

from django.db import migrations, models


def add_columns(apps, schema_editor):
    json_type = "jsonb" if schema_editor.connection.vendor == "postgresql" else "text"
    schema_editor.execute(
        'ALTER TABLE "incidents_siteban" ADD COLUMN "link_token_hash" varchar(64) NULL'
    )
    schema_editor.execute(
        'CREATE UNIQUE INDEX "incidents_siteban_link_token_hash_uniq" '
        'ON "incidents_siteban" ("link_token_hash")'
    )
    schema_editor.execute(
        f'ALTER TABLE "incidents_siteban" ADD COLUMN "link_letters" {json_type} '
        "NOT NULL DEFAULT '{}'"
    )
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            'ALTER TABLE "incidents_siteban" ALTER COLUMN "link_letters" DROP DEFAULT'
        )


def drop_columns(apps, schema_editor):
    schema_editor.execute('DROP INDEX "incidents_siteban_link_token_hash_uniq"')
    schema_editor.execute('ALTER TABLE "incidents_siteban" DROP COLUMN "link_letters"')
    schema_editor.execute('ALTER TABLE "incidents_siteban" DROP COLUMN "link_token_hash"')


class Migration(migrations.Migration):
    dependencies = [("incidents", "0018_site_ban_decision_reasons")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
            state_operations=[
                migrations.AddField(
                    model_name="siteban",
                    name="link_token_hash",
                    field=models.CharField(blank=True, max_length=64, null=True, unique=True),
                ),
                migrations.AddField(
                    model_name="siteban",
                    name="link_letters",
                    field=models.JSONField(blank=True, default=dict),
                ),
            ],
        ),
        migrations.AlterField(
            model_name="notification",
            name="kind",
            field=models.CharField(
                choices=[
                    ("reporter_ack", "Acknowledgement to the reporter"),
                    ("new_concern", "New concern to SLT"),
                    ("safeguarding", "Urgent safeguarding alert"),
                    ("digest", "Daily digest of untriaged and overdue cases"),
                    ("escalation_waiting", "Escalation waiting for the headteacher"),
                    ("meeting_tomorrow", "Meeting tomorrow"),
                    ("moderation_no_answer", "No answer from the group moderator"),
                    ("representations_due", "Site-ban representation deadline passed"),
                    ("ban_review_due", "Site-ban review due"),
                    ("ban_ended", "Site ban ended"),
                    ("representations_online", "Site-ban representations made online"),
                    ("code_review_due", "Code of conduct review coming up"),
                ],
                max_length=30,
            ),
        ),
    ]
