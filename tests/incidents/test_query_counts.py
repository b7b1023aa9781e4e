"""Staff pages cost a fixed number of queries, whatever the number of cases.

Counts include the signed-in user, the second-factor device and the membership (the session
comes from the cache). Each page is measured at two sizes and must cost exactly the same; the
case page both as served from its cache and rendered afresh.
"""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.timezone import now

from incidents.models import Case, CaseEvent, SiteBan
from letters.models import Kind, Letter
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EscalationRequestFactory,
    EvidenceFactory,
    LetterFactory,
    ParentFactory,
    ReportFactory,
    SafeguardingAlertFactory,
    SiteBanFactory,
)

# The dashboard and the approvals page each read the headteacher's queue: one query per kind
# of thing waiting (proposals, site bans, letters); the dashboard also asks each app's panel
# (subject access requests due) for its one query, and pins the safeguarding alerts waiting for
# a DSL in one more. The case page lists the disclosures still being reviewed in one query.
# The dashboard: its own lists, then one query per panel (retention: the disposal count).
LIMITS = {"dashboard": 16, "case_list": 6, "case_detail": 16, "approvals": 6}


def add_cases(school, head, slt, n):
    """Cases in every state; some with a proposal, a letter awaiting approval or waiting to be
    sent, or a site ban to decide or review, so the headteacher's queue holds every kind."""
    today = timezone.localdate()
    for i in range(n):
        flagged = i % 4 == 0  # safeguarding alerts, which the dashboard pins
        status = list(Case.Status)[i % 8]
        case = CaseFactory(school=school, owner=head, status=status, safeguarding=flagged)
        if i % 9 == 0:
            EscalationRequestFactory(case=case, requested_by=slt)
        if flagged:
            SafeguardingAlertFactory(case=case, raised_by=slt if i % 8 else None)
        if i % 9 == 1:
            LetterFactory(case=case, approval_requested_by=slt, approval_requested_at=now())
        if i % 9 == 2:
            LetterFactory(case=case, status=Letter.Status.APPROVED, approved_at=now())
        if i % 9 == 3:
            SiteBanFactory(case=case, representation_deadline=today - timedelta(days=1))
        if i % 9 == 4:
            SiteBanFactory(
                case=case,
                state=SiteBan.State.CONFIRMED,
                representation_deadline=today - timedelta(days=30),
                review_on=today,
            )


@pytest.fixture
def big_case(school, head):
    """10 reports, 20 events, 5 letters, evidence and a parent: the case page's worst day."""
    case = CaseFactory(school=school, status=Case.Status.WARNING_LETTER)
    for _ in range(10):
        ReportFactory(case=case, school=school)
    for n in range(20):
        CaseEventFactory(case=case, kind=CaseEvent.Kind.LETTER if n < 5 else CaseEvent.Kind.NOTE)
    parent = ParentFactory(school=school)
    case.parents.add(parent)
    for _ in range(5):
        LetterFactory(case=case, parent=parent, kind=Kind.WARNING)
    EvidenceFactory(case=case)
    return case


def cost(client, url, *, cold=False) -> int:
    client.get(url)  # warm: the session's first request records its start
    if cold:  # the case page's body is cached: measure it being rendered afresh too
        cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page, url",
    [
        ("dashboard", "/staff/"),
        ("case_list", "/staff/cases/"),
        ("case_list", "/staff/cases/?status=gathering_information&sort=opened"),
        ("case_list", "/staff/cases/?q=useless"),
        ("case_list", "/staff/cases/?after=REPLACE"),
        ("case_detail", "BIG"),
        ("case_detail", "BIG-COLD"),
        ("approvals", "/staff/approvals/"),
    ],
)
def test_staff_page_costs_the_same_at_two_sizes(client, school, head, slt, big_case, page, url):
    client.force_login(head)
    costs = []
    for n in (5, 60):
        add_cases(school, head, slt, n)
        target = big_case.get_absolute_url() if url.startswith("BIG") else url
        if "REPLACE" in target:  # a deep page: the cursor of a case half-way down the list
            from incidents.pagination import _encode

            newest_first = Case.objects.filter(school=school).order_by("-opened_at", "-id")
            deep = newest_first[newest_first.count() // 2]
            target = target.replace("REPLACE", _encode(deep.opened_at, deep.pk))
        costs.append(cost(client, target, cold=url.endswith("COLD")))
    assert costs[0] == costs[1] <= LIMITS[page], costs


def test_a_transition_costs_a_few_queries_whatever_the_case_holds(
    client, school, slt, django_assert_max_num_queries
):
    """An action reads the case row, not what the case page shows: the user, second factor and
    membership, the case, then the service's locked read, update, counters and chronology. The
    governors' report's counters add a read (was the step reached before?) and the step's
    counters of its month, term and school year: an UPDATE each, or the first time one counts
    anything (as here) an INSERT between two."""
    case = CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    for _ in range(10):
        ReportFactory(case=case, school=school)
        CaseEventFactory(case=case, kind=CaseEvent.Kind.NOTE)
    case.parents.add(ParentFactory(school=school))
    EvidenceFactory(case=case)
    client.force_login(slt)
    client.get("/staff/")
    with django_assert_max_num_queries(23):
        response = client.post(f"{case.get_absolute_url()}do/speak_to_parent/", {"note": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Case.Status.SPEAKING_TO_PARENT
