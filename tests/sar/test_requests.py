"""Logging a request, confirming its matches, extending it and the state machine: who may do
each, what a refusal leaves unchanged, and the history and access audit each step writes."""

import datetime

import pytest
from django.utils import timezone

from audit.models import AccessEvent
from sar.models import SarEvent, SarMatch, SubjectAccessRequest
from tests.factories import ReportFactory, SarMatchFactory, SubjectAccessRequestFactory

State = SubjectAccessRequest.State


def log_data(**changes):
    return {
        "requester_name": "Rita Example",
        "requester_email": "Rita@Example.org",
        "requester_phone": "+44 7700 900123",
        "received_on": "2026-10-31",
        "channel": "email",
        "identity_verified": "Known to the office; replied from the address on our records.",
        **changes,
    }


def test_slt_logs_a_request_with_its_deadline_and_the_cases_found(client, slt, school):
    by_phone = ReportFactory(case__school=school, reporter_name="", reporter_phone="07700900123")
    by_email = ReportFactory(
        case__school=school, reporter_name="", reporter_email="rita@example.org"
    )
    ReportFactory(case__school=school, reporter_name="Someone Else")
    client.force_login(slt)
    response = client.post("/staff/sar/new/", log_data())
    sar = SubjectAccessRequest.objects.get(school=school)
    assert response.status_code == 302 and response.url == f"/staff/sar/{sar.pk}/"
    assert sar.deadline == datetime.date(2026, 11, 30) and sar.state == State.PREPARING
    matches = {m.case_id: m for m in sar.matches.all()}
    assert set(matches) == {by_phone.case_id, by_email.case_id}
    assert matches[by_phone.case_id].reasons == ["reporter: phone"]
    assert all(m.decision == SarMatch.Decision.TO_CHECK for m in matches.values())
    assert [e.text for e in sar.events.all()] == [
        "Logged; due 30 November 2026",
        "Searched the cases: 2 found, 2 new",
    ]
    assert (
        AccessEvent.objects.filter(
            action=AccessEvent.Action.SAR_STEP,
            object_id=str(sar.pk),
            actor=slt,
            school_id=school.pk,
        ).count()
        == 2
    )
    page = client.get(response.url).text
    assert "reporter: phone" in page and by_phone.case.reference in page


def test_a_request_without_identity_verification_is_refused_and_the_form_kept(client, slt, school):
    client.force_login(slt)
    response = client.post("/staff/sar/new/", log_data(identity_verified=" "))
    assert response.status_code == 200
    assert "This field is required" in response.text and 'value="Rita Example"' in response.text
    assert not SubjectAccessRequest.objects.exists()


def test_a_request_received_in_the_future_is_refused(client, slt):
    client.force_login(slt)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post("/staff/sar/new/", log_data(received_on=tomorrow.isoformat()))
    assert "after today" in response.text and not SubjectAccessRequest.objects.exists()


@pytest.fixture
def sar(school):
    return SubjectAccessRequestFactory(school=school, received_on=datetime.date(2026, 11, 20))


def post_step(client, sar, name, **data):
    return client.post(f"/staff/sar/{sar.pk}/do/{name}/", data)


def test_staff_confirm_and_reject_matches_each_logged(client, slt, sar):
    mine, not_mine = SarMatchFactory(request=sar), SarMatchFactory(request=sar)
    client.force_login(slt)
    client.post(f"/staff/sar/{sar.pk}/matches/{mine.pk}/", {"decision": "confirmed"})
    client.post(f"/staff/sar/{sar.pk}/matches/{not_mine.pk}/", {"decision": "rejected"})
    mine.refresh_from_db(), not_mine.refresh_from_db()
    assert mine.decision == "confirmed" and mine.decided_by == slt
    assert not_mine.decision == "rejected"
    texts = list(sar.events.values_list("text", flat=True))
    assert texts == [
        f"{mine.case.reference} confirmed",
        f"{not_mine.case.reference} rejected (not them)",
    ]


def test_a_match_of_another_request_cannot_be_decided_through_this_one(client, slt, school, sar):
    elsewhere = SarMatchFactory(request__school=school)
    client.force_login(slt)
    response = client.post(
        f"/staff/sar/{sar.pk}/matches/{elsewhere.pk}/", {"decision": "confirmed"}
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.decision == SarMatch.Decision.TO_CHECK


def test_not_ready_while_a_match_is_unchecked(client, slt, sar):
    match = SarMatchFactory(request=sar)
    client.force_login(slt)
    post_step(client, sar, "mark_ready")
    sar.refresh_from_db()
    assert sar.state == State.PREPARING and not sar.events.exists()
    SarMatch.objects.filter(pk=match.pk).update(decision=SarMatch.Decision.REJECTED)
    post_step(client, sar, "mark_ready")
    sar.refresh_from_db()
    assert sar.state == State.READY
    assert sar.events.get().text == "Marked ready for review"


def test_slt_cannot_mark_a_request_sent(client, slt, sar):
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(state=State.READY)
    client.force_login(slt)
    assert client.get(f"/staff/sar/{sar.pk}/do/mark_sent/").status_code == 403
    assert post_step(client, sar, "mark_sent", confirmed="on").status_code == 403
    sar.refresh_from_db()
    assert sar.state == State.READY and sar.sent_on is None and not sar.events.exists()
    assert "/do/mark_sent/" not in client.get(f"/staff/sar/{sar.pk}/").text


def test_the_head_confirms_before_marking_sent(client, head, sar):
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(state=State.READY)
    client.force_login(head)
    asked = client.get(f"/staff/sar/{sar.pk}/do/mark_sent/")
    assert asked.status_code == 200 and "Yes, it has been sent" in asked.text
    unconfirmed = post_step(client, sar, "mark_sent")
    assert unconfirmed.status_code == 200 and "Yes, it has been sent" in unconfirmed.text
    sar.refresh_from_db()
    assert sar.state == State.READY
    post_step(client, sar, "mark_sent", confirmed="on")
    sar.refresh_from_db()
    assert sar.state == State.SENT and sar.sent_on == timezone.localdate()
    assert sar.events.get().text == "Marked sent to the requester"
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.SAR_STEP, object_id=str(sar.pk), role="headteacher"
    ).exists()


def test_a_request_cannot_be_sent_before_it_is_ready(client, head, sar):
    client.force_login(head)
    response = post_step(client, sar, "mark_sent", confirmed="on")
    assert response.status_code == 302
    sar.refresh_from_db()
    assert sar.state == State.PREPARING and not sar.events.exists()


def test_a_sent_request_is_not_reopened_nor_its_matches_changed(client, head, sar):
    match = SarMatchFactory(request=sar, decision=SarMatch.Decision.CONFIRMED)
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(state=State.SENT)
    client.force_login(head)
    post_step(client, sar, "reopen")
    client.post(f"/staff/sar/{sar.pk}/matches/{match.pk}/", {"decision": "rejected"})
    sar.refresh_from_db(), match.refresh_from_db()
    assert sar.state == State.SENT and match.decision == SarMatch.Decision.CONFIRMED
    assert not sar.events.exists()


@pytest.mark.parametrize(
    ("who", "status"), [("bursar", 403), ("other_head", 404), ("other_slt", 404)]
)
def test_nobody_else_opens_or_changes_a_request(client, request, sar, who, status):
    match = SarMatchFactory(request=sar)
    client.force_login(request.getfixturevalue(who))
    base = f"/staff/sar/{sar.pk}"
    assert client.get(f"{base}/").status_code == status
    assert (
        client.post(f"{base}/matches/{match.pk}/", {"decision": "confirmed"}).status_code == status
    )
    assert client.post(f"{base}/do/mark_ready/").status_code == status
    # SLT never extend, at any school: refused before the request is looked up.
    extend_status = 403 if who == "other_slt" else status
    extend = client.post(f"{base}/extend/", {"months": 1, "reason": "Many cases"})
    assert extend.status_code == extend_status
    assert client.post(f"{base}/search/").status_code == status
    sar.refresh_from_db(), match.refresh_from_db()
    assert sar.state == State.PREPARING and sar.extension_months == 0
    assert match.decision == SarMatch.Decision.TO_CHECK
    assert not SarEvent.objects.exists()
    assert not AccessEvent.objects.filter(object_type="sar").exists()


def test_the_bursar_cannot_log_a_request(client, bursar):
    client.force_login(bursar)
    assert client.get("/staff/sar/").status_code == 403
    assert client.post("/staff/sar/new/", log_data()).status_code == 403
    assert not SubjectAccessRequest.objects.exists()


def today_is(monkeypatch, day: datetime.date) -> None:
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def test_the_head_extends_with_a_reason_and_the_deadline_follows(client, head, school, monkeypatch):
    today_is(monkeypatch, datetime.date(2026, 11, 20))
    sar = SubjectAccessRequestFactory(school=school, received_on=datetime.date(2026, 10, 31))
    assert sar.deadline == datetime.date(2026, 11, 30)
    client.force_login(head)
    url = f"/staff/sar/{sar.pk}/extend/"
    refused = client.post(url, {"months": 1, "reason": ""})
    assert refused.status_code == 200 and "This field is required" in refused.text
    client.post(url, {"months": 1, "reason": "Eleven cases over four years."})
    sar.refresh_from_db()
    assert sar.deadline == datetime.date(2026, 12, 31) and sar.extension_months == 1
    too_far = client.post(url, {"months": 2, "reason": "Still more."})
    assert "up to two further months in all (1 left)" in too_far.text
    sar.refresh_from_db()
    assert sar.deadline == datetime.date(2026, 12, 31)
    client.post(url, {"months": 1, "reason": "The requester added a second request."})
    sar.refresh_from_db()
    assert sar.deadline == datetime.date(2027, 1, 31) and sar.extension_months == 2
    assert list(sar.events.values_list("text", flat=True)) == [
        "Extended by 1 month to 31 December 2026",
        "Extended by 1 month to 31 January 2027",
    ]
    assert "Extend the deadline" not in client.get(f"/staff/sar/{sar.pk}/").text


def test_slt_cannot_extend(client, slt, sar):
    client.force_login(slt)
    response = client.post(f"/staff/sar/{sar.pk}/extend/", {"months": 1, "reason": "Complex"})
    assert response.status_code == 403
    sar.refresh_from_db()
    assert sar.extension_months == 0 and not sar.events.exists()


def test_searching_again_adds_new_cases_and_keeps_decisions(client, slt, school, sar):
    kept = SarMatchFactory(request=sar, decision=SarMatch.Decision.REJECTED)
    ReportFactory(case=kept.case, reporter_name=sar.requester_name)
    later = ReportFactory(case__school=school, reporter_email=sar.requester_email.upper())
    client.force_login(slt)
    client.post(f"/staff/sar/{sar.pk}/search/")
    matches = {m.case_id: m for m in sar.matches.all()}
    assert matches[kept.case_id].decision == SarMatch.Decision.REJECTED
    assert matches[kept.case_id].reasons == ["reporter: name"]
    assert matches[later.case_id].reasons == ["reporter: e-mail"]
    assert sar.events.get().text == "Searched the cases: 2 found, 1 new"


def test_opening_a_request_is_in_the_access_audit(client, head, sar):
    client.force_login(head)
    client.get(f"/staff/sar/{sar.pk}/")
    assert AccessEvent.objects.filter(
        action=AccessEvent.Action.VIEW_SAR, object_id=str(sar.pk), actor=head
    ).exists()


def test_a_ready_request_goes_back_to_preparing(client, slt, sar):
    SubjectAccessRequest.objects.filter(pk=sar.pk).update(state=State.READY)
    client.force_login(slt)
    post_step(client, sar, "reopen")
    sar.refresh_from_db()
    assert sar.state == State.PREPARING and sar.events.get().text == "Back to preparing"


def test_an_unknown_step_changes_nothing(client, head, sar):
    client.force_login(head)
    response = post_step(client, sar, "delete")
    assert response.status_code == 302
    sar.refresh_from_db()
    assert sar.state == State.PREPARING and not sar.events.exists()


def test_no_extension_after_the_first_month(client, head, school, monkeypatch):
    sar = SubjectAccessRequestFactory(school=school, received_on=datetime.date(2026, 10, 31))
    today_is(monkeypatch, datetime.date(2026, 12, 1))
    client.force_login(head)
    response = client.post(f"/staff/sar/{sar.pk}/extend/", {"months": 1, "reason": "Complex"})
    assert "within the first month (by 30 November 2026)" in response.text
    sar.refresh_from_db()
    assert sar.deadline == datetime.date(2026, 11, 30) and sar.extension_months == 0
    assert not sar.events.exists()
    assert "Extend the deadline" not in client.get(f"/staff/sar/{sar.pk}/").text
