"""Each site-ban decision has its own letter in its own words: confirmed, confirmed with
changes, lifted. Every school gets the two new templates; a school's "confirmed" template
still in the old shared wording ("has decided: {{ ban_decision }}") gets the new wording, an
edited one is kept."""

from django.db import migrations, models

KINDS = [
    ("acknowledgement", "Acknowledgement to the reporter"),
    ("moderator_request", "Request to a group moderator to remove a post"),
    ("warning", "Warning letter"),
    ("meeting_invitation", "Meeting invitation"),
    ("site_ban_intended", "Intended or temporary site ban"),
    ("site_ban_decision", "Site ban confirmed after representations"),
    ("site_ban_modified", "Site ban confirmed with changes"),
    ("site_ban_lifted", "Site ban lifted after representations"),
    ("site_ban_withdrawn", "Intended site ban withdrawn"),
    ("ban_review", "Ban review outcome"),
    ("case_outcome", "Case outcome"),
]
OPENING = (
    "Dear {{ parent_name }}\n\n"
    "Having considered the matter, and any representations you made, the "
    "{{ decision_maker_title }} has decided"
)
OLD_CONFIRMED = (
    OPENING + ": {{ ban_decision }}.\n\n"
    "{{ decision_note }}\n\n"
    "The ban runs until {{ ban_end }} and will be reviewed on {{ review_date }}."
)
CONFIRMED = (
    OPENING + " to confirm the ban from the school site.\n\n"
    "{{ decision_note }}\n\n"
    "The ban runs from {{ ban_start }} until {{ ban_end }} and will be reviewed on "
    "{{ review_date }}."
)
NEW = {
    "site_ban_modified": (
        "Decision on the ban from the school site",
        OPENING + " to confirm the ban from the school site with these changes: it runs from "
        "{{ ban_start }} until {{ ban_end }}, and will be reviewed on {{ review_date }}.\n\n"
        "{{ decision_note }}",
    ),
    "site_ban_lifted": (
        "Decision on the intended ban from the school site",
        OPENING + " to lift the ban from the school site: you are not banned from the school "
        "site.\n\n{{ decision_note }}",
    ),
}


def add_templates(apps, schema_editor):
    School = apps.get_model("policies", "School")
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    LetterTemplate.objects.filter(kind="site_ban_decision", body=OLD_CONFIRMED).update(
        body=CONFIRMED
    )
    schools = list(School.objects.values_list("pk", flat=True))
    for kind, (title, body) in NEW.items():
        have = set(LetterTemplate.objects.filter(kind=kind).values_list("school_id", flat=True))
        LetterTemplate.objects.bulk_create(
            LetterTemplate(school_id=pk, kind=kind, title=title, body=body)
            for pk in schools
            if pk not in have
        )


class Migration(migrations.Migration):
    dependencies = [("letters", "0005_site_ban_withdrawal_letter")]

    operations = [
        migrations.AlterField(
            model_name="letter", name="kind", field=models.CharField(choices=KINDS, max_length=30)
        ),
        migrations.AlterField(
            model_name="lettertemplate",
            name="kind",
            field=models.CharField(choices=KINDS, max_length=30),
        ),
        migrations.RunPython(add_templates, migrations.RunPython.noop),
    ]
