"""A letter telling the parent that an intended site ban is withdrawn; every school gets the
starting wording (administrators edit it in the admin)."""

from django.db import migrations, models

KINDS = [
    ("acknowledgement", "Acknowledgement to the reporter"),
    ("moderator_request", "Request to a group moderator to remove a post"),
    ("warning", "Warning letter"),
    ("meeting_invitation", "Meeting invitation"),
    ("site_ban_intended", "Intended or temporary site ban"),
    ("site_ban_decision", "Site-ban decision after representations"),
    ("site_ban_withdrawn", "Intended site ban withdrawn"),
    ("ban_review", "Ban review outcome"),
    ("case_outcome", "Case outcome"),
]
TITLE = "The intended ban from the school site is withdrawn"
BODY = (
    "Dear {{ parent_name }}\n\n"
    "We wrote to you about an intended ban from the school site. The "
    "{{ decision_maker_title }} has withdrawn it: you are not banned from the school site, "
    "and you do not need to make representations about it.\n\n{{ decision_note }}"
)


def add_templates(apps, schema_editor):
    School = apps.get_model("policies", "School")
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    have = set(
        LetterTemplate.objects.filter(kind="site_ban_withdrawn").values_list("school_id", flat=True)
    )
    LetterTemplate.objects.bulk_create(
        LetterTemplate(school_id=pk, kind="site_ban_withdrawn", title=TITLE, body=BODY)
        for pk in School.objects.values_list("pk", flat=True)
        if pk not in have
    )


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0004_letter_jobs_lifecycle_letter_email"),
        ("policies", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="letter",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=30),
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=30),
        ),
        migrations.RunPython(add_templates, migrations.RunPython.noop),
    ]
