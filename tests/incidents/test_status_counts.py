"""The dashboard's per-state counters always equal a real COUNT of the school's cases."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from incidents.models import Case, CaseStatusCount
from incidents.selectors.dashboard import status_counts
from incidents.services.errors import NotPermitted
from incidents.services.reports import report_submit
from incidents.services.triage import case_merge
from incidents.services.workflow import case_apply_transition
from policies.models import School
from tests.factories import CaseFactory


def counted(school) -> dict[str, int]:
    counts = dict.fromkeys(Case.Status.values, 0)
    rows = Case.objects.filter(school=school).values("status").annotate(n=Count("id"))
    counts.update({row["status"]: row["n"] for row in rows})
    return counts


def intake(school, n: int) -> Case:
    report, _ = report_submit(
        school=school,
        details={
            "reporter_name": "Pat Parent",
            "occurred_on": datetime.date(2026, 11, 2),
            "description": "Rude comments about a teacher in the class group.",
        },
        categories=[],
        images=[],
        submission_key=f"counter-test-{n}",
    )
    return report.case


def test_counts_follow_intake_transitions_and_merges(school, other_school, slt, head):
    cases = [intake(school, n) for n in range(4)]
    CaseFactory(school=other_school, status=Case.Status.MEETING)
    assert status_counts(school=school) == counted(school)
    assert counted(school)[Case.Status.REPORTED] == 4

    first, second, third, fourth = cases
    case_apply_transition(case=first, name="triage", by=slt)
    case_apply_transition(case=first, name="speak_to_parent", by=slt)
    case_apply_transition(case=first, name="escalate_to_meeting", by=head)
    case_apply_transition(case=second, name="dismiss", by=slt)
    case_apply_transition(case=second, name="reopen", by=head)
    case_apply_transition(case=third, name="triage", by=slt)
    case_apply_transition(case=fourth, name="triage", by=slt)
    case_merge(case=third, into=fourth, by=slt)
    assert status_counts(school=school) == counted(school)
    assert status_counts(school=other_school) == counted(other_school)


def test_a_refused_transition_leaves_the_counts_alone(school, bursar):
    case = intake(school, 1)
    before = status_counts(school=school)
    with pytest.raises(NotPermitted):
        case_apply_transition(case=case, name="dismiss", by=bursar)
    assert status_counts(school=school) == before == counted(school)


def test_demo_seeding_keeps_the_counts(db):
    call_command("seed_demo", "--cases", "120", stdout=io.StringIO())
    call_command("seed_demo", "--cases", "30", stdout=io.StringIO())
    assert CaseStatusCount.objects.exists()
    for school in School.objects.all():
        assert status_counts(school=school) == counted(school)


def test_the_nightly_recount_corrects_a_drifted_counter_and_logs_it(school, caplog):
    from incidents.tasks import recount_statuses

    CaseFactory.create_batch(3, school=school, status=Case.Status.MEETING)
    assert recount_statuses() == 0  # kept exact: nothing to correct
    CaseFactory(school=school, status=Case.Status.CLOSED)
    # Drift, as a code path that bypassed the transition service would leave it:
    CaseStatusCount.objects.filter(school=school, status=Case.Status.MEETING).update(count=7)
    CaseStatusCount.objects.filter(school=school, status=Case.Status.CLOSED).delete()

    assert recount_statuses() == 1
    assert status_counts(school=school) == counted(school)
    assert "corrected" in caplog.text and "meeting" in caplog.text
