"""Every school that exists gets the default standard replies to reporters (new schools get
them from the school_created signal). The defaults as they stood when this migration was written:
a migration is history and imports nothing of ours."""

from django.db import migrations

DEFAULT_REPLIES = [
    (
        "Thank you, we are looking into it",
        "Thank you for your message. We are looking into your concern and will write to you "
        "here if we need anything more.",
        "",
    ),
    (
        "We need more information",
        "Thank you for raising this concern. To look into it properly we need more "
        "information. Could you please reply here with what happened, when, and a screenshot "
        "if you have one?",
        "",
    ),
    (
        "We have taken action",
        "Thank you for telling us. We have taken action on your concern. We cannot share "
        "details about another family, but please be assured the school has acted.",
        "",
    ),
    (
        "Closed: resolved",
        "We have finished looking into your concern and have taken action. We cannot share "
        "details about another family. Thank you for telling us.",
        "resolved",
    ),
    (
        "Closed: no further action",
        "We have finished looking into your concern and have decided that no further action "
        "is needed. Thank you for telling us.",
        "no_further_action",
    ),
    (
        "Closed: unfounded",
        "We have looked into your concern carefully and did not find that the code of conduct "
        "was broken. Thank you for telling us.",
        "unfounded",
    ),
    (
        "Closed: withdrawn",
        "As you asked, we have closed your concern. If anything new happens, please raise a "
        "new concern.",
        "withdrawn",
    ),
    (
        "Dismissed",
        "Thank you for telling us. Having read your concern, the school will not be taking it "
        "further under the code of conduct. If anything new happens, please raise a new concern.",
        "dismissed",
    ),
]


def seed(apps, schema_editor):
    School = apps.get_model("policies", "School")
    StandardReply = apps.get_model("incidents", "StandardReply")
    StandardReply.objects.bulk_create(
        StandardReply(school=school, title=title, text=text, outcome=outcome, position=number)
        for school in School.objects.exclude(standard_replies__isnull=False)
        for number, (title, text, outcome) in enumerate(DEFAULT_REPLIES)
    )


class Migration(migrations.Migration):
    dependencies = [("incidents", "0028_standard_replies_and_reporter_messages")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
