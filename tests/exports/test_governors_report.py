"""The governors' report: its periods, each figure against a known set of cases, small-number
suppression, the CSV and the PDF, and who may see which school's report."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from pypdf import PdfReader

from audit.models import AccessEvent
from exports.governors import (
    Figure,
    Period,
    custom_period,
    previous_term,
    reports_for,
    school_year,
    term_of,
)
from incidents.models import Case, CaseEvent, EscalationRequest, SiteBan
from incidents.services.month_counts import RATIO, month_counts_recount
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EscalationRequestFactory,
    MessagingGroupFactory,
    ParentFactory,
    ReportFactory,
    SchoolFactory,
    SiteBanFactory,
    TrustFactory,
    TrustMembershipFactory,
)

AUTUMN = custom_period(datetime.date(2026, 9, 1), datetime.date(2026, 12, 31))
TODAY = datetime.date(2027, 1, 10)


def at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def counted(*schools):
    """The factories write rows directly, as the demo seeding does; like it, the tests then
    count the report's counters afresh (the services keep them: tests/exports/
    test_report_counters.py)."""
    for school in schools:
        month_counts_recount(school_id=school.pk)


def test_terms_and_school_years():
    assert term_of(datetime.date(2026, 11, 30)) == Period(
        "Autumn term 2026", datetime.date(2026, 9, 1), datetime.date(2026, 12, 31)
    )
    assert term_of(datetime.date(2027, 3, 31)).last == datetime.date(2027, 3, 31)
    summer = term_of(datetime.date(2027, 4, 1))
    assert (summer.first, summer.last) == (datetime.date(2027, 4, 1), datetime.date(2027, 8, 31))
    spring = previous_term(datetime.date(2027, 5, 1))
    assert (spring.first, spring.last) == (datetime.date(2027, 1, 1), datetime.date(2027, 3, 31))
    autumn = previous_term(datetime.date(2027, 2, 14))
    assert (autumn.first, autumn.last) == (datetime.date(2026, 9, 1), datetime.date(2026, 12, 31))
    year = school_year(datetime.date(2027, 3, 1))
    assert (year.first, year.last) == (datetime.date(2026, 9, 1), datetime.date(2027, 8, 31))
    assert school_year(datetime.date(2026, 9, 1)).first == datetime.date(2026, 9, 1)


def test_a_period_runs_from_local_midnight_to_the_midnight_after_its_last_day():
    start, end = AUTUMN.bounds()
    assert timezone.localtime(start).isoformat() == "2026-09-01T00:00:00+01:00"
    assert timezone.localtime(end).isoformat() == "2027-01-01T00:00:00+00:00"


def test_counts_of_one_or_two_are_suppressed_and_three_shown():
    assert Figure("x", 1).shown == "fewer than 3"
    assert Figure("x", 2).shown == "fewer than 3"
    assert Figure("x", 3).shown == "3"
    assert Figure("x", 0).shown == "0"


@pytest.fixture
def autumn(school):
    """Three cases in October (group Y1, abusive, due for triage that day and triaged after 1, 2
    and 16 hours, the last after midnight so late; resolved,
    escalations decided after 1, 2 and 3 days), two in November (group Y2, threatening, one
    untriaged past its due day), one in August that is outside the period, and a site ban."""
    abusive, threatening = school.codes.get().breach_categories.order_by("name")
    y1 = MessagingGroupFactory(school=school, name="Year 1 parents")
    y2 = MessagingGroupFactory(school=school, name="Year 2 parents")
    october = []
    for hours in (1, 2, 16):
        case = CaseFactory(
            school=school,
            status=Case.Status.CLOSED,
            outcome=Case.Outcome.RESOLVED,
            group=y1,
            opened_at=at(datetime.date(2026, 10, 5)),
            triage_due=datetime.date(2026, 10, 5),
        )
        case.breach_categories.add(abusive)
        ReportFactory(case=case, reporter_name="Reporting Parent Alpha")
        CaseEventFactory(
            case=case,
            kind=CaseEvent.Kind.TRANSITION,
            source=Case.Status.REPORTED,
            target=Case.Status.GATHERING_INFORMATION,
            created_at=at(datetime.date(2026, 10, 5)) + datetime.timedelta(hours=hours),
        )
        october.append(case)
    for days, case in zip((1, 2, 3), october, strict=True):
        EscalationRequestFactory(
            case=case,
            decision=EscalationRequest.Decision.APPROVED,
            requested_at=at(datetime.date(2026, 10, 6)),
            decided_at=at(datetime.date(2026, 10, 6)) + datetime.timedelta(days=days),
        )
    CaseEventFactory(
        case=october[0],
        kind=CaseEvent.Kind.TRANSITION,
        source=Case.Status.SPEAKING_TO_PARENT,
        target=Case.Status.WARNING_LETTER,
        created_at=at(datetime.date(2026, 10, 9)),
    )
    for n in range(2):
        case = CaseFactory(
            school=school,
            group=y2,
            opened_at=at(datetime.date(2026, 11, 3)),
            triage_due=datetime.date(2026, 11, 4) if n == 0 else None,
        )
        case.breach_categories.add(threatening)
    CaseFactory(school=school, opened_at=at(datetime.date(2026, 8, 30)))
    banned = ParentFactory(school=school, full_name="Banned Parent Beta")
    SiteBanFactory(
        case=october[0],
        parent=banned,
        state=SiteBan.State.CONFIRMED,
        starts_on=datetime.date(2026, 10, 20),
        ends_on=datetime.date(2027, 3, 1),
        created_at=at(datetime.date(2026, 10, 19)),
    )
    counted(school)
    return school


def _figures(figures):
    return [(f.label, f.count, f.shown) for f in figures]


def test_each_breakdown_counts_the_cases_opened_in_the_period(autumn, head):
    report = reports_for([autumn], AUTUMN, by=head, today=TODAY)[autumn.pk]
    assert report.cases.count == 5
    assert _figures(report.by_month) == [
        ("Sep 2026", 0, "0"),
        ("Oct 2026", 3, "3"),
        ("Nov 2026", 2, "fewer than 3"),
        ("Dec 2026", 0, "0"),
    ]
    assert _figures(report.by_category) == [
        ("Abusive or personal comments", 3, "3"),
        ("Threatening behaviour", 2, "fewer than 3"),
    ]
    assert _figures(report.by_group) == [
        ("Year 1 parents", 3, "3"),
        ("Year 2 parents", 2, "fewer than 3"),
    ]
    steps = {f.label: f.count for f in report.by_step}
    assert steps["Not yet triaged"] == 2
    assert steps["Gathering information"] == 3
    assert steps["Warning letter"] == 1
    assert steps["Site ban"] == 0
    assert _figures(report.by_outcome) == [
        ("Resolved", 3, "3"),
        ("Still open", 2, "fewer than 3"),
    ]
    assert report.sla_misses.count == 2  # triaged the day after, and untriaged past its day
    assert [(f.count) for f in report.bans] == [1, 1, 0]
    assert report.bans[0].label == "in force on 31 Dec 2026"


def close_to(value: datetime.timedelta, exact: datetime.timedelta) -> bool:
    """Within what the counters' duration buckets promise."""
    return abs(value - exact) < exact * (RATIO - 1)


def test_median_and_90th_percentile_of_triage_and_decisions(autumn, head):
    report = reports_for([autumn], AUTUMN, by=head, today=TODAY)[autumn.pk]
    assert report.triage.count == 3
    assert close_to(report.triage.median, datetime.timedelta(hours=2))
    assert close_to(report.triage.p90, datetime.timedelta(hours=13.2))  # 2 + 0.8 * (16 - 2)
    assert report.triage.shown_median == "2.0 hours"
    assert re.fullmatch(r"median 2\.0 hours; 90th percentile 1[23]\.\d hours", report.triage.shown)
    assert close_to(report.decisions.median, datetime.timedelta(days=2))
    assert close_to(report.decisions.p90, datetime.timedelta(days=2.8))
    assert report.decisions.shown_p90 in {"2.7 days", "2.8 days", "2.9 days"}


def test_times_over_fewer_than_three_cases_are_not_shown(school, head):
    case = CaseFactory(school=school, opened_at=at(datetime.date(2026, 10, 5)))
    CaseEventFactory(
        case=case,
        kind=CaseEvent.Kind.TRANSITION,
        source=Case.Status.REPORTED,
        target=Case.Status.GATHERING_INFORMATION,
        created_at=at(datetime.date(2026, 10, 5), 15),
    )
    counted(school)
    report = reports_for([school], AUTUMN, by=head, today=TODAY)[school.pk]
    assert report.triage.count == 1
    assert report.triage.shown_median == "fewer than 3 cases"
    assert report.decisions.shown_median == "none"
    assert report.triage.shown == "over fewer than 3 cases: not given"
    assert report.decisions.shown == "none in this period"


def _get(client, path):
    return client.get(path, {"period": "custom", "first": "2026-09", "last": "2026-12"})


def test_the_head_sees_the_report_with_charts_tables_and_suppression(client, autumn, head):
    client.force_login(head)
    response = _get(client, "/staff/reports/")
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('role="img"') == 5
    assert "<script" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "Abusive or personal comments" in html
    assert "fewer than 3" in html
    assert "Reporting Parent Alpha" not in html and "Banned Parent Beta" not in html
    # The category chart draws the abusive bar (3) and leaves the threatening one (2) out.
    category_chart = html.split("Cases by breach category", 1)[1].split("</figure>", 1)[0]
    assert len(re.findall(r'class="rect reactive', category_chart)) == 1
    assert "Threatening behaviour (fewer than 3)" in category_chart


def test_a_wrong_custom_period_says_why_and_shows_this_term(client, school, head):
    client.force_login(head)
    response = client.get(
        "/staff/reports/", {"period": "custom", "first": "2026-12", "last": "2026-09"}
    )
    assert response.status_code == 200
    assert "The end of the period is before its start." in response.content.decode()
    assert response.context["period"] == term_of(timezone.localdate())


def test_months_of_ones_own_run_from_the_first_day_of_one_to_the_last_day_of_the_other():
    period = custom_period(datetime.date(2026, 9, 15), datetime.date(2027, 2, 3))
    assert (period.first, period.last) == (datetime.date(2026, 9, 1), datetime.date(2027, 2, 28))
    assert period.label == "Sep 2026 to Feb 2027"
    assert custom_period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 1)).label == (
        "November 2026"
    )


def test_a_month_typed_wrong_comes_back_as_typed_with_the_reason(client, school, head):
    client.force_login(head)
    response = client.get("/staff/reports/", {"period": "custom", "first": "2026-13", "last": ""})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Give a month as year and month, for example 2026-09." in html
    assert "Give the last month of the period." in html
    assert 'type="month" name="first" id="id_first" placeholder="YYYY-MM" value="2026-13"' in html
    assert response.context["period"] == term_of(timezone.localdate())


def test_a_period_of_more_than_five_years_is_refused(client, school, head):
    client.force_login(head)
    response = client.get(
        "/staff/reports/", {"period": "custom", "first": "2020-01", "last": "2025-01"}
    )
    assert "Choose a period of at most five years." in response.content.decode()
    response = client.get(
        "/staff/reports/", {"period": "custom", "first": "2020-01", "last": "2024-12"}
    )
    assert not response.context["form"].errors


def test_the_csv_has_every_figure_and_no_name(client, autumn, head):
    client.force_login(head)
    response = _get(client, "/staff/reports/report.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["School", "Period", "Section", "Item", "Value"]
    assert [
        "Oakfield Primary School",
        AUTUMN.label,
        "Cases by breach category",
        "Abusive or personal comments",
        "3",
    ] in rows
    assert [
        "Oakfield Primary School",
        AUTUMN.label,
        "Cases by class group",
        "Year 2 parents",
        "fewer than 3",
    ] in rows
    assert ["Oakfield Primary School", AUTUMN.label, "Summary", "Cases opened", "5"] in rows
    assert "Reporting Parent Alpha" not in text and "Banned Parent Beta" not in text


def test_the_pdf_pack_has_the_headings_and_no_name(client, autumn, head):
    client.force_login(head)
    response = _get(client, "/staff/reports/report.pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store, private"
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    for heading in (
        "Governors' report",
        "Cases opened by month",
        "Cases by breach category",
        "Cases by class group",
        "Cases by step of the ladder reached",
        "Cases by outcome",
        "Time to triage",
    ):
        assert heading in text
    assert "fewer than 3" in text
    assert "Reporting Parent Alpha" not in text and "Banned Parent Beta" not in text


@pytest.mark.parametrize("role", ["slt", "bursar"])
def test_only_the_headteacher_sees_the_school_report(client, school, request, role):
    client.force_login(request.getfixturevalue(role))
    for path in ("/staff/reports/", "/staff/reports/report.pdf", "/staff/reports/report.csv"):
        assert client.get(path).status_code == 403


def test_a_head_sees_only_their_own_schools_report(client, autumn, other_head, other_school):
    client.force_login(other_head)
    response = _get(client, "/staff/reports/")
    assert response.status_code == 200
    assert [s["school"] for s in response.context["sections"]] == [other_school]
    assert response.context["sections"][0]["report"].cases.count == 0
    assert "Oakfield" not in response.content.decode()


def test_the_report_costs_the_same_queries_however_many_cases(
    client, school, head, django_assert_num_queries
):
    client.force_login(head)
    _get(client, "/staff/reports/")  # the session and memberships, once
    for _ in range(2):
        CaseFactory(school=school, opened_at=at(datetime.date(2026, 10, 5)))
    counted(school)
    # The sign-in's three; the reader's memberships and trusts, and the audit row; and six
    # reads: the counters by month and summed, the cases waiting for triage, the category and
    # group names, the bans
    with django_assert_num_queries(12) as few:
        _get(client, "/staff/reports/")
    for _ in range(20):
        case = CaseFactory(school=school, opened_at=at(datetime.date(2026, 10, 5)))
        CaseEventFactory(
            case=case,
            kind=CaseEvent.Kind.TRANSITION,
            source=Case.Status.REPORTED,
            target=Case.Status.GATHERING_INFORMATION,
        )
    counted(school)
    with django_assert_num_queries(len(few.captured_queries)):
        _get(client, "/staff/reports/")


def test_a_school_without_a_trust_works_as_before(client, school, head):
    assert school.trust is None
    client.force_login(head)
    assert client.get("/staff/").status_code == 200
    assert client.get("/staff/reports/trust/").status_code == 403


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


def test_a_page_chart_carries_nothing_the_content_security_policy_refuses():
    from exports.charts import bar_chart

    figures = [Figure("Year 1 parents", 4), Figure("Year 2 parents", 2)]
    page = bar_chart("group", "Cases by class group", figures).svg
    assert "<script" not in page and "<style" not in page and ' style="' not in page
    assert "Year 2 parents (fewer than 3)" in page
    assert "<style" in bar_chart("group", "Cases by class group", figures, for_pdf=True).svg


def test_a_long_label_is_shortened_on_the_chart_and_keeps_its_suppression_mark():
    from exports.charts import bar_chart

    long = "Using social media to publicly challenge school policies"
    svg = bar_chart("category", "Cases by breach category", [Figure(long, 2)]).svg
    assert "Using social media to publi… (fewer than 3)" in svg
    assert long not in svg


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


def test_opening_the_report_is_recorded_in_the_access_audit(client, autumn, head):
    client.force_login(head)
    for path in ("/staff/reports/", "/staff/reports/report.pdf", "/staff/reports/report.csv"):
        assert _get(client, path).status_code == 200
    rows = list(
        AccessEvent.objects.filter(action=AccessEvent.Action.VIEW_REPORT)
        .order_by("id")
        .values_list("actor", "school_id", "role", "object_type", "object_label")
    )
    assert rows == [
        (head.pk, autumn.pk, "headteacher", "governors_report", f"{output}, {AUTUMN.label}")
        for output in ("page", "pdf", "csv")
    ]


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


def test_a_refused_report_records_no_access(client, school, slt):
    client.force_login(slt)
    assert client.get("/staff/reports/").status_code == 403
    with pytest.raises(PermissionDenied):
        reports_for([school], AUTUMN, by=slt, today=TODAY)
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.VIEW_REPORT).exists()


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
