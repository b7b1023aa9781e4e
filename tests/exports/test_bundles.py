import io

import pytest
from django.core.files.storage import default_storage
from pypdf import PdfReader

from exports.models import CaseBundle, ExportRecord
from exports.redaction import REDACTED
from exports.services.bundles import bundle_run
from incidents.models import Case, CaseEvent
from incidents.services.reporter_messages import reporter_message_send
from incidents.services.reports import report_add_information
from letters.models import Kind
from tests.factories import (
    CaseBundleFactory,
    CaseEventFactory,
    CaseFactory,
    EvidenceFactory,
    LetterFactory,
    ReportFactory,
)

REPORTER = "Jane Reporter"
EMAIL = "jane.reporter@example.org"
PHONE = "07700 900123"


@pytest.fixture
def case(school):
    case = CaseFactory(school=school, status=Case.Status.LEGAL_ADVICE)
    ReportFactory(
        case=case,
        reporter_name=REPORTER,
        reporter_email=EMAIL,
        reporter_phone=PHONE,
        description="Rude comments about Mr Smith were posted in the Year 3 group.",
    )
    EvidenceFactory(case=case)
    CaseEventFactory(case=case, text="Spoke to the parent on the phone about the posts.")
    CaseEventFactory(case=case, text=f"{REPORTER} rang again to ask for news.")
    LetterFactory(
        case=case,
        kind=Kind.ACKNOWLEDGEMENT,
        parent=None,
        recipient_name=REPORTER,
        recipient_email=EMAIL,
        title="Thanks",
    )
    return case


def pdf_text(bundle: CaseBundle) -> str:
    with default_storage.open(bundle.pdf.name, "rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    return " ".join(page.extract_text() for page in reader.pages).replace("\n", " ")


def request_bundle(disclose, user, case, include_reporter=False):
    return disclose(user, case, include_reporter=include_reporter)[0]


def test_bundle_pdf_has_the_case_and_withholds_the_reporter(client, head, case, disclose):
    response = request_bundle(disclose, head, case)
    bundle = CaseBundle.objects.get()
    assert response.status_code == 302
    assert response.url == f"/staff/exports/bundles/{bundle.public_id}/"
    assert bundle.status == CaseBundle.Status.DONE and bundle.pages >= 1
    text = pdf_text(bundle)
    assert case.reference in text
    assert "Spoke to the parent on the phone about the posts." in text
    assert "Rude comments about Mr Smith" in text
    assert "Thanks" in text  # the list of letters
    assert REPORTER not in text and EMAIL not in text and PHONE not in text
    assert "rang again" in text and REDACTED in text
    with default_storage.open(bundle.pdf.name, "rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    assert sum(len(page.images) for page in reader.pages) >= 1  # the evidence image
    download = client.get(f"/staff/exports/bundles/{bundle.public_id}/download/")
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_bundle_includes_the_reporter_only_when_ticked(client, head, case, disclose):
    request_bundle(disclose, head, case, include_reporter=True)
    text = pdf_text(CaseBundle.objects.get())
    assert REPORTER in text and EMAIL in text and PHONE in text


def test_bundle_request_is_audited_and_on_the_chronology(client, head, case, disclose):
    request_bundle(disclose, head, case)
    bundle = CaseBundle.objects.get()
    record = ExportRecord.objects.get()
    assert (record.user, record.role, record.kind, record.format) == (
        head,
        "headteacher",
        "bundle",
        "pdf",
    )
    assert record.filters == {
        "case": case.reference,
        "purpose": "legal_advice",
        "include_reporter": False,
    }
    assert (record.row_count, record.bundle) == (1, bundle)
    event = CaseEvent.objects.get(case=case, data__export="bundle")
    assert event.kind == CaseEvent.Kind.NOTE and event.actor == head
    assert event.data["bundle"] == str(bundle.public_id)
    assert "identity is withheld" in event.text


@pytest.mark.parametrize("role", ["slt", "bursar"])
def test_only_the_headteacher_can_produce_a_bundle(client, request, case, role, disclose):
    response = request_bundle(disclose, request.getfixturevalue(role), case)
    assert response.status_code == 403
    assert not CaseBundle.objects.exists() and not ExportRecord.objects.exists()
    assert not CaseEvent.objects.filter(data__export="bundle").exists()


def test_another_schools_headteacher_cannot_bundle_the_case(client, other_head, case, disclose):
    response = request_bundle(disclose, other_head, case)
    assert response.status_code == 404
    assert not CaseBundle.objects.exists() and not ExportRecord.objects.exists()


def test_a_bundle_is_rendered_once_however_often_it_is_queued(school, case, head):
    bundle = CaseBundleFactory(case=case, requested_by=head)
    assert bundle_run(bundle_id=bundle.pk) is True
    assert bundle_run(bundle_id=bundle.pk) is False
    bundle.refresh_from_db()
    assert bundle.attempts == 1 and bundle.status == "done"
    assert len(default_storage.listdir(f"exports/{school.pk}")[1]) == 1


def test_case_page_offers_disclosures_to_slt_and_the_head_and_bundles_to_the_head(
    client, case, head, slt, bursar, disclose
):
    disclose(head, case)
    for user, offered, listed in [(head, True, True), (slt, True, False), (bursar, False, False)]:
        client.force_login(user)
        page = client.get(case.get_absolute_url()).content.decode()
        assert ("Prepare a disclosure" in page) is offered
        assert ("/staff/exports/bundles/" in page) is listed


def test_bundle_says_when_a_picture_was_scaled_down_and_from_what_size(
    client, head, case, disclose
):
    EvidenceFactory(case=case, width=40, height=30, original_width=4000, original_height=3000)
    request_bundle(disclose, head, case)
    text = pdf_text(CaseBundle.objects.get())
    assert text.count("scaled down from") == 1
    assert "40\u00d730 (scaled down from 4000\u00d73000)" in text


def test_bundle_has_the_text_of_each_letter_as_sent_and_marks_drafts(head, case, disclose):
    sent_html = (
        "<html><head><title>x</title><style>p { margin: 0 }</style></head><body>"
        "<div>Mr Daniel Price</div><div>4 Elm Road<br>Ashcombe</div><main><p>Dear Mr Price</p>"
        f"<p>We ask you to follow the code. {REPORTER} told us.</p></main></body></html>"
    )
    LetterFactory(
        case=case, status="sent", html=sent_html, title="Cautionary notice", sent_at=case.opened_at
    )
    LetterFactory(case=case, status="draft", title="Unsent wording", body="Draft words")
    request_bundle(disclose, head, case)
    text = pdf_text(CaseBundle.objects.get())
    assert "Cautionary notice (" in text and "Sent)" in text
    assert "Dear Mr Price" in text and "4 Elm Road" in text and "follow the code" in text
    assert "margin" not in text  # the letter's text, not its stylesheet
    assert "Unsent wording (" in text and "Draft)" in text
    # the reporter's name is redacted inside a letter's text too
    assert REPORTER not in text


def test_bundle_has_the_messages_with_the_reporter_marked_which_way(head, case, disclose):
    report = case.reports.get()
    reporter_message_send(report=report, text="Which day did it happen?", by=head)
    report_add_information(report=report, text="It was on Tuesday.", images=[])
    request_bundle(disclose, head, case)
    text = pdf_text(CaseBundle.objects.get())
    assert "Message sent to the reporter" in text and "Which day did it happen?" in text
    assert "Message from the reporter" in text and "It was on Tuesday." in text
