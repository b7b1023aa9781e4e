"""A closed case past its retention date, with a marker string in every free-text and contact
field and in every kind of file the case can have, and a scanner for those markers over every
table of the database and every file under MEDIA_ROOT."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from exports.selectors import ExportFilters
from exports.services.bundles import bundle_request
from exports.services.exports import export_request
from incidents.models import Case, SafeguardingAlert
from letters.models import Letter, LetterRender
from letters.pdf import html_to_pdf
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EscalationRequestFactory,
    EvidenceFactory,
    LetterEmailFactory,
    LetterFactory,
    LetterRenderFactory,
    MeetingFactory,
    ModerationRequestFactory,
    NotificationFactory,
    ParentFactory,
    RedactionFactory,
    ReportFactory,
    SafeguardingAlertFactory,
    SiteBanFactory,
)

# One marker per field or file; none occurs anywhere else.
MARKERS = [
    "zqxparentname", "zqxparentmail", "zqxparentaddress", "zqxyeargroup",
    "zqxreportername", "zqxreportermail", "zqxreporterphone", "zqxdescription", "zqxperson",
    "zqxothergroup", "zqxevidencefile", "zqxthumbnail", "zqxoriginalname", "zqxnote",
    "zqxeventdata", "zqxescalation", "zqxescalationnote", "zqxplace", "zqxattendees",
    "zqxmeetingoutcome", "zqxmoderator", "zqxanswer", "zqxbanreasons", "zqxconditions",
    "zqxgatedescription", "zqxrepresentations", "zqxdecisionreasons", "zqxbannote",
    "zqxlinkletters", "zqxrecipientaddress", "zqxlettertitle", "zqxletterbody",
    "zqxletterhtml", "zqxletterpdf", "zqxsubject", "zqxmailbody", "zqxredactedterm",
    "zqxsafeguardingreason", "zqxsafeguardingref", "zqxsafeguardingnote",
]  # fmt: skip


def years_ago(years: int, days: int = 2) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=365 * years + days)


@pytest.fixture
def marked_case(school, head, django_capture_on_commit_callbacks):
    """A case closed seven years ago (the default schedule keeps closed cases six)."""
    case = CaseFactory(
        school=school,
        status=Case.Status.CLOSED,
        outcome=Case.Outcome.RESOLVED,
        opened_at=years_ago(7, 60),
        closed_at=years_ago(7),
    )
    parent = ParentFactory(
        school=school,
        full_name="Zqxparentname Smith",
        email="zqxparentmail@example.org",
        postal_address="1 Zqxparentaddress Road",
        year_groups="zqxyeargroup",
    )
    case.parents.add(parent)
    report = ReportFactory(
        case=case,
        reporter_name="Zqxreportername Jones",
        reporter_email="zqxreportermail@example.org",
        reporter_phone="zqxreporterphone 07700 900123",
        description="zqxdescription: rude posts in the class group.",
        person_concerned="zqxperson",
        other_group_name="zqxothergroup",
    )
    EvidenceFactory(
        case=case,
        report=report,
        file=ContentFile(b"PNG zqxevidencefile", name="e.png"),
        thumbnail=ContentFile(b"JPG zqxthumbnail", name="t.jpg"),
        original_name="zqxoriginalname.png",
    )
    CaseEventFactory(case=case, text="zqxnote", data={"said": "zqxeventdata"})
    EscalationRequestFactory(
        case=case, reason="zqxescalation", decision_note="zqxescalationnote", requested_by=head
    )
    MeetingFactory(
        case=case,
        place="zqxplace",
        attendees="zqxattendees",
        outcome="zqxmeetingoutcome",
        created_by=head,
    )
    ModerationRequestFactory(
        case=case, moderator="zqxmoderator", answer_note="zqxanswer", created_by=head
    )
    SiteBanFactory(
        case=case,
        parent=parent,
        reasons="zqxbanreasons",
        conditions="zqxconditions",
        description="zqxgatedescription",
        representations="zqxrepresentations",
        decision_reasons="zqxdecisionreasons",
        decision_note="zqxbannote",
        link_letters={"notice": "zqxlinkletters"},
        created_by=head,
    )
    letter = LetterFactory(
        case=case,
        parent=parent,
        recipient_address="zqxrecipientaddress",
        title="zqxlettertitle",
        body="zqxletterbody",
        html="<p>zqxletterhtml</p>",
        status=Letter.Status.SENT,
    )
    pdf, _ = html_to_pdf("<html><body><p>Dear Zqxparentname zqxletterpdf</p></body></html>")
    LetterRenderFactory(
        letter=letter, status=LetterRender.Status.DONE, pdf=ContentFile(pdf, name="l.pdf")
    )
    LetterEmailFactory(letter=letter)
    SafeguardingAlertFactory(
        case=case,
        reason="zqxsafeguardingreason",
        decision=SafeguardingAlert.Decision.LOGGED,
        system_reference="zqxsafeguardingref",
        decision_note="zqxsafeguardingnote",
        decided_by=head,
        decided_at=years_ago(7, 50),
    )
    NotificationFactory(
        case=case,
        school=school,
        recipient="zqxreportermail@example.org",
        subject="zqxsubject",
        body="zqxmailbody",
    )
    RedactionFactory(disclosure__case=case, disclosure__prepared_by=head, text="zqxredactedterm")
    with django_capture_on_commit_callbacks(execute=True):
        bundle_request(case=case, by=head, purpose="legal_advice", include_reporter=True)
        export_request(school=school, by=head, filters=ExportFilters(), format="xlsx")
    return Case.objects.get(pk=case.pk)
