"""The list of requests and the dashboard's list of those due within a week."""

import datetime

from django.utils import timezone

from sar.models import SarMatch, SubjectAccessRequest
from tests.factories import SarMatchFactory, SubjectAccessRequestFactory


def received_for_deadline_in(days: int) -> datetime.date:
    """A receipt date whose one-month deadline is about `days` from today (months vary)."""
    return timezone.localdate() + datetime.timedelta(days=days) - datetime.timedelta(days=30)


def test_the_list_is_empty_with_a_way_to_log_one(client, slt):
    client.force_login(slt)
    page = client.get("/staff/sar/").text
    assert "No subject access requests have been logged" in page and "/staff/sar/new/" in page


def test_the_list_shows_each_request_in_a_fixed_number_of_queries(
    client, head, school, django_assert_max_num_queries
):
    for n in range(12):
        sar = SubjectAccessRequestFactory(school=school, requester_name=f"Requester {n}")
        SarMatchFactory(request=sar)
        SarMatchFactory(request=sar, decision=SarMatch.Decision.CONFIRMED)
    SubjectAccessRequestFactory(requester_name="At another school")
    client.force_login(head)
    # Sign-in and school, the page and its count: no query per request.
    with django_assert_max_num_queries(8):
        page = client.get("/staff/sar/").text
    assert page.count("1 confirmed, <strong>1 to check</strong>") == 12
    assert "Requester 11" in page and "At another school" not in page


def test_an_overdue_request_is_marked_on_the_list(client, slt, school):
    SubjectAccessRequestFactory(school=school, received_on=received_for_deadline_in(-3))
    client.force_login(slt)
    assert "Overdue" in client.get("/staff/sar/").text


def test_the_dashboard_lists_requests_due_within_a_week_and_overdue(client, head, slt, school):
    soon = SubjectAccessRequestFactory(
        school=school, requester_name="Due Soon", received_on=received_for_deadline_in(5)
    )
    SubjectAccessRequestFactory(
        school=school, requester_name="Long Overdue", received_on=received_for_deadline_in(-10)
    )
    SubjectAccessRequestFactory(
        school=school, requester_name="Plenty Of Time", received_on=received_for_deadline_in(20)
    )
    SubjectAccessRequestFactory(
        school=school,
        requester_name="Already Sent",
        received_on=received_for_deadline_in(-2),
        state=SubjectAccessRequest.State.SENT,
    )
    SubjectAccessRequestFactory(
        requester_name="Other School", received_on=received_for_deadline_in(1)
    )
    for user in (head, slt):
        client.force_login(user)
        page = client.get("/staff/").text
        assert "Due Soon" in page and soon.get_absolute_url() in page
        assert "Long Overdue" in page and "Overdue</span> was due" in page
        for absent in ("Plenty Of Time", "Already Sent", "Other School"):
            assert absent not in page


def test_the_dashboard_says_when_nothing_is_due(client, slt):
    client.force_login(slt)
    assert "No subject access request is due within a week" in client.get("/staff/").text


def test_the_bursars_dashboard_has_no_requests(client, bursar, school):
    SubjectAccessRequestFactory(
        school=school, requester_name="Due Soon", received_on=received_for_deadline_in(2)
    )
    client.force_login(bursar)
    page = client.get("/staff/").text
    assert "Due Soon" not in page and "Subject access" not in page


def test_open_requests_come_first_by_deadline_then_those_sent(client, head, school):
    today = timezone.localdate()
    SubjectAccessRequestFactory(
        school=school,
        requester_name="Sent Long Ago",
        state=SubjectAccessRequest.State.SENT,
        sent_on=today - datetime.timedelta(days=90),
        received_on=today - datetime.timedelta(days=100),
    )
    SubjectAccessRequestFactory(
        school=school,
        requester_name="Sent Lately",
        state=SubjectAccessRequest.State.SENT,
        sent_on=today - datetime.timedelta(days=2),
        received_on=today - datetime.timedelta(days=20),
    )
    SubjectAccessRequestFactory(school=school, requester_name="Due Later", received_on=today)
    SubjectAccessRequestFactory(
        school=school, requester_name="Due Sooner", received_on=today - datetime.timedelta(days=9)
    )
    client.force_login(head)
    page = client.get("/staff/sar/").text
    names = ["Due Sooner", "Due Later", "Sent Lately", "Sent Long Ago"]
    assert [page.index(name) for name in names] == sorted(page.index(name) for name in names)


def test_a_request_page_shows_its_matches_in_a_fixed_number_of_queries(
    client, slt, school, django_assert_max_num_queries
):
    sar = SubjectAccessRequestFactory(school=school)
    for _ in range(10):
        SarMatchFactory(request=sar, decision=SarMatch.Decision.CONFIRMED, decided_by=slt)
    client.force_login(slt)
    # Sign-in and school, the request, the audit row, matches, history: none per match.
    with django_assert_max_num_queries(10):
        page = client.get(sar.get_absolute_url()).text
    assert page.count("Confirmed</span>") == 10
