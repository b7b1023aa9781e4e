"""Merging: the page offers the likely duplicates, or searches, instead of every open case; the
user lands on the surviving case."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from incidents.models import Case, CaseEvent
from tests.factories import (
    CaseFactory,
    MessagingGroupFactory,
    ParentFactory,
    ReferenceCounterFactory,
    ReportFactory,
)


def merge_url(case):
    return f"/staff/cases/{case.reference}/merge/"


def offered(client, case, **query) -> list[str]:
    response = client.get(merge_url(case), query)
    assert response.status_code == 200
    return [c.reference for c in response.context["form"].candidates]


def days_ago(n):
    return timezone.now() - datetime.timedelta(days=n)


@pytest.fixture
def group(school):
    return MessagingGroupFactory(school=school, name="Year 2 Robins")


@pytest.fixture
def case(school, group):
    case = CaseFactory(school=school, group=group)
    ReportFactory(case=case, group=group, person_concerned="Jo Bloggs")
    return case


def test_the_likely_duplicates_are_recent_open_cases_from_the_same_group_or_poster(
    client, slt, school, other_school, case, group
):
    same_group = CaseFactory(school=school, group=group, opened_at=days_ago(3))
    via_report_group = ReportFactory(case=CaseFactory(school=school), group=group).case
    same_poster = ReportFactory(
        case=CaseFactory(school=school), person_concerned="  jo BLOGGS "
    ).case
    shared_parent = CaseFactory(school=school)
    parent = ParentFactory(school=school)
    case.parents.add(parent)
    shared_parent.parents.add(parent)
    # not offered:
    CaseFactory(school=school, group=group, opened_at=days_ago(15))  # too old
    CaseFactory(school=school, group=group, status=Case.Status.CLOSED)
    CaseFactory(school=school, group=group, merged_into=same_group)
    ReportFactory(case=CaseFactory(school=school), person_concerned="Someone Else")
    CaseFactory(school=school)  # no group, no report
    CaseFactory(school=other_school)
    client.force_login(slt)

    response = client.get(merge_url(case))
    found = {c.reference: c for c in response.context["form"].candidates}
    assert set(found) == {
        same_group.reference,
        via_report_group.reference,
        same_poster.reference,
        shared_parent.reference,
    }
    assert found[same_group.reference].same_group and not found[same_group.reference].same_poster
    assert found[same_poster.reference].same_poster
    assert found[shared_parent.reference].same_poster
    page = response.content.decode()
    assert "same group</span>" in page and "same poster</span>" in page
    assert '<select name="into"' not in page  # not a list of every open case


def test_no_likely_duplicate_says_so_and_points_to_the_search(client, slt, school):
    lonely = CaseFactory(school=school)
    CaseFactory(school=school)
    client.force_login(slt)
    response = client.get(merge_url(lonely))
    assert response.context["form"].candidates == []
    assert "No likely duplicates. Search above" in response.content.decode()


def test_the_search_finds_open_cases_by_reference_parent_or_group(
    client, slt, school, other_school, case
):
    ReferenceCounterFactory(school=school, year=2026, last=100)
    by_reference = CaseFactory(school=school, reference="OF-2026-0077", opened_at=days_ago(60))
    by_parent = CaseFactory(school=school, opened_at=days_ago(90))
    by_parent.parents.add(ParentFactory(school=school, full_name="Daniel Price"))
    by_group = CaseFactory(
        school=school, group=MessagingGroupFactory(school=school, name="Year 6 Owls")
    )
    CaseFactory(school=school, reference="OF-2026-0078", status=Case.Status.CLOSED)
    foreign = CaseFactory(school=other_school, reference="EW-2026-0077")
    foreign.parents.add(ParentFactory(school=other_school, full_name="Daniel Price"))
    client.force_login(slt)

    assert offered(client, case, q="0077") == [by_reference.reference]
    assert offered(client, case, q="price") == [by_parent.reference]
    assert offered(client, case, q="owls") == [by_group.reference]
    assert offered(client, case, q=case.reference) == []  # never the case itself
    page = client.get(merge_url(case), {"q": "<b>nothing</b>"}).content.decode()
    assert "No open case of this school matches “&lt;b&gt;nothing&lt;/b&gt;”" in page


def test_after_a_merge_you_land_on_the_surviving_case(client, slt, school, case, group):
    survivor = CaseFactory(school=school, group=group)
    client.force_login(slt)
    response = client.post(merge_url(case), {"into": survivor.reference})
    assert response.status_code == 302 and response.url == survivor.get_absolute_url()
    page = client.get(response.url).content.decode()
    assert f"{case.reference} merged into this case." in page
    case.refresh_from_db()
    assert case.merged_into == survivor and case.status == Case.Status.CLOSED
    assert CaseEvent.objects.filter(case=survivor, kind=CaseEvent.Kind.MERGED).exists()


def test_a_case_found_by_typing_its_reference_is_accepted_though_not_offered(
    client, slt, school, case
):
    old = CaseFactory(school=school, opened_at=days_ago(200))
    client.force_login(slt)
    assert old.reference not in offered(client, case)
    response = client.post(merge_url(case), {"into": old.reference})
    assert response.url == old.get_absolute_url()


def test_merging_without_a_choice_keeps_the_search_and_the_note(client, slt, school, case):
    client.force_login(slt)
    response = client.post(f"{merge_url(case)}?q=robins", {"note": "Same post twice"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose the case to merge into." in page
    assert "Same post twice</textarea>" in page
    assert 'value="robins"' in page
    case.refresh_from_db()
    assert case.status == Case.Status.REPORTED


def test_the_merge_page_costs_the_same_however_many_cases_it_offers(
    client, slt, school, case, group
):
    client.force_login(slt)
    client.get(merge_url(case))
    costs = []
    for n in (1, 15):
        for _ in range(n):
            other = CaseFactory(school=school, group=group)
            ReportFactory(case=other, group=group)
            other.parents.add(ParentFactory(school=school))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(merge_url(case)).status_code == 200
        costs.append(len(queries))
    assert costs[0] == costs[1], costs


def test_a_bursar_cannot_open_the_merge_page(client, bursar, case):
    client.force_login(bursar)
    assert client.get(merge_url(case)).status_code == 403
