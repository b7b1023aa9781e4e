"""A trust's governors' report: each of its schools side by side, only its own, and no case,
evidence or name; the service refuses any other school."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from audit.models import AccessEvent
from exports.governors import (
    custom_period,
    reports_for,
)
from incidents.models import Case
from tests.exports.conftest import at, counted
from tests.exports.test_governors_report import _get
from tests.factories import (
    CaseFactory,
    SchoolFactory,
    TrustFactory,
    TrustMembershipFactory,
)

AUTUMN = custom_period(datetime.date(2026, 9, 1), datetime.date(2026, 12, 31))
TODAY = datetime.date(2027, 1, 10)


@pytest.fixture
def trust_lead(autumn, other_school):
    """A trust of Oakfield (with the autumn cases) and a second school; Elmwood is in another
    trust."""
    lead = TrustMembershipFactory(user__username="trust-lead").user
    trust = lead.trust_memberships.get().trust
    autumn.trust = trust
    autumn.save()
    second = SchoolFactory(name="Ashgrove Primary School", trust=trust)
    CaseFactory(school=second, opened_at=at(datetime.date(2026, 10, 1)))
    other_school.trust = TrustFactory(name="Another Trust")
    other_school.save()
    CaseFactory(school=other_school, opened_at=at(datetime.date(2026, 10, 1)))
    counted(second, other_school)
    return lead


def test_a_trust_lead_sees_each_of_the_trusts_schools_side_by_side(client, trust_lead):
    client.force_login(trust_lead)
    response = _get(client, "/staff/reports/trust/")
    assert response.status_code == 200
    names = [s["school"].name for s in response.context["sections"]]
    assert names == ["Ashgrove Primary School", "Oakfield Primary School"]
    html = response.content.decode()
    assert "Elmwood" not in html and "Another Trust" not in html
    summary = response.context["side_by_side"]["tables"][0]["rows"]
    assert summary[0] == ("Cases opened", ["fewer than 3", "5"])
    assert 'role="img"' in html
    assert "Reporting Parent Alpha" not in html and "Banned Parent Beta" not in html


def test_the_trust_csv_and_pdf_hold_only_the_trusts_schools(client, trust_lead):
    client.force_login(trust_lead)
    text = _get(client, "/staff/reports/trust/report.csv").content.decode()
    schools = {row[0] for row in list(csv.reader(io.StringIO(text)))[1:]}
    assert schools == {"Ashgrove Primary School", "Oakfield Primary School"}
    pdf = _get(client, "/staff/reports/trust/report.pdf")
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Oakfield Primary School" in pdf_text and "Elmwood" not in pdf_text
    assert "Reporting Parent Alpha" not in pdf_text and "Banned Parent Beta" not in pdf_text


def test_a_trust_lead_cannot_ask_for_another_trusts_report(client, trust_lead, other_school):
    client.force_login(trust_lead)
    response = client.get("/staff/reports/trust/", {"trust": other_school.trust.slug})
    assert response.context["trust"] == trust_lead.trust_memberships.get().trust
    assert not response.context["form"].errors  # a trust alone asks for this term
    assert "Elmwood" not in response.content.decode()


def test_a_trust_lead_opens_no_case_evidence_or_school_report(client, trust_lead, autumn):
    client.force_login(trust_lead)
    case = Case.objects.filter(school=autumn).first()
    for path in (
        case.get_absolute_url(),
        "/staff/cases/",
        "/staff/reports/",
        "/staff/bans/",
        "/staff/exports/",
        "/staff/records/",
    ):
        assert client.get(path).status_code == 403, path


def test_the_trust_report_costs_the_same_queries_with_more_schools(
    client, trust_lead, django_assert_num_queries
):
    client.force_login(trust_lead)
    _get(client, "/staff/reports/trust/")
    trust = trust_lead.trust_memberships.get().trust
    with CaptureQueriesContext(connection) as two:
        _get(client, "/staff/reports/trust/")
    for _ in range(3):
        school = SchoolFactory(trust=trust)
        CaseFactory(school=school, opened_at=at(datetime.date(2026, 10, 1)))
    with django_assert_num_queries(len(two.captured_queries)):
        _get(client, "/staff/reports/trust/")


@pytest.mark.parametrize(
    "who, whose",
    [
        ("slt", "school"),
        ("bursar", "school"),
        ("other_head", "school"),
        ("trust_lead", "other_school"),
    ],
)
def test_the_report_service_refuses_a_school_that_is_not_the_readers(request, who, whose):
    """The service itself refuses, whatever page asked: SLT, the bursar, another school's head,
    and a trust lead for a school in another trust."""
    reader, school = request.getfixturevalue(who), request.getfixturevalue(whose)
    with pytest.raises(PermissionDenied):
        reports_for([school], AUTUMN, by=reader, today=TODAY)


def test_the_report_service_serves_a_trust_lead_their_trusts_schools(autumn, trust_lead):
    assert list(reports_for([autumn], AUTUMN, by=trust_lead, today=TODAY)) == [autumn.pk]


def test_a_trust_leads_report_is_recorded_at_each_of_its_schools(client, trust_lead, autumn):
    client.force_login(trust_lead)
    assert _get(client, "/staff/reports/trust/report.csv").status_code == 200
    rows = AccessEvent.objects.filter(action=AccessEvent.Action.VIEW_REPORT)
    schools = set(autumn.trust.schools.values_list("pk", flat=True))
    assert len(schools) == 2
    assert {(r.school_id, r.role, r.actor_id) for r in rows} == {
        (pk, "trust_lead", trust_lead.pk) for pk in schools
    }
    assert {r.object_label for r in rows} == {f"csv, {AUTUMN.label}"}


def test_the_trust_report_link_is_the_current_page_only_on_the_trust_report(client, trust_lead, rf):
    from django.template.loader import render_to_string
    from django.urls import resolve

    client.force_login(trust_lead)
    html = _get(client, "/staff/reports/trust/").content.decode()
    assert re.search(r'href="/staff/reports/trust/" aria-current="page">Trust report</a>', html)
    # The staff layout on another page, should that page know of a trust too:
    request = rf.get("/staff/")
    request.user = trust_lead
    request.resolver_match = resolve("/staff/")
    trust = trust_lead.trust_memberships.get().trust
    other = render_to_string("layouts/staff.html", {"trust": trust}, request=request)
    assert 'href="/staff/reports/trust/">Trust report</a>' in other
    assert 'aria-current="page">Trust report' not in other
