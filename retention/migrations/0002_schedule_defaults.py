"""Every school that exists gets the default retention schedule (new schools get it from the
school_created signal). The defaults as they stood when this migration was written: a migration
is history and imports nothing of ours."""

from django.db import migrations

IRMS = "IRMS Information Management Toolkit for Schools"
CASE_FILE = (
    f"{IRMS}, Management of the School: complaints files (date of resolution of the "
    "complaint + 6 years, then review for further retention in case of contentious disputes)"
)
DEFAULTS = {
    "closed_cases": (6, "case closed", CASE_FILE),
    "dismissed_concerns": (
        1,
        "concern dismissed at triage",
        f"No {IRMS} series fits: a concern dismissed at triage never became a complaint the "
        "school acted on. One year lets a repeated concern be linked to it.",
    ),
    "evidence_files": (6, "case closed", f"Part of the case file: {CASE_FILE}"),
    "letters": (6, "case closed", f"Part of the case file: {CASE_FILE}"),
    "access_audit": (
        7,
        "access recorded",
        f"No {IRMS} series covers system access logs. Kept a year longer than a closed case, "
        "so who looked at a case can be answered for as long as the case exists.",
    ),
    "export_history": (
        7,
        "export made",
        f"No {IRMS} series covers a record of disclosures. Kept as long as the access audit, "
        "for the same reason.",
    ),
}


def seed(apps, schema_editor):
    School = apps.get_model("policies", "School")
    RetentionRule = apps.get_model("retention", "RetentionRule")
    RetentionRule.objects.bulk_create(
        [
            RetentionRule(school=school, series=series, years=years, trigger=trigger, basis=basis)
            for school in School.objects.all()
            for series, (years, trigger, basis) in DEFAULTS.items()
        ],
        ignore_conflicts=True,
    )


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_retention_schedule")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
