"""A confirmed ban is under review from its review date and ends after its end date; SLT
are told when a ban ends. Choices only: no column changes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("incidents", "0016_site_ban_withdrawal_and_conditions"),
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
                    ("code_review_due", "Code of conduct review coming up"),
                ],
                max_length=30,
            ),
        ),
        migrations.AlterField(
            model_name="siteban",
            name="state",
            field=models.CharField(
                choices=[
                    ("intended", "Intended (awaiting representations)"),
                    ("confirmed", "Confirmed"),
                    ("reviewing", "Under review (review date reached)"),
                    ("lifted", "Lifted"),
                    ("ended", "Ended"),
                    ("withdrawn", "Withdrawn before a decision"),
                ],
                default="intended",
                max_length=10,
            ),
        ),
    ]
