"""Letters greet the parent by title and surname ("Dear Mr Price"): the greeting that opens a
template or a draft letter, "Dear {{ parent_name }}" or "Dear {{ recipient_name }}", becomes
"Dear {{ salutation }}". The rest of the wording, edited or not, is kept; approved and sent
letters are fixed and untouched."""

from django.db import migrations

BEFORE = ("Dear {{ parent_name }}", "Dear {{ recipient_name }}")
AFTER = "Dear {{ salutation }}"


def _greet(model, rows, before_all, after):
    for row in rows:
        for before in before_all:
            if row.body.startswith(before + "\n"):
                model.objects.filter(pk=row.pk).update(body=after + row.body[len(before) :])
                break


def forwards(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    Letter = apps.get_model("letters", "Letter")
    _greet(
        LetterTemplate, LetterTemplate.objects.filter(body__startswith="Dear {{ "), BEFORE, AFTER
    )
    drafts = Letter.objects.filter(status="draft", body__startswith="Dear {{ ")
    _greet(Letter, drafts, BEFORE, AFTER)


def backwards(apps, schema_editor):
    LetterTemplate = apps.get_model("letters", "LetterTemplate")
    Letter = apps.get_model("letters", "Letter")
    for model, rows in (
        (LetterTemplate, LetterTemplate.objects.all()),
        (Letter, Letter.objects.filter(status="draft")),
    ):
        for row in rows.filter(body__startswith=AFTER):
            before = (
                BEFORE[1] if row.kind in ("acknowledgement", "moderator_request") else BEFORE[0]
            )
            model.objects.filter(pk=row.pk).update(body=before + row.body[len(AFTER) :])


class Migration(migrations.Migration):
    dependencies = [("letters", "0007_site_ban_letters_follow_guidance")]

    operations = [migrations.RunPython(forwards, backwards)]
