"""A request's disclosures: prepared from its page for each confirmed case (about the requester
as the linked parent, or with their own report's identity left theirs), produced by the head,
shown with their redaction log on the request's page, and needed before the request is ready."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from audit.models import AccessEvent
from exports.models import Disclosure, Redaction
from exports.services.disclosures import suggested_terms
from incidents.services.errors import NotPermitted
from sar.models import SarEvent, SarMatch, SubjectAccessRequest
from sar.services import SarRefused, sar_disclosure_prepare, sar_nothing_to_disclose
from tests.factories import (
    CaseFactory,
    ParentFactory,
    ReportFactory,
    SarMatchFactory,
    SubjectAccessRequestFactory,
)

State = SubjectAccessRequest.State
CONFIRMED = SarMatch.Decision.CONFIRMED


@pytest.fixture
def sar(school):
    return SubjectAccessRequestFactory(
        school=school,
        requester_name="Rita Example",
        requester_email="rita@example.org",
        requester_phone="07700 900123",
    )


def parent_case(school, sar):
    """A case where the requester is a linked parent, another parent is linked, and someone
    else reported it."""
    case = CaseFactory(school=school)
    rita = ParentFactory(school=school, full_name="Rita Example", email="RITA@example.org")
    case.parents.add(rita, ParentFactory(school=school, full_name="Sam Other"))
    ReportFactory(case=case, reporter_name="Jo Witness", reporter_email="jo@example.org")
    return SarMatchFactory(request=sar, case=case, decision=CONFIRMED), rita


def reporter_case(school, sar):
    """A case the requester reported (her number spelt another way), with a second reporter."""
    case = CaseFactory(school=school)
    case.parents.add(ParentFactory(school=school, full_name="Sam Other"))
    ReportFactory(
        case=case,
        reporter_name="R. Example",
        reporter_email="",
        reporter_phone="+44 7700 900123",
    )
    ReportFactory(case=case, reporter_name="Anon Second", reporter_email="anon@example.org")
    return SarMatchFactory(request=sar, case=case, decision=CONFIRMED)


def prepare_url(match):
    return f"/staff/sar/{match.request_id}/matches/{match.pk}/disclosure/"


def produce(client, head, disclosure, capture):
    client.force_login(head)
    client.post(f"/staff/exports/disclosures/{disclosure.public_id}/confirm/")
    with capture(execute=True):
        client.post(f"/staff/exports/disclosures/{disclosure.public_id}/produce/")
    disclosure.refresh_from_db()


def suggested(disclosure) -> set[str]:
    return set(disclosure.redactions.values_list("text", flat=True))


def test_as_the_linked_parent_the_disclosure_is_about_her_and_others_are_redacted(
    client, slt, school, sar
):
    match, rita = parent_case(school, sar)
    client.force_login(slt)
    response = client.post(prepare_url(match))
    disclosure = Disclosure.objects.get()
    assert response.url == f"/staff/exports/disclosures/{disclosure.public_id}/"
    assert disclosure.purpose == Disclosure.Purpose.SUBJECT_ACCESS
    assert disclosure.subject == rita and disclosure.case == match.case
    match.refresh_from_db()
    assert match.disclosure == disclosure
    assert {"Sam Other", "Jo Witness", "jo@example.org"} <= suggested(disclosure)
    assert "Rita Example" not in suggested(disclosure)
    assert sar.events.get().text == f"Disclosure of {match.case.reference} prepared"


def test_as_the_reporter_her_own_identity_is_not_suggested_but_the_other_reporters_is(
    client, slt, school, sar
):
    match = reporter_case(school, sar)
    client.force_login(slt)
    client.post(prepare_url(match))
    disclosure = Disclosure.objects.get()
    assert disclosure.subject is None
    terms = suggested(disclosure)
    assert "R. Example" not in terms and "+44 7700 900123" not in terms
    assert {"Anon Second", "anon@example.org", "Sam Other"} <= terms
    reporter_terms = disclosure.redactions.filter(source=Redaction.Source.REPORTER)
    assert set(reporter_terms.values_list("text", flat=True)) == {"Anon Second", "anon@example.org"}


def test_the_rule_for_suggestions_leaves_only_the_named_reports_unmarked(school):
    case = CaseFactory(school=school)
    mine = ReportFactory(case=case, reporter_name="Rita Example", reporter_email="")
    ReportFactory(case=case, reporter_name="Anon Second", reporter_email="")
    purpose = Disclosure.Purpose.SUBJECT_ACCESS
    everyone = {term for term, _ in suggested_terms(case, purpose, None)}
    assert {"Rita Example", "Anon Second"} <= everyone
    hers = {term for term, _ in suggested_terms(case, purpose, None, [mine.pk])}
    assert "Rita Example" not in hers and "Anon Second" in hers


def test_the_request_is_not_ready_until_each_confirmed_case_is_produced_or_has_nothing(
    client, head, slt, school, sar, django_capture_on_commit_callbacks
):
    first, _ = parent_case(school, sar)
    second = reporter_case(school, sar)
    SarMatchFactory(request=sar, decision=SarMatch.Decision.REJECTED)
    client.force_login(slt)
    client.post(prepare_url(first))
    client.post(f"/staff/sar/{sar.pk}/do/mark_ready/")
    sar.refresh_from_db()
    assert sar.state == State.PREPARING
    page = client.get(sar.get_absolute_url()).content.decode()
    assert "Being reviewed" in page and first.case.reference in page
    nothing = f"/staff/sar/{sar.pk}/matches/{second.pk}/nothing/"
    response = client.post(nothing, {"reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()
    client.post(nothing, {"reason": "Every item is legal advice, withheld as privileged."})
    client.post(f"/staff/sar/{sar.pk}/do/mark_ready/")
    sar.refresh_from_db()
    assert sar.state == State.PREPARING  # the first disclosure is still being reviewed
    first.refresh_from_db()
    produce(client, head, first.disclosure, django_capture_on_commit_callbacks)
    assert first.disclosure.status == Disclosure.Status.PRODUCED
    client.force_login(slt)
    client.post(f"/staff/sar/{sar.pk}/do/mark_ready/")
    sar.refresh_from_db()
    assert sar.state == State.READY
    client.force_login(head)
    confirm = client.get(f"/staff/sar/{sar.pk}/do/mark_sent/").content.decode()
    download = f"/staff/exports/bundles/{first.disclosure.bundle.public_id}/download/"
    assert download in confirm
    assert "nothing disclosed (Every item is legal advice, withheld as privileged.)" in confirm
    assert client.get(download).status_code == 200
    texts = list(sar.events.values_list("text", flat=True))
    assert f"Nothing of {second.case.reference} to disclose" in texts


def test_the_page_shows_each_disclosure_its_pdf_and_its_redaction_log(
    client, head, slt, school, sar, django_capture_on_commit_callbacks
):
    match, _ = parent_case(school, sar)
    client.force_login(slt)
    client.post(prepare_url(match))
    match.refresh_from_db()
    produce(client, head, match.disclosure, django_capture_on_commit_callbacks)
    page = client.get(sar.get_absolute_url()).content.decode()
    disclosure = match.disclosure
    assert "PDF produced" in page
    assert f"/staff/exports/disclosures/{disclosure.public_id}/" in page
    assert f"/staff/exports/bundles/{disclosure.bundle.public_id}/download/" in page
    assert "Redaction log" in page and "Redaction suggested" in page
    assert "“Sam Other”" in page and "PDF produced: Case bundle" in page
    assert "Prepare the disclosure" not in page


def test_the_page_takes_the_same_queries_however_many_disclosures(client, slt, school, sar):
    def prepared(n):
        for _ in range(n):
            match, _ = parent_case(school, sar)
            sar_disclosure_prepare(match=match, by=slt)
        SarMatchFactory(request=sar, decision=CONFIRMED)  # one with no disclosure yet

    def count():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(sar.get_absolute_url()).content.decode()
        return len(queries), page

    client.force_login(slt)
    prepared(1)
    count()  # the first page of a session saves it; the second is the one compared
    one, _ = count()
    prepared(4)
    five, page = count()
    assert one == five
    assert page.count("Being reviewed") == 5 and page.count(">Prepare the disclosure<") == 2


def test_nothing_is_prepared_for_a_case_not_confirmed_twice_or_once_sent(slt, school, sar):
    unchecked = SarMatchFactory(request=sar)
    with pytest.raises(SarRefused, match="Confirm the case"):
        sar_disclosure_prepare(match=unchecked, by=slt)
    match, _ = parent_case(school, sar)
    sar_disclosure_prepare(match=match, by=slt)
    with pytest.raises(SarRefused, match="already prepared"):
        sar_disclosure_prepare(match=match, by=slt)
    other, _ = parent_case(school, sar)
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(state=State.SENT)
    with pytest.raises(SarRefused):
        sar_disclosure_prepare(match=other, by=slt)
    assert Disclosure.objects.count() == 1


@pytest.mark.parametrize("who", ["bursar", "other_head", "other_slt"])
def test_the_service_refuses_the_bursar_and_other_schools(request, school, sar, who):
    match, _ = parent_case(school, sar)
    user = request.getfixturevalue(who)
    with pytest.raises(NotPermitted):
        sar_disclosure_prepare(match=match, by=user)
    with pytest.raises(NotPermitted):
        sar_nothing_to_disclose(match=match, reason="Exempt", by=user)
    match.refresh_from_db()
    assert match.nothing_reason == "" and match.disclosure is None
    assert not Disclosure.objects.exists() and not SarEvent.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("bursar", 403), ("other_head", 404), ("other_slt", 404)]
)
def test_nobody_else_prepares_a_disclosure_or_says_nothing(
    client, request, school, sar, who, status
):
    match, _ = parent_case(school, sar)
    client.force_login(request.getfixturevalue(who))
    assert client.post(prepare_url(match)).status_code == status
    nothing = f"/staff/sar/{sar.pk}/matches/{match.pk}/nothing/"
    assert client.post(nothing, {"reason": "Exempt"}).status_code == status
    match.refresh_from_db()
    assert match.disclosure is None and match.nothing_reason == ""
    assert not Disclosure.objects.exists() and not SarEvent.objects.exists()
    assert not AccessEvent.objects.filter(object_type="sar").exists()


def test_a_match_of_another_request_is_not_prepared_through_this_one(client, slt, school, sar):
    elsewhere, _ = parent_case(school, SubjectAccessRequestFactory(school=school))
    client.force_login(slt)
    url = f"/staff/sar/{sar.pk}/matches/{elsewhere.pk}/disclosure/"
    assert client.post(url).status_code == 404
    assert not Disclosure.objects.exists()


def test_a_case_whose_disclosure_is_prepared_stays_confirmed(client, slt, school, sar):
    match, _ = parent_case(school, sar)
    sar_disclosure_prepare(match=match, by=slt)
    client.force_login(slt)
    assert "Not them" not in client.get(sar.get_absolute_url()).content.decode()
    response = client.post(
        f"/staff/sar/{sar.pk}/matches/{match.pk}/", {"decision": "rejected"}, follow=True
    )
    assert "it stays confirmed" in response.content.decode()
    match.refresh_from_db()
    assert match.decision == CONFIRMED and match.disclosure is not None


def test_the_reporters_pdf_shows_her_own_report_and_redacts_the_other_reporter(
    client, head, school, sar, django_capture_on_commit_callbacks
):
    match = reporter_case(school, sar)
    disclosure = sar_disclosure_prepare(match=match, by=head)
    produce(client, head, disclosure, django_capture_on_commit_callbacks)
    with disclosure.bundle.pdf.open("rb") as pdf:
        text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "R. Example" in text and "+44 7700 900123" in text
    assert "Anon Second" not in text and "anon@example.org" not in text
    assert "[redacted]" in text
