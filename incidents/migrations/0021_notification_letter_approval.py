"""Letters sent to the headteacher for approval are announced by e-mail."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0020_site_ban_description"),
    ]

    operations = [
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
                    ("letter_approval", "Letter sent to the headteacher for approval"),
                ],
                max_length=30,
            ),
        ),
    ]
