"""The governors' report: each figure against a known set of cases, small-number suppression,
the CSV and the PDF, and who may see which school's report (a trust's: test_trust_report.py)."""

import csv
import datetime
import io
import re

import pytest
from django.core.exceptions import PermissionDenied
from pypdf import PdfReader

from audit.models import AccessEvent
from exports.governors import (
    Figure,
    custom_period,
    reports_for,
)
from incidents.models import Case, CaseEvent
from incidents.services.month_counts import RATIO
from tests.exports.conftest import at, counted
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
)

AUTUMN = custom_period(datetime.date(2026, 9, 1), datetime.date(2026, 12, 31))
TODAY = datetime.date(2027, 1, 10)


def test_counts_of_one_or_two_are_suppressed_and_three_shown():
    assert Figure("x", 1).shown == "fewer than 3"
    assert Figure("x", 2).shown == "fewer than 3"
    assert Figure("x", 3).shown == "3"
    assert Figure("x", 0).shown == "0"


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


def test_a_refused_report_records_no_access(client, school, slt):
    client.force_login(slt)
    assert client.get("/staff/reports/").status_code == 403
    with pytest.raises(PermissionDenied):
        reports_for([school], AUTUMN, by=slt, today=TODAY)
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.VIEW_REPORT).exists()
