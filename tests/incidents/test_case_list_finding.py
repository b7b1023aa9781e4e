"""Finding a case in the list: how many there are, who and what each is about, and a reference
typed in part."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from incidents.models import Case
from tests.factories import (
    CaseFactory,
    MessagingGroupFactory,
    ParentFactory,
    ReferenceCounterFactory,
    ReportFactory,
)


def listed(client, **query) -> list[str]:
    response = client.get("/staff/cases/", query)
    return [case.reference for case in response.context["cases"]]


def test_the_list_says_how_many_cases_it_holds_and_how_many_match(client, head, school):
    for _ in range(3):
        CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    CaseFactory(school=school, status=Case.Status.CLOSED)
    CaseFactory(school=school, status=Case.Status.CLOSED)
    client.force_login(head)

    assert "5 cases</p>" in client.get("/staff/cases/").content.decode()
    page = client.get("/staff/cases/", {"status": "open"}).content.decode()
    assert "3 cases match these filters" in page
    page = client.get("/staff/cases/", {"status": "closed"}).content.decode()
    assert "2 cases match these filters" in page


def test_the_count_of_a_search_is_the_cases_it_finds_on_every_page(client, head, school):
    for _ in range(30):
        ReportFactory(case=CaseFactory(school=school), description="Shouting in the car park")
    ReportFactory(case=CaseFactory(school=school), description="Something else")
    client.force_login(head)
    first = client.get("/staff/cases/", {"q": "car park"})
    assert "30 cases match these filters" in first.content.decode()
    after = first.context["page"].next_cursor
    second = client.get("/staff/cases/", {"q": "car park", "after": after})
    assert len(second.context["cases"]) == 5
    assert "30 cases match these filters" in second.content.decode()
    one = client.get("/staff/cases/", {"q": "something else"}).content.decode()
    assert "1 case matches these filters" in one


def test_a_count_past_the_limit_says_more_than(client, head, school, monkeypatch):
    monkeypatch.setattr("incidents.selectors.cases.COUNT_UP_TO", 3)
    group = MessagingGroupFactory(school=school)
    for _ in range(4):
        CaseFactory(school=school, group=group)
    client.force_login(head)
    page = client.get("/staff/cases/", {"group": group.pk}).content.decode()
    assert "More than 3 cases match these filters" in page


def test_a_search_counts_to_its_own_lower_limit_then_says_more_than(
    client, head, school, monkeypatch
):
    monkeypatch.setattr("incidents.selectors.cases.SEARCH_COUNT_UP_TO", 3)
    group = MessagingGroupFactory(school=school)
    for _ in range(4):
        ReportFactory(case=CaseFactory(school=school, group=group), description="Car park")
    client.force_login(head)
    searched = client.get("/staff/cases/", {"q": "car park"})
    assert "More than 3 cases match these filters" in searched.content.decode()
    assert len(searched.context["cases"]) == 4
    filtered = client.get("/staff/cases/", {"group": group.pk}).content.decode()
    assert "4 cases match these filters" in filtered


def test_a_row_shows_the_parents_and_the_first_line_of_the_first_report(client, head, school):
    case = CaseFactory(school=school)
    ReportFactory(
        case=case,
        description="\n  Called the teacher <useless> in the Year 2 group.\nThen more detail.",
        submitted_at="2026-11-02T09:00:00Z",
    )
    ReportFactory(case=case, description="A later report", submitted_at="2026-11-03T09:00:00Z")
    case.parents.add(
        ParentFactory(school=school, full_name="Daniel Price"),
        ParentFactory(school=school, full_name="Amy O'Neill"),
    )
    client.force_login(head)
    page = client.get("/staff/cases/").content.decode()
    assert "Amy O&#x27;Neill; Daniel Price" in page
    assert "Called the teacher &lt;useless&gt; in the Year 2 group." in page
    assert "Then more detail" not in page and "A later report" not in page


def test_a_row_without_a_linked_parent_shows_who_the_report_names(client, head, school):
    ReportFactory(case=CaseFactory(school=school), person_concerned="<i>Jo</i> Bloggs")
    CaseFactory(school=school)  # a case with no report at all
    client.force_login(head)
    page = client.get("/staff/cases/").content.decode()
    assert "&lt;i&gt;Jo&lt;/i&gt; Bloggs (named in the report)" in page


@pytest.fixture
def cases(school, other_school):
    ReferenceCounterFactory(school=school, year=2025, last=42)
    ReferenceCounterFactory(school=school, year=2026, last=50)
    return {
        "this year": CaseFactory(school=school, reference="OF-2026-0042"),
        "last year": CaseFactory(school=school, reference="OF-2025-0042"),
        "neighbour": CaseFactory(school=school, reference="OF-2026-0043"),
        "elsewhere": CaseFactory(school=other_school, reference="EW-2026-0042"),
    }


@pytest.mark.parametrize(
    "typed, found",
    [
        ("OF-2026-0042", ["OF-2026-0042"]),
        ("of-2026-0042", ["OF-2026-0042"]),
        ("2026-0042", ["OF-2026-0042"]),
        ("2026-42", ["OF-2026-0042"]),
        (" 0042 ", ["OF-2026-0042", "OF-2025-0042"]),
        ("42", ["OF-2026-0042", "OF-2025-0042"]),
        ("2025-0042", ["OF-2025-0042"]),
        ("EW-2026-0042", []),  # another school's case is never found
        ("0044", []),
    ],
)
def test_a_reference_typed_in_full_or_in_part_finds_the_case(client, head, cases, typed, found):
    client.force_login(head)
    assert sorted(listed(client, q=typed)) == sorted(found)


def test_a_number_at_the_other_school_finds_only_its_own_case(client, other_head, cases):
    ReferenceCounterFactory(school=cases["elsewhere"].school, year=2026, last=42)
    client.force_login(other_head)
    assert listed(client, q="0042") == ["EW-2026-0042"]
    assert listed(client, q="OF-2026-0042") == []


def test_a_reference_search_costs_the_same_however_many_cases(client, head, school):
    """The user, second factor and membership; the school's years; the page of cases; their
    parents; the count."""
    ReferenceCounterFactory(school=school, year=2026, last=777)
    # The factory numbers its references from a count kept across the run: start it afresh, so
    # that the cases added below cannot be given 0777 too, whatever ran before.
    CaseFactory.reset_sequence(0)
    CaseFactory(school=school, reference="OF-2026-0777")
    client.force_login(head)
    client.get("/staff/cases/")
    costs = []
    for n in (5, 60):
        for _ in range(n):
            ReportFactory(case=CaseFactory(school=school), description="Case 777 was mentioned")
        with CaptureQueriesContext(connection) as queries:
            assert "OF-2026-0777" in listed(client, q="0777")
        costs.append(len(queries))
    assert costs[0] == costs[1] <= 7, costs
