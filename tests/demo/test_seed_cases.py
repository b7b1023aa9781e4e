"""`seed_demo --cases N`: realistic scale data with a consistent chronology."""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from incidents.models import Case, CaseEvent, EscalationRequest, Report
from incidents.models.cases import ESCALATION_TARGETS, LADDER, Status
from incidents.services.references import reference_next
from policies.models import School

REFERENCE = re.compile(r"^(JL|GP|JP|SJP|SMJ)-20(24|25|26)-\d{4,}$")
LADDER_ORDER = [Status.REPORTED, *LADDER]


def seed(cases: int) -> str:
    out = io.StringIO()
    call_command("seed_demo", "--cases", str(cases), stdout=out)
    return out.getvalue()


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=io.StringIO())
    output = seed(60)
    return output


def test_reports_how_many_cases_were_added(seeded):
    assert "Added 60 cases in" in seeded
    assert Case.objects.count() == 60


def test_every_case_has_a_unique_well_formed_reference_and_a_report(seeded):
    references = list(Case.objects.values_list("reference", flat=True))
    assert len(set(references)) == 60
    assert all(REFERENCE.match(reference) for reference in references)
    assert not Case.objects.annotate(n=Count("reports")).filter(n=0).exists()
    for case in Case.objects.prefetch_related("reports"):
        assert {r.school_id for r in case.reports.all()} == {case.school_id}
        assert case.reference in {r.reference for r in case.reports.all()}
        assert case.reference.split("-")[1] == str(timezone.localtime(case.opened_at).year)


def test_cases_are_spread_over_states_and_schools(seeded):
    assert Case.objects.values("status").distinct().count() >= 6
    assert Case.objects.values("school").distinct().count() == School.objects.count() == 5


def test_categories_belong_to_the_case_school(seeded):
    for case in Case.objects.prefetch_related("breach_categories__code", "reports__categories"):
        categories = list(case.breach_categories.all())
        assert 1 <= len(categories) <= 2
        assert {c.code.school_id for c in categories} == {case.school_id}
        for report in case.reports.all():
            assert set(report.categories.all()) == set(categories)


def test_chronology_starts_with_the_report_and_follows_the_ladder(seeded):
    for case in Case.objects.prefetch_related("events"):
        events = list(case.events.all())
        assert events[0].kind == CaseEvent.Kind.REPORTED
        assert events[0].actor_label == "Reporter"
        transitions = [e for e in events if e.kind == CaseEvent.Kind.TRANSITION]
        here = Status.REPORTED
        for event in transitions:
            assert event.source == here
            assert event.data["transition"]
            if event.target != Status.CLOSED:
                assert LADDER_ORDER.index(event.target) > LADDER_ORDER.index(here)
            here = event.target
        assert here == case.status, case.reference
        assert all(e.created_at >= case.opened_at for e in events)
        if case.status == Status.CLOSED:
            assert transitions[-1].created_at == case.closed_at


def test_owner_is_set_once_triaged(seeded):
    assert not Case.objects.filter(status=Status.REPORTED, owner__isnull=False).exists()
    assert not Case.objects.exclude(status=Status.REPORTED).filter(owner__isnull=True).exists()


def test_closed_cases_have_an_outcome_and_a_closing_time(seeded):
    closed = Case.objects.filter(status=Status.CLOSED)
    assert closed.exists()
    for case in closed:
        assert case.outcome in Case.Outcome.values
        assert case.closed_at is not None and case.closed_at > case.opened_at
    assert not Case.objects.exclude(status=Status.CLOSED).exclude(outcome="").exists()


def test_every_escalated_case_has_an_approved_escalation(seeded):
    escalated = Case.objects.filter(status__in=ESCALATION_TARGETS)
    assert escalated.exists()
    for case in escalated:
        approved = case.escalations.filter(decision=EscalationRequest.Decision.APPROVED)
        assert approved.filter(target=case.status).exists()
        assert approved.get(target=case.status).decided_by.username.endswith("-head")


def test_at_most_one_pending_escalation_per_case(seeded):
    pending = EscalationRequest.objects.filter(decision=EscalationRequest.Decision.PENDING)
    assert not pending.values("case").annotate(n=Count("id")).filter(n__gt=1).exists()


def test_running_again_adds_more_without_collisions(seeded):
    output = seed(30)
    assert "Added 30 cases in" in output
    assert Case.objects.count() == 90
    case_references = set(Case.objects.values_list("reference", flat=True))
    report_references = list(Report.objects.values_list("reference", flat=True))
    assert len(case_references) == 90
    assert len(set(report_references)) == len(report_references)
    assert case_references <= set(report_references)
    for school in School.objects.all():
        with transaction.atomic():
            reference = reference_next(school=school)
        assert reference not in report_references
        assert not Case.objects.filter(reference=reference).exists()


def test_only_recent_open_flagged_cases_wait_for_the_dsl(seeded):
    from demo.cases.write import SAFEGUARDING_WAITING
    from incidents.models import SafeguardingAlert

    since = timezone.now() - SAFEGUARDING_WAITING
    waiting = Case.objects.filter(safeguarding=True, opened_at__gte=since).exclude(
        status=Status.CLOSED
    )
    alerts = SafeguardingAlert.objects.all()
    assert sorted(a.case_id for a in alerts) == sorted(waiting.values_list("pk", flat=True))
    assert all(a.is_pending and a.raised_at == a.case.opened_at for a in alerts)
