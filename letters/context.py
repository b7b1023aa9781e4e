"""The values a letter may use: the only data that reaches a letter template."""

from django.utils import timezone
from django.utils.formats import date_format

from incidents.models import Case
from letters.models import Kind, Letter
from policies.selectors import code_in_force


def _date(value) -> str:
    return date_format(value, "j F Y") if value else ""


def letter_context(letter: Letter) -> dict:
    case: Case = letter.case
    school = case.school
    code = code_in_force(school=school, with_responses=False)
    reports = list(case.reports.all())
    meeting = next((m for m in reversed(list(case.meetings.all()))), None)
    ban = letter.site_ban
    rules = list(ban.rules_breached.all()) if ban else list(case.breach_categories.all())
    response_name = letter.title[:1].lower() + letter.title[1:] if letter.title else ""
    context = {
        "school_name": school.name,
        "school_address": school.address,
        "decision_maker_title": school.decision_maker_title,
        "sign_off": school.letter_sign_off or f"{school.decision_maker_title}, {school.name}",
        "date": _date(letter.letter_date or timezone.localdate()),
        "reference": case.reference,
        "recipient_name": letter.recipient_name,
        "parent_name": letter.parent.full_name if letter.parent else letter.recipient_name,
        "group_name": case.group.name if case.group else (reports[0].group_name if reports else ""),
        "incident_date": _date(reports[0].occurred_on) if reports else "",
        "response_name": response_name if letter.kind == Kind.WARNING else "",
        "code_title": code.title if code else "code of conduct",
        "breached_rules": [rule.name for rule in rules],
        "code_guidelines": code.guideline_list if code else [],
        "meeting_date": _date(timezone.localtime(meeting.starts_at)) if meeting else "",
        "meeting_time": timezone.localtime(meeting.starts_at).strftime("%H:%M") if meeting else "",
        "meeting_place": meeting.place if meeting else "",
        "outcome": case.get_outcome_display() if case.outcome else "",
    }
    if ban:
        context.update(
            ban_reasons=ban.reasons,
            ban_start=_date(ban.starts_on),
            ban_end=_date(ban.ends_on),
            representation_deadline=_date(ban.representation_deadline),
            representation_how=f"in writing to the {school.decision_maker_title} at "
            f"{school.concern_email}",
            review_date=_date(ban.review_on),
            ban_decision=ban.get_state_display().lower() if ban.decided_at else "",
            decision_note=ban.decision_note,
        )
    return context


def missing_statements(letter: Letter, context: dict) -> list[str]:
    """What a letter of this kind must state but does not (empty or removed from the wording)."""
    from letters.defaults import REQUIRED
    from letters.templating import VARIABLES, placeholders

    used = placeholders(letter.body)
    missing = []
    for name in sorted(REQUIRED.get(letter.kind, set())):
        value = context.get(name)
        if name not in used or not value:
            missing.append(VARIABLES[name])
    return missing
