"""Helpers for the export tests: cases with every relation an export row counts."""

import csv
import datetime
import io

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from incidents.models import Case, CaseEvent, EscalationRequest, SiteBan
from incidents.services.month_counts import month_counts_recount
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EscalationRequestFactory,
    LetterFactory,
    MessagingGroupFactory,
    ParentFactory,
    ReportFactory,
    SiteBanFactory,
)


def when(day: datetime.date, hour: int = 12) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def reached(case: Case, step: str, day: datetime.date, source: str = "speaking_to_parent"):
    """A transition on the chronology, as the workflow service writes it."""
    return CaseEventFactory(
        case=case,
        kind=CaseEvent.Kind.TRANSITION,
        source=source,
        target=step,
        text="",
        created_at=when(day),
    )


def full_case(school, *, parent_name="Robin Example", reports=2, opened=None, owner=None):
    """A case at a site ban: categories, a parent, reports, a letter, escalation steps, a ban."""
    case = CaseFactory(
        school=school,
        status=Case.Status.SITE_BAN,
        owner=owner,
        opened_at=when(opened or datetime.date(2026, 1, 12)),
    )
    parent = ParentFactory(school=school, full_name=parent_name)
    case.parents.add(parent)
    case.breach_categories.add(*school.codes.get().breach_categories.order_by("position"))
    for _ in range(reports):
        ReportFactory(case=case, reference=f"{case.reference}-{_}")
    LetterFactory(case=case, parent=parent)
    reached(case, Case.Status.WARNING_LETTER, datetime.date(2026, 1, 20))
    reached(case, Case.Status.SITE_BAN, datetime.date(2026, 2, 3), source="warning_letter")
    SiteBanFactory(case=case, parent=parent, state=SiteBan.State.CONFIRMED)
    return case


def plain_cases(school, count: int, **fields) -> list[Case]:
    """Cases with one report, category, parent and transition each: enough for every query."""
    category = school.codes.get().breach_categories.first()
    parent = ParentFactory(school=school)
    cases = []
    for _ in range(count):
        case = CaseFactory(school=school, status=Case.Status.WARNING_LETTER, **fields)
        case.breach_categories.add(category)
        case.parents.add(parent)
        ReportFactory(case=case)
        reached(case, Case.Status.WARNING_LETTER, datetime.date(2026, 3, 2))
        cases.append(case)
    return cases


def csv_rows(response) -> list[dict]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark"
    return list(csv.DictReader(io.StringIO(text[1:])))


def xlsx_rows(data: bytes) -> list[dict]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def xlsx_cells(data: bytes):
    """Every cell of the sheet (not read-only, so each cell's data type can be checked)."""
    sheet = load_workbook(io.BytesIO(data)).active
    return [cell for row in sheet.iter_rows() for cell in row]


@pytest.fixture
def export_csv(client):
    """POST the export form as `user` (signed in once, so repeated calls cost the same)."""
    signed_in = []

    def post(user, **data):
        if signed_in != [user]:
            client.force_login(user)
            signed_in[:] = [user]
        return client.post("/staff/exports/", {"format": "csv", **data})

    return post


def hostile_names() -> list[str]:
    """Names a CSV writer must quote (commas, quotes, line breaks) or neutralise (formula
    prefixes), or keep as they are (accents, spaces)."""
    return [
        'Pat "Pip" O\'Brien, Jr',
        "Line\nbreak",
        "Carriage\rreturn",
        "Zoë Ünal-Şahin",
        '=HYPERLINK("http://example.invalid/")',
        "+44 7700 900123",
        "-minus",
        "@at",
        "\ttab",
        "\rreturn first",
        "  spaced  ",
        "a,b,c",
    ]


@pytest.fixture
def disclose(client, django_capture_on_commit_callbacks):
    """The staff pages' way to a case bundle: prepare a disclosure, optionally take the
    reporter's identity off (the headteacher, with a reason), confirm the suggestions, produce.
    Returns the last response (the produce redirect) and the disclosure."""
    from exports.models import Disclosure, Redaction

    def run(user, case, purpose="legal_advice", include_reporter=False, extra=None):
        client.force_login(user)
        response = client.post(
            f"/staff/exports/disclosures/new/{case.reference}/", {"purpose": purpose}
        )
        if response.status_code != 302:
            return response, None
        disclosure = Disclosure.objects.get(case=case)
        base = f"/staff/exports/disclosures/{disclosure.public_id}/"
        if include_reporter:
            for redaction in disclosure.redactions.filter(source=Redaction.Source.REPORTER):
                client.post(
                    f"{base}redactions/{redaction.pk}/remove/",
                    {"reason": "The solicitor needs to know who reported it."},
                )
        for data in extra or []:
            assert client.post(base, data).status_code == 302, data
        client.post(f"{base}confirm/")
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{base}produce/")
        disclosure.refresh_from_db()
        return response, disclosure

    return run


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def counted(*schools):
    """The factories write rows directly, as the demo seeding does; like it, the tests then
    count the report's counters afresh (the services keep them: tests/exports/
    test_report_counters.py)."""
    for school in schools:
        month_counts_recount(school_id=school.pk)


@pytest.fixture
def autumn(school):
    """Three cases in October (group Y1, abusive, due for triage that day and triaged after 1, 2
    and 16 hours, the last after midnight so late; resolved,
    escalations decided after 1, 2 and 3 days), two in November (group Y2, threatening, one
    untriaged past its due day), one in August that is outside the period, and a site ban."""
    abusive, threatening = school.codes.get().breach_categories.order_by("name")
    y1 = MessagingGroupFactory(school=school, name="Year 1 parents")
    y2 = MessagingGroupFactory(school=school, name="Year 2 parents")
    october = []
    for hours in (1, 2, 16):
        case = CaseFactory(
            school=school,
            status=Case.Status.CLOSED,
            outcome=Case.Outcome.RESOLVED,
            group=y1,
            opened_at=at(datetime.date(2026, 10, 5)),
            triage_due=datetime.date(2026, 10, 5),
        )
        case.breach_categories.add(abusive)
        ReportFactory(case=case, reporter_name="Reporting Parent Alpha")
        CaseEventFactory(
            case=case,
            kind=CaseEvent.Kind.TRANSITION,
            source=Case.Status.REPORTED,
            target=Case.Status.GATHERING_INFORMATION,
            created_at=at(datetime.date(2026, 10, 5)) + datetime.timedelta(hours=hours),
        )
        october.append(case)
    for days, case in zip((1, 2, 3), october, strict=True):
        EscalationRequestFactory(
            case=case,
            decision=EscalationRequest.Decision.APPROVED,
            requested_at=at(datetime.date(2026, 10, 6)),
            decided_at=at(datetime.date(2026, 10, 6)) + datetime.timedelta(days=days),
        )
    CaseEventFactory(
        case=october[0],
        kind=CaseEvent.Kind.TRANSITION,
        source=Case.Status.SPEAKING_TO_PARENT,
        target=Case.Status.WARNING_LETTER,
        created_at=at(datetime.date(2026, 10, 9)),
    )
    for n in range(2):
        case = CaseFactory(
            school=school,
            group=y2,
            opened_at=at(datetime.date(2026, 11, 3)),
            triage_due=datetime.date(2026, 11, 4) if n == 0 else None,
        )
        case.breach_categories.add(threatening)
    CaseFactory(school=school, opened_at=at(datetime.date(2026, 8, 30)))
    banned = ParentFactory(school=school, full_name="Banned Parent Beta")
    SiteBanFactory(
        case=october[0],
        parent=banned,
        state=SiteBan.State.CONFIRMED,
        starts_on=datetime.date(2026, 10, 20),
        ends_on=datetime.date(2027, 3, 1),
        created_at=at(datetime.date(2026, 10, 19)),
    )
    counted(school)
    return school
