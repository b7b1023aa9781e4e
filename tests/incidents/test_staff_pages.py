import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import Case
from tests.factories import (
    CaseFactory,
    EscalationRequestFactory,
    MessagingGroupFactory,
    ParentFactory,
    ReportFactory,
)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/staff/", "/staff/cases/", "/staff/cases/?status=reported&q=x"])
def test_page_costs_the_same_queries_with_5_and_200_cases(client, school, head, slt, url):
    def add(n):
        for i in range(n):
            case = CaseFactory(school=school, owner=head, status=list(Case.Status)[i % 8])
            if i % 7 == 0:
                EscalationRequestFactory(case=case, requested_by=slt)

    add(5)
    client.force_login(head)
    client.get(url)  # the first request after signing in also records the session's start
    few = queries_for(client, url)
    add(195)
    many = queries_for(client, url)
    assert few == many <= 16  # the dashboard: its lists and one query per panel


def test_dashboard_shows_counts_and_lists(client, school, head, slt):
    CaseFactory(school=school, status=Case.Status.REPORTED, reference="OF-2026-0900")
    overdue = CaseFactory(
        school=school,
        status=Case.Status.REPORTED,
        triage_due=timezone.localdate() - datetime.timedelta(days=3),
    )
    mine = CaseFactory(school=school, status=Case.Status.MEETING, owner=head)
    proposal = EscalationRequestFactory(case__school=school, requested_by=slt)
    client.force_login(head)
    page = client.get("/staff/").content.decode()
    assert 'data-state="reported">2<' in page
    for reference in ("OF-2026-0900", overdue.reference, mine.reference, proposal.case.reference):
        assert reference in page


def test_slt_dashboard_has_no_approvals_section(client, school, slt):
    client.force_login(slt)
    assert "Awaiting your approval" not in client.get("/staff/").content.decode()


def test_case_list_filters_and_search(client, school, slt, head):
    group = MessagingGroupFactory(school=school)
    category = school.codes.get().breach_categories.first()
    a = ReportFactory(case__school=school, description="Rude about the PE teacher").case
    b = CaseFactory(school=school, status=Case.Status.MEETING, owner=head, group=group)
    b.breach_categories.add(category)
    b.parents.add(ParentFactory(school=school, full_name="Alexandra Smythe"))
    CaseFactory(school=school, opened_at=timezone.now() - datetime.timedelta(days=400))
    client.force_login(slt)

    def listed(query):
        page = client.get(f"/staff/cases/?{query}").content.decode()
        return {c.reference for c in Case.objects.all() if f">{c.reference}<" in page}

    assert listed("status=meeting") == {b.reference}
    assert listed(f"owner={head.pk}") == {b.reference}
    assert listed(f"group={group.pk}") == {b.reference}
    assert listed(f"category={category.pk}") == {b.reference}
    assert listed("q=PE+teacher") == {a.reference}
    assert listed("q=smythe") == {b.reference}
    assert listed(f"q={a.reference}") == {a.reference}
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    assert listed(f"opened_from={since}") == {a.reference, b.reference}


def test_see_all_your_open_cases_lists_your_open_cases_only(client, school, head, slt):
    from incidents.selectors.dashboard import LIST_LIMIT

    open_ones = CaseFactory.create_batch(
        LIST_LIMIT, school=school, owner=head, status=Case.Status.MEETING
    )
    closed = CaseFactory(school=school, owner=head, status=Case.Status.CLOSED)
    someone_elses = CaseFactory(school=school, owner=slt, status=Case.Status.MEETING)
    client.force_login(head)
    dashboard = client.get("/staff/").content.decode()
    link = f"/staff/cases/?owner={head.pk}&amp;status=open"
    assert f'<a href="{link}">See all your open cases</a>' in dashboard
    page = client.get(link.replace("&amp;", "&")).content.decode()
    listed = {case.reference for case in Case.objects.all() if f">{case.reference}<" in page}
    assert listed == {case.reference for case in open_ones}
    assert closed.reference not in listed and someone_elses.reference not in listed
    assert '<option value="open" selected>Open (not closed)</option>' in page


def test_case_list_pages_forward_and_back_keeping_filters(client, school, slt):
    import re

    for _ in range(30):
        CaseFactory(school=school, status=Case.Status.REPORTED)
    CaseFactory(school=school, status=Case.Status.MEETING)
    client.force_login(slt)

    def shown(page):
        return re.findall(r">(OF-\d{4}-\d{4})<", page)

    first = client.get("/staff/cases/?status=reported").content.decode()
    next_link = re.search(r'href="\?(status=reported&amp;after=[^"]+)">Next', first).group(1)
    second = client.get("/staff/cases/?" + next_link.replace("&amp;", "&")).content.decode()
    assert len(shown(first)) == 25 and len(shown(second)) == 5
    assert not set(shown(first)) & set(shown(second))
    back = re.search(r'href="\?(status=reported&amp;before=[^"]+)">Previous', second).group(1)
    again = client.get("/staff/cases/?" + back.replace("&amp;", "&")).content.decode()
    assert shown(again) == shown(first)


def test_case_list_never_shows_another_schools_cases(client, school, other_school, slt):
    theirs = CaseFactory(school=other_school)
    client.force_login(slt)
    assert theirs.reference not in client.get("/staff/cases/").content.decode()
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_case_page_offers_exactly_the_actions_of_the_role(client, school, slt, head, bursar):
    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)
    client.force_login(slt)
    slt_page = client.get(case.get_absolute_url()).content.decode()
    assert "Propose an escalation" in slt_page and "Escalate to a meeting" not in slt_page
    assert "Close" in slt_page
    client.force_login(head)
    head_page = client.get(case.get_absolute_url()).content.decode()
    assert "Escalate to a meeting" in head_page and "Propose an escalation" not in head_page
    client.force_login(bursar)
    bursar_page = client.get(case.get_absolute_url()).content.decode()
    assert "What you can do now" not in bursar_page


def test_case_page_shows_the_chronology_with_state_names(client, school, head):
    case = CaseFactory(school=school)
    client.force_login(head)
    client.post(f"/staff/cases/{case.reference}/do/triage/", {"note": "Looks serious"})
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Reported → Gathering information" in page and "Looks serious" in page


def test_admin_shows_case_status_read_only(admin_client, school):
    case = CaseFactory(school=school)
    page = admin_client.get(f"/admin/incidents/case/{case.pk}/change/").content.decode()
    assert 'name="status"' not in page and "Reported" in page
