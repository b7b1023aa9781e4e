"""Disclosures: the review screen, the redactions staff mark, the PDF they produce, the log,
and who may do each."""

import hashlib
import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from pypdf import PdfReader

from exports.models import CaseBundle, Disclosure, Redaction, RedactionLogEntry
from exports.redaction import REDACTED
from exports.services.disclosures import disclosure_prepare, redaction_add
from incidents.models import Case, CaseEvent
from letters.models import Kind, Letter
from policies.models import Membership
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EvidenceFactory,
    LetterFactory,
    MeetingFactory,
    MembershipFactory,
    ParentFactory,
    ReportFactory,
)

PHONE_SPELLINGS = ["07700 900123", "07700900123", "+44 7700 900123", "+447700900123"]
PRIVILEGED = "Counsel advises that the ban is proportionate"


def white_png(width=200, height=100) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def case(school):
    """The security probe's case: the reporter Rita, her number written three ways."""
    case = CaseFactory(school=school, status=Case.Status.LEGAL_ADVICE)
    ReportFactory(
        case=case,
        reporter_name="Rita",
        reporter_email="rita@example.org",
        reporter_phone="+44 7700 900123",
        description="Posts about the class teacher. Her son in Year 3 saw them. Ring 07700900123.",
    )
    CaseEventFactory(case=case, text="RITA rang from 07700 900123 and then +447700900123.")
    CaseEventFactory(case=case, kind=CaseEvent.Kind.NOTE, text=PRIVILEGED)
    CaseEventFactory(case=case, kind=CaseEvent.Kind.MEETING_SCHEDULED, text="Meeting booked.")
    MeetingFactory(case=case, attendees="Headteacher\nRita (witness)", outcome="Agreed to stop.")
    LetterFactory(
        case=case,
        kind=Kind.ACKNOWLEDGEMENT,
        parent=None,
        recipient_name="Rita",
        recipient_email="rita@example.org",
        title="Thank you for your report",
        status=Letter.Status.APPROVED,
        html="<p>Dear Rita, thank you. We will ring you on 07700 900123.</p>",
    )
    return case


@pytest.fixture
def evidence(case):
    return EvidenceFactory(
        case=case, file=ContentFile(white_png(), name="shot.png"), width=200, height=100
    )


def pdf_of(disclosure: Disclosure) -> PdfReader:
    with default_storage.open(disclosure.bundle.pdf.name, "rb") as f:
        return PdfReader(io.BytesIO(f.read()))


def pdf_text(disclosure: Disclosure) -> str:
    return " ".join(page.extract_text() for page in pdf_of(disclosure).pages).replace("\n", " ")


def item_key(obj) -> str:
    kind = {"Report": "report", "CaseEvent": "event", "Evidence": "evidence"}
    return f"{kind[type(obj).__name__]}:{obj.pk}"


def test_the_reporters_name_and_number_in_every_spelling_are_gone_from_the_pdf(
    head, case, disclose
):
    response, disclosure = disclose(head, case, purpose="subject_access")
    assert response.status_code == 302
    assert disclosure.bundle.status == CaseBundle.Status.DONE
    text = pdf_text(disclosure)
    assert "Posts about the class teacher" in text
    for leaked in ["Rita", "RITA", "rita@example.org", *PHONE_SPELLINGS, "7700"]:
        assert leaked not in text, leaked
    assert REDACTED in text and "rang from" in text  # the entry stays, the number does not
    assert "thank you" in text.lower()  # the letter's text is in the PDF


def test_a_term_staff_add_is_redacted_in_every_spelling(head, case, disclose):
    case.reports.update(reporter_name="", reporter_email="", reporter_phone="")
    CaseEventFactory(case=case, text="Mr Jones (07700 900 456) and MR JONES again; +447700900456")
    _, disclosure = disclose(
        head,
        case,
        extra=[{"kind": "term", "text": "Mr Jones"}, {"kind": "term", "text": "+44 7700 900456"}],
    )
    text = pdf_text(disclosure)
    assert "Jones" not in text and "JONES" not in text and "900456" not in text
    assert "900 456" not in text and text.count(REDACTED) >= 3


def test_a_redacted_area_is_black_in_the_pdfs_image_and_the_evidence_file_is_unchanged(
    head, case, evidence, disclose
):
    before = hashlib.sha256(default_storage.open(evidence.file.name).read()).hexdigest()
    area = {
        "kind": "area",
        "item": item_key(evidence),
        "left": "0.25",
        "top": "0.2",
        "width": "0.5",
        "height": "0.4",
        "reason": "Another parent's name and photo",
    }
    _, disclosure = disclose(head, case, extra=[area])
    images = [img.image for page in pdf_of(disclosure).pages for img in page.images]
    # WeasyPrint shares one resource dictionary between pages: the screenshot is one image.
    [picture] = {img.convert("RGB").tobytes(): img.convert("RGB") for img in images}.values()
    w, h = picture.size
    assert picture.getpixel((w // 2, h // 2)) == (0, 0, 0)  # inside the box
    assert picture.getpixel((int(w * 0.27), int(h * 0.22))) == (0, 0, 0)
    assert picture.getpixel((int(w * 0.1), int(h * 0.1))) == (255, 255, 255)  # outside it
    assert picture.getpixel((int(w * 0.9), int(h * 0.9))) == (255, 255, 255)
    after = hashlib.sha256(default_storage.open(evidence.file.name).read()).hexdigest()
    assert after == before


def test_an_exempt_item_is_listed_with_its_exemption_and_none_of_its_content(head, case, disclose):
    entry = CaseEvent.objects.get(text=PRIVILEGED)
    withhold = {
        "kind": "withhold",
        "item": item_key(entry),
        "exemption": "legal_privilege",
        "reason": "Advice from the school's solicitor",
    }
    _, disclosure = disclose(head, case, extra=[withhold])
    text = pdf_text(disclosure)
    assert "Counsel advises" not in text and "proportionate" not in text
    assert "Withheld under an exemption" in text
    assert "Legal professional privilege" in text


def test_a_passage_is_redacted_in_its_item_only(head, case, disclose):
    report = case.reports.get()
    CaseEventFactory(case=case, text="Noted: her son in Year 3 is doing fine.")
    passage = {"kind": "passage", "item": item_key(report), "text": "Her son in Year 3 saw them."}
    _, disclosure = disclose(head, case, extra=[passage])
    text = pdf_text(disclosure)
    assert "Her son in Year 3 saw them" not in text
    assert "Posts about the class teacher." in text
    assert "her son in Year 3 is doing fine" in text


def test_suggested_redactions_are_the_reporter_the_staff_and_the_other_parents(
    school, head, slt, case
):
    subject, other = ParentFactory(school=school), ParentFactory(school=school)
    case.parents.add(subject, other)
    MembershipFactory(school=school, role=Membership.Role.BURSAR, user__first_name="Bea")
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access", subject=subject)
    suggested = {r.text: r.source for r in disclosure.redactions.all()}
    assert all(not r.confirmed for r in disclosure.redactions.all())
    assert suggested["Rita"] == suggested["+44 7700 900123"] == Redaction.Source.REPORTER
    assert suggested["rita@example.org"] == Redaction.Source.REPORTER
    assert suggested[head.get_full_name()] == suggested[slt.email] == "staff_member"
    assert suggested[other.full_name] == suggested[other.email] == Redaction.Source.PARENT
    assert subject.full_name not in suggested
    assert disclosure.log.filter(action="suggested").count() == len(suggested)
    assert CaseEvent.objects.filter(case=case, data__disclosure=str(disclosure.public_id))


def test_a_legal_advice_bundle_does_not_pre_mark_the_parents(school, head, case):
    parent = ParentFactory(school=school)
    case.parents.add(parent)
    disclosure = disclosure_prepare(case=case, by=head, purpose="legal_advice")
    assert not disclosure.redactions.filter(text=parent.full_name).exists()
    assert disclosure.redactions.filter(text="Rita").exists()


def test_the_pdf_waits_until_the_suggestions_are_confirmed(client, head, case):
    client.force_login(head)
    client.post(f"/staff/exports/disclosures/new/{case.reference}/", {"purpose": "other"})
    disclosure = Disclosure.objects.get()
    response = client.post(f"/staff/exports/disclosures/{disclosure.public_id}/produce/")
    assert response.status_code == 409 and b"Confirm the suggested" in response.content
    assert not CaseBundle.objects.exists()


def test_only_the_head_takes_the_reporters_identity_off_and_only_with_a_reason(
    client, head, slt, case, django_capture_on_commit_callbacks
):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="legal_advice")
    name = disclosure.redactions.get(text="Rita")
    url = f"/staff/exports/disclosures/{disclosure.public_id}/redactions/{name.pk}/remove/"
    client.force_login(slt)
    assert client.post(url, {"reason": "They asked"}).status_code == 403
    client.force_login(head)
    assert client.post(url, {"reason": ""}).status_code == 409
    assert Redaction.objects.filter(pk=name.pk).exists()
    for redaction in disclosure.redactions.filter(source="reporter"):
        response = client.post(
            f"/staff/exports/disclosures/{disclosure.public_id}/redactions/{redaction.pk}/remove/",
            {"reason": "The solicitor needs the witness's details."},
        )
        assert response.status_code == 302
    removed = disclosure.log.get(action="removed", what__contains="“Rita”")
    assert removed.by == head and removed.why == "The solicitor needs the witness's details."
    client.post(f"/staff/exports/disclosures/{disclosure.public_id}/confirm/")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/exports/disclosures/{disclosure.public_id}/produce/")
    disclosure.refresh_from_db()
    assert disclosure.bundle.include_reporter is True
    assert "Rita" in pdf_text(disclosure) and "+44 7700 900123" in pdf_text(disclosure)


def test_the_log_says_what_why_who_and_when_for_every_step(client, head, slt, case, evidence):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    redaction_add(
        disclosure=disclosure,
        by=slt,
        kind="area",
        item=item_key(evidence),
        box=(0.1, 0.1, 0.2, 0.2),
        reason="A child's face",
    )
    client.force_login(head)
    client.post(f"/staff/exports/disclosures/{disclosure.public_id}/confirm/")
    client.post(f"/staff/exports/disclosures/{disclosure.public_id}/produce/")
    log = list(disclosure.log.all())
    assert [e.action for e in log][:1] == ["prepared"]
    added = next(e for e in log if e.action == "added")
    assert (added.by, added.why) == (slt, "A child's face")
    assert "Area of evidence" in added.what and added.at is not None
    assert [e.action for e in log][-2:] == ["confirmed", "produced"]
    assert log[-1].by == head
    page = client.get(f"/staff/exports/disclosures/{disclosure.public_id}/").content.decode()
    assert "Redaction log" in page and "A child&#x27;s face" in page


def test_the_review_screen_lists_every_item_with_a_bounded_number_of_queries(
    client, slt, case, evidence, django_assert_max_num_queries
):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    client.force_login(slt)
    with django_assert_max_num_queries(40):
        page = client.get(f"/staff/exports/disclosures/{disclosure.public_id}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Posts about the class teacher" in html  # report
    assert "rang from" in html  # chronology
    assert "Rita (witness)" in html and "Agreed to stop." in html  # meeting record
    assert "We will ring you" in html  # letter's text
    assert f"/staff/evidence/{evidence.public_id}/" in html  # the screenshot to draw on
    assert "suggested" in html and "Confirm the suggested redactions" in html
    assert "Produce the redacted PDF" not in html  # SLT prepare; the head produces


def test_a_refused_area_comes_back_with_the_error_and_what_was_typed(client, slt, case, evidence):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    client.force_login(slt)
    response = client.post(
        f"/staff/exports/disclosures/{disclosure.public_id}/",
        {
            "kind": "area",
            "item": item_key(evidence),
            "left": "0.8",
            "top": "0.1",
            "width": "0.5",
            "height": "0.1",
            "reason": "kept",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The area goes beyond the picture." in html and 'value="kept"' in html
    assert not disclosure.redactions.filter(kind="area").exists()


def test_an_item_of_another_case_cannot_be_marked(slt, case, school):
    foreign = EvidenceFactory(case=CaseFactory(school=school))
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    with pytest.raises(ValueError):
        redaction_add(
            disclosure=disclosure, by=slt, kind="area", item=item_key(foreign), box=(0, 0, 1, 1)
        )


def test_a_produced_disclosure_cannot_be_changed(head, case, disclose, client):
    _, disclosure = disclose(head, case)
    count = disclosure.redactions.count()
    response = client.post(
        f"/staff/exports/disclosures/{disclosure.public_id}/", {"kind": "term", "text": "Anyone"}
    )
    assert response.status_code == 409 and disclosure.redactions.count() == count


@pytest.mark.parametrize("role", ["bursar", "anonymous"])
def test_the_bursar_and_strangers_can_neither_prepare_nor_mark(client, request, role, case, slt):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    base = f"/staff/exports/disclosures/{disclosure.public_id}/"
    refused = 403 if role == "bursar" else 302
    new = client.post(f"/staff/exports/disclosures/new/{case.reference}/", {"purpose": "other"})
    assert new.status_code == refused
    assert client.get(base).status_code == refused
    assert client.post(base, {"kind": "term", "text": "Someone"}).status_code == refused
    name = disclosure.redactions.get(text="Rita")
    assert client.post(f"{base}redactions/{name.pk}/remove/").status_code == refused
    assert client.post(f"{base}produce/").status_code == refused
    assert Disclosure.objects.count() == 1 and Redaction.objects.filter(pk=name.pk).exists()
    assert not disclosure.redactions.filter(text="Someone").exists()
    assert not CaseBundle.objects.exists()


@pytest.mark.parametrize("role", ["other_head", "other_slt"])
def test_another_schools_staff_cannot_see_or_change_the_disclosure(
    client, request, role, case, slt
):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    client.force_login(request.getfixturevalue(role))
    base = f"/staff/exports/disclosures/{disclosure.public_id}/"
    name = disclosure.redactions.get(text="Rita")
    assert client.get(base).status_code == 404
    assert client.post(base, {"kind": "term", "text": "Someone"}).status_code == 404
    assert client.post(f"{base}redactions/{name.pk}/remove/", {"reason": "x"}).status_code == 404
    assert client.post(f"{base}confirm/").status_code == 404
    new = client.post(f"/staff/exports/disclosures/new/{case.reference}/", {"purpose": "other"})
    assert new.status_code == 404
    assert Redaction.objects.filter(pk=name.pk, confirmed=False).exists()
    assert not disclosure.redactions.filter(text="Someone").exists()
    assert RedactionLogEntry.objects.filter(disclosure=disclosure).exclude(by=slt).count() == 0


def test_a_redaction_of_one_disclosure_cannot_be_removed_through_another(client, head, slt, case):
    mine = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    theirs = disclosure_prepare(case=case, by=slt, purpose="other")
    name = theirs.redactions.get(text="Rita")
    client.force_login(head)
    url = f"/staff/exports/disclosures/{mine.public_id}/redactions/{name.pk}/remove/"
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert Redaction.objects.filter(pk=name.pk).exists()


def test_the_review_screen_shows_how_each_text_will_read_in_the_pdf(client, slt, case):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    client.force_login(slt)
    html = client.get(f"/staff/exports/disclosures/{disclosure.public_id}/").content.decode()
    assert f"In the PDF: {REDACTED} rang from {REDACTED} and then {REDACTED}." in html


def test_a_site_bans_parent_is_redacted_in_the_summary_too(school, head, case, disclose):
    from tests.factories import SiteBanFactory

    other = ParentFactory(school=school, full_name="Morgan Thirdparent")
    case.parents.add(other)
    SiteBanFactory(case=case, parent=other)
    CaseEventFactory(case=case, kind=CaseEvent.Kind.SITE_BAN, text="Ban intended.")
    _, disclosure = disclose(head, case, purpose="subject_access")
    text = pdf_text(disclosure)
    assert "Site ban" in text and "Morgan" not in text and "Thirdparent" not in text


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "withhold", "exemption": "because"},
        {"kind": "area", "box": (0.5, 0.5, 0.6, 0.1)},
        {"kind": "passage", "text": " "},
        {"kind": "everything"},
    ],
)
def test_the_service_refuses_redactions_that_do_not_make_sense(slt, case, evidence, fields):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    with pytest.raises(ValueError):
        redaction_add(disclosure=disclosure, by=slt, item=item_key(evidence), **fields)
    assert not disclosure.redactions.exclude(kind="term").exists()


def test_the_case_page_lists_disclosures_being_reviewed_until_their_pdf_is_produced(
    client, head, slt, case, disclose
):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    review = f"/staff/exports/disclosures/{disclosure.public_id}/"
    client.force_login(head)
    assert review in client.get(case.get_absolute_url()).content.decode()
    client.post(f"{review}confirm/")
    client.post(f"{review}produce/")
    assert review not in client.get(case.get_absolute_url()).content.decode()


def test_a_passage_without_words_comes_back_with_the_error_beside_its_item(client, slt, case):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    report = case.reports.get()
    client.force_login(slt)
    response = client.post(
        f"/staff/exports/disclosures/{disclosure.public_id}/",
        {"kind": "passage", "item": item_key(report), "text": "", "reason": "a child"},
    )
    html = response.content.decode()
    assert response.status_code == 400 and "There is a problem" in html
    assert f'href="#passage-{item_key(report)}-text"' in html and 'value="a child"' in html
    assert not disclosure.redactions.filter(kind="passage").exists()


def test_a_passage_that_is_not_in_the_item_is_refused_not_silently_ignored(client, slt, case):
    disclosure = disclosure_prepare(case=case, by=slt, purpose="subject_access")
    report = case.reports.get()
    client.force_login(slt)
    response = client.post(
        f"/staff/exports/disclosures/{disclosure.public_id}/",
        {"kind": "passage", "item": item_key(report), "text": "What happened Posts about"},
    )
    assert response.status_code == 400
    assert "That passage is not in this item" in response.content.decode()
    assert not disclosure.redactions.filter(kind="passage").exists()


def test_a_term_is_redacted_from_a_letters_text_whatever_its_html_made_of_it(head, case, disclose):
    LetterFactory(
        case=case,
        status=Letter.Status.APPROVED,
        title="Warning",
        html="<p>Dear Mrs O&#x27;Brien &amp; family, about Mr O&#39;Brien.</p>",
    )
    _, disclosure = disclose(head, case, extra=[{"kind": "term", "text": "O'Brien"}])
    text = pdf_text(disclosure)
    assert "Brien" not in text and "Dear Mrs [redacted] & family" in text


def test_each_item_found_by_its_key_is_the_item_the_review_lists(school, case, evidence):
    from exports.bundle import SECTIONS, case_item, case_items
    from incidents.selectors.case_detail import case_in_full

    merged = CaseFactory(school=school, merged_into=case)
    CaseEventFactory(case=merged, text="From the merged case.")
    items = case_items(*case_in_full(pk=case.pk))
    assert {i.section for i in items} == set(SECTIONS)
    for item in items:
        assert case_item(case, item.key).fields == item.fields, item.key
    elsewhere = CaseEventFactory(case=CaseFactory(school=school))
    for key in [f"event:{elsewhere.pk}", "report:x", "nothing:1", f"evidence:{evidence.pk + 99}"]:
        assert case_item(case, key) is None
