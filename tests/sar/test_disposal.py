"""A case disposed of under the retention schedule leaves a request's matches; the request and
its history (which name the case by reference only) stay. An answered request goes under its own
row of the schedule, with its history, matches and disclosures."""

import datetime

from django.utils import timezone

from exports.services.disclosures import disclosure_produce, redaction_add, suggestions_confirm
from incidents.models import Case
from retention.models import DisposalRecord, Series
from retention.services.due import due_list_refresh
from sar.models import SarMatch, SubjectAccessRequest
from sar.services import sar_disclosure_prepare
from tests.factories import (
    CaseFactory,
    SarEventFactory,
    SarMatchFactory,
    SubjectAccessRequestFactory,
)
from tests.retention.conftest import years_ago
from tests.retention.scan import files_text, markers_in, tables_text


def test_disposing_of_a_matched_case_removes_the_match_and_keeps_the_request(client, school, head):
    old = CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=years_ago(7))
    match = SarMatchFactory(request__school=school, case=old)
    kept = SarMatchFactory(request=match.request)
    item = next(i for i in due_list_refresh(school=school) if i.case_id == old.pk)
    client.force_login(head)
    ids = {"items": [item.pk]}
    client.post("/staff/retention/dispose/", ids)
    client.post("/staff/retention/dispose/", {**ids, "confirmed": "on"})
    assert not Case.objects.filter(pk=old.pk).exists()
    assert list(SarMatch.objects.filter(request=match.request)) == [kept]
    assert client.get(match.request.get_absolute_url()).status_code == 200


MARKERS = [
    "zqyrequester", "zqyrequestermail", "zqyphone", "zqyidentity", "zqyextension",
    "zqyhistory", "zqynothing", "zqyredactedterm", "zqyredactionwhy",
]  # fmt: skip


def test_an_answered_request_is_disposed_of_a_year_after_its_response_leaving_no_marker(
    client, school, head, slt, django_capture_on_commit_callbacks
):
    answered = SubjectAccessRequestFactory(
        school=school,
        requester_name="Zqyrequester Example",
        requester_email="zqyrequestermail@example.org",
        requester_phone="zqyphone 07700 900123",
        identity_verified="zqyidentity: passport seen",
        extension_reason="zqyextension: many cases",
    )
    SarEventFactory(request=answered, text="zqyhistory")
    match = SarMatchFactory(request=answered, decision=SarMatch.Decision.CONFIRMED)
    SarMatchFactory(
        request=answered, decision=SarMatch.Decision.CONFIRMED, nothing_reason="zqynothing"
    )
    disclosure = sar_disclosure_prepare(match=match, by=slt)
    redaction_add(
        disclosure=disclosure, by=slt, kind="term", text="zqyredactedterm", reason="zqyredactionwhy"
    )
    suggestions_confirm(disclosure=disclosure, by=head)
    with django_capture_on_commit_callbacks(execute=True):
        bundle = disclosure_produce(disclosure=disclosure, by=head)
    SubjectAccessRequest.objects.filter(pk=answered.pk).update(
        state="sent", sent_on=timezone.localdate() - datetime.timedelta(days=400)
    )
    bundle.refresh_from_db()
    recent = SubjectAccessRequestFactory(
        school=school, state="sent", sent_on=timezone.localdate() - datetime.timedelta(days=200)
    )
    open_one = SubjectAccessRequestFactory(school=school, received_on=datetime.date(2024, 1, 5))
    assert set(markers_in(tables_text(), MARKERS)) == set(MARKERS)
    assert any(path.endswith(bundle.pdf.name) for path in files_text())

    item = next(i for i in due_list_refresh(school=school) if i.series == Series.SUBJECT_ACCESS)
    assert item.rows == 1
    client.force_login(head)
    assert "1 answered before" in client.get("/staff/retention/").content.decode()
    client.post("/staff/retention/dispose/", {"items": [item.pk]})
    client.post("/staff/retention/dispose/", {"items": [item.pk], "confirmed": "on"})

    assert markers_in({**tables_text(), **files_text()}, MARKERS) == {}
    assert not any(path.endswith(bundle.pdf.name) for path in files_text())
    assert set(SubjectAccessRequest.objects.all()) == {recent, open_one}
    assert Case.objects.filter(pk=match.case_id).exists()  # the case has its own row
    record = DisposalRecord.objects.get(series=Series.SUBJECT_ACCESS)
    assert dict(record.categories) == {
        "Subject access requests (requester's details, identity check)": 1,
        "Their history entries": 2,
        "Cases matched and staff's decisions": 2,
        "Disclosures with their redactions and log": 1,
        "Disclosure PDFs": 1,
    }
    assert "Subject access requests answered: response sent + 1 years" in record.rule


def test_a_request_answered_within_the_year_or_not_yet_answered_is_not_due(school):
    SubjectAccessRequestFactory(
        school=school, state="sent", sent_on=timezone.localdate() - datetime.timedelta(days=300)
    )
    SubjectAccessRequestFactory(school=school, received_on=datetime.date(2023, 1, 5))
    due = due_list_refresh(school=school)
    assert not [item for item in due if item.series == Series.SUBJECT_ACCESS]
