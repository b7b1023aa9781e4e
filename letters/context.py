"""The values a letter may use: the only data that reaches a letter template."""

import functools

from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format

from incidents.models import Case, Meeting, Report
from letters.models import Kind, Letter
from policies.models import IN_FORCE_ORDER, CodeOfConduct, MessagingGroup, text_lines


def _date(value) -> str:
    return date_format(value, "j F Y") if value else ""


def _order_sql(alias: str, ordering, *, reverse: bool = False) -> str:
    """A model's ordering (field names, "-" for descending) as SQL for the table `alias`."""
    terms = []
    for name in ordering:
        descending = name.startswith("-") != reverse
        terms.append(f"{alias}.{name.lstrip('-')} {'DESC' if descending else 'ASC'}")
    return ", ".join(terms)


@functools.cache
def _facts_sql() -> tuple[str, list]:
    """One statement for the single values a letter names: the title and guidelines of the
    school's code in force, the first report's date and group, the latest meeting's time and
    place; with the model fields whose database values they are. The orders are the models'
    own (`CodeOfConduct.objects.in_force()`, Report's and Meeting's Meta.ordering)."""
    code, report, meeting, group = (
        model._meta.db_table for model in (CodeOfConduct, Report, Meeting, MessagingGroup)
    )
    in_force = (
        f"FROM {code} c WHERE c.school_id = %s AND c.effective_date <= %s"
        f" ORDER BY {_order_sql('c', IN_FORCE_ORDER)} LIMIT 1"
    )
    first_report = (
        f"FROM {report} r LEFT JOIN {group} g ON g.id = r.group_id WHERE r.case_id = %s"
        f" ORDER BY {_order_sql('r', Report._meta.ordering)} LIMIT 1"
    )
    latest_meeting = (
        f"FROM {meeting} m WHERE m.case_id = %s"
        f" ORDER BY {_order_sql('m', Meeting._meta.ordering, reverse=True)} LIMIT 1"
    )
    columns = [
        (f"SELECT c.title {in_force}", CodeOfConduct, "title"),
        (f"SELECT c.guidelines {in_force}", CodeOfConduct, "guidelines"),
        (f"SELECT r.occurred_on {first_report}", Report, "occurred_on"),
        (f"SELECT COALESCE(g.name, r.other_group_name) {first_report}", Report, "other_group_name"),
        (f"SELECT m.starts_at {latest_meeting}", Meeting, "starts_at"),
        (f"SELECT m.place {latest_meeting}", Meeting, "place"),
    ]
    # Only our own table and column names are pasted in; every value is a parameter.
    sql = "SELECT " + ", ".join(f"({select})" for select, _, _ in columns)
    return sql, [model._meta.get_field(name) for _, model, name in columns]


def _facts(case: Case) -> list:
    """The values of `_facts_sql` for the case, converted as the ORM converts them (SQLite
    returns dates and times as text). Raw SQL: the same six values read with the ORM took four
    queries and three times as long, most of it building the queries."""
    sql, fields = _facts_sql()
    code_params = [case.school_id, connection.ops.adapt_datefield_value(timezone.localdate())]
    with connection.cursor() as cursor:
        cursor.execute(sql, code_params * 2 + [case.pk] * 4)
        row = cursor.fetchone()
    values = []
    for value, field in zip(row, fields, strict=True):
        column = field.get_col(field.model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + column.get_db_converters(
            connection
        ):
            value = convert(value, column, connection)
        values.append(value)
    return values


# A ban without conditions: the parent may not come on site, and the child still gets to school.
NO_CONDITIONS = (
    "None: you may not come onto the school premises at any time. Please contact the school "
    "office to agree how your child will be brought to school and collected."
)


# Who a letter is to, when nobody is named: the greeting of a form letter.
NOBODY_NAMED = "Sir or Madam"
# The signatory of a draft: the headteacher who approves the letter signs it.
SIGNATORY_PENDING = "[the name of the headteacher who approves it]"


def letter_recipient(letter: Letter) -> dict:
    """Who the letter is to and where it goes. A draft to a parent reads the parent's details as
    they are now (corrected on the case, never retyped per letter); approval copies them onto
    the letter, so an approved letter keeps the address it was posted to."""
    parent = letter.parent
    if parent is not None and letter.status == Letter.Status.DRAFT:
        return {
            "addressee": parent.addressee,
            "salutation": parent.salutation,
            "address": parent.postal_address,
            "email": parent.email,
        }
    name = letter.recipient_name
    return {
        "addressee": parent.addressee if parent else name,
        "salutation": (parent.salutation if parent else name) or NOBODY_NAMED,
        "address": letter.recipient_address,
        "email": letter.recipient_email,
    }


def letter_signatory(letter: Letter) -> dict:
    """The name and role under "Yours sincerely": the headteacher who approved the letter."""
    school = letter.case.school
    approver = letter.approved_by
    return {
        "name": (approver.get_full_name() or approver.get_username())
        if approver
        else SIGNATORY_PENDING,
        "role": school.decision_maker_title,
        "school": school.name,
    }


def letter_context(letter: Letter) -> dict:
    case: Case = letter.case
    school = case.school
    # Two queries: the single values, then the names of the rules broken.
    code_title, guidelines, incident_on, report_group, meeting_at, meeting_place = _facts(case)
    ban = letter.site_ban
    rules = (
        (ban.rules_breached if ban else case.breach_categories)
        .order_by("-code__effective_date", "position", "id")  # the newer code's first
        .values_list("name", flat=True)
    )
    meeting_at = timezone.localtime(meeting_at) if meeting_at else None
    response_name = letter.title[:1].lower() + letter.title[1:] if letter.title else ""
    context = {
        "school_name": school.name,
        "school_address": school.address,
        "decision_maker_title": school.decision_maker_title,
        "sign_off": school.letter_sign_off or f"{school.decision_maker_title}, {school.name}",
        "date": _date(letter.letter_date or timezone.localdate()),
        "reference": case.reference,
        "recipient_name": letter.recipient_name,
        "salutation": letter_recipient(letter)["salutation"],
        "parent_name": letter.parent.full_name if letter.parent else letter.recipient_name,
        "group_name": case.group.name if case.group else (report_group or ""),
        "incident_date": _date(incident_on),
        "response_name": response_name if letter.kind == Kind.WARNING else "",
        "code_title": code_title or "code of conduct",
        "breached_rules": list(rules),
        "code_guidelines": text_lines(guidelines or ""),
        "meeting_date": _date(meeting_at),
        "meeting_time": meeting_at.strftime("%H:%M") if meeting_at else "",
        "meeting_place": meeting_place or "",
        "outcome": case.get_outcome_display() if case.outcome else "",
    }
    if ban:
        context.update(
            ban_reasons=ban.reasons,
            ban_start=_date(ban.starts_on),
            ban_end=_date(ban.ends_on),
            ban_conditions=text_lines(ban.conditions) or [NO_CONDITIONS],
            representation_deadline=_date(ban.representation_deadline),
            # the real link is minted when the notice is approved (letters/services/drafting.py)
            representation_url="[the private link is added when the letter is approved]",
            representation_how=f"in writing to the {school.decision_maker_title} at "
            f"{school.concern_email}",
            review_date=_date(ban.review_on),
            ban_decision=_ban_decision(letter, ban),
            # the reasons given to the parent; the internal note is never in a letter
            decision_note=ban.decision_reasons,
            ban_in_force=(
                f"This is a temporary ban: it is in force from {_date(ban.starts_on)}, while "
                "your representations are considered."
                if ban.is_temporary and ban.state == ban.State.INTENDED
                else ""
            ),
        )
    return context


# What each decision letter says was decided, in its own words.
DECIDED = {
    Kind.SITE_BAN_DECISION: "confirmed",
    Kind.SITE_BAN_MODIFIED: "confirmed with these changes",
    Kind.SITE_BAN_LIFTED: "lifted",
    Kind.SITE_BAN_WITHDRAWN: "withdrawn",
}


def _ban_decision(letter: Letter, ban) -> str:
    if letter.kind in DECIDED:
        return DECIDED[letter.kind]
    if letter.kind == Kind.BAN_REVIEW:
        if ban.state == ban.State.LIFTED:
            return "the ban is lifted"
        then = (
            f", and the {letter.case.school.decision_maker_title} will review it again on "
            f"{_date(ban.review_on)}"
            if ban.review_on
            else ""
        )
        return f"the ban continues until {_date(ban.ends_on)}{then}"
    return ""


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
