"""Each school's retention schedule: its defaults, and the dates it gives."""

import datetime

from policies.models import School
from retention.models import RetentionRule, Series

IRMS = "IRMS Information Management Toolkit for Schools"
CASE_FILE = (
    f"{IRMS}, Management of the School: complaints files (date of resolution of the "
    "complaint + 6 years, then review for further retention in case of contentious disputes)"
)

# series -> (years, trigger, basis). The README's "Data protection" section explains each.
DEFAULTS: dict[str, tuple[int, str, str]] = {
    Series.CLOSED_CASES: (6, "case closed", CASE_FILE),
    Series.DISMISSED_CONCERNS: (
        1,
        "concern dismissed at triage",
        f"No {IRMS} series fits: a concern dismissed at triage never became a complaint the "
        "school acted on. One year lets a repeated concern be linked to it.",
    ),
    Series.EVIDENCE_FILES: (6, "case closed", f"Part of the case file: {CASE_FILE}"),
    Series.LETTERS: (6, "case closed", f"Part of the case file: {CASE_FILE}"),
    Series.ACCESS_AUDIT: (
        7,
        "access recorded",
        f"No {IRMS} series covers system access logs. Kept a year longer than a closed case, "
        "so who looked at a case can be answered for as long as the case exists.",
    ),
    Series.EXPORT_HISTORY: (
        7,
        "export made",
        f"No {IRMS} series covers a record of disclosures. Kept as long as the access audit, "
        "for the same reason.",
    ),
    Series.SUBJECT_ACCESS: (
        1,
        "response sent",
        f"No {IRMS} series covers subject access requests. One year after the response "
        "outlasts the three months the ICO allows for a complaint about it, with time to answer "
        "one; the cases stay under their own rows.",
    ),
}


def schedule_seed(*, school: School, **signal) -> list[RetentionRule]:
    """Create the school's missing schedule rows with the defaults (receives school_created).
    Idempotent; keeps the administrator's edits."""
    existing = set(RetentionRule.objects.filter(school=school).values_list("series", flat=True))
    missing = [
        RetentionRule(school=school, series=series, years=years, trigger=trigger, basis=basis)
        for series, (years, trigger, basis) in DEFAULTS.items()
        if series not in existing
    ]
    return RetentionRule.objects.bulk_create(missing, ignore_conflicts=True)


def schedule_for(*, school: School) -> dict[str, RetentionRule]:
    """The school's schedule by series, every row present."""
    rules = {rule.series: rule for rule in RetentionRule.objects.filter(school=school)}
    if len(rules) < len(DEFAULTS):
        schedule_seed(school=school)
        rules = {rule.series: rule for rule in RetentionRule.objects.filter(school=school)}
    return rules


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
