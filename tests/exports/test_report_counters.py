"""The governors' report's counters: every service that changes a figure keeps them in its own
transaction, so that after any mix of intake, triage, edits, escalations, merges, closures and
disposals they equal a recount from the cases, and the report read from them says what the
report computed from the cases themselves says (tests/exports/governors_oracle.py)."""

import contextlib
import datetime
import logging
import random
from collections import Counter

import pytest
from django.utils import timezone

from exports.governors import custom_period, reports_for, school_year, term_of
from incidents.models import Case, CaseEvent, CaseMonthCount, EscalationRequest
from incidents.models.cases import LADDER
from incidents.services.errors import NotNow, NotPermitted
from incidents.services.month_counts import (
    RATIO,
    bucket_of,
    case_month_counts,
    month_counts_recount,
    percentile,
    spans_covering,
)
from incidents.services.reports import report_submit
from incidents.services.triage import case_merge, case_set_categories
from incidents.services.workflow import (
    case_apply_transition,
    escalation_decide,
    escalation_propose,
)
from retention.models import Series
from retention.services.disposal import disposal_approve
from retention.services.due import due_list_refresh
from tests.exports.governors_oracle import reports_from_cases
from tests.factories import CaseFactory, MessagingGroupFactory, SiteBanFactory

LONDON = timezone.get_default_timezone()
START = datetime.datetime(2026, 8, 28, 8, tzinfo=LONDON)


class Clock:
    """The time the services see: it moves on as the school year goes by."""

    def __init__(self):
        self.now = START

    def __call__(self):
        return self.now

    def wait(self, rng, longest_hours):
        self.now += datetime.timedelta(hours=rng.uniform(0.2, longest_hours))


@pytest.fixture
def clock(monkeypatch):
    clock = Clock()
    monkeypatch.setattr(timezone, "now", clock)
    for model, name in (
        (Case, "opened_at"),
        (CaseEvent, "created_at"),
        (EscalationRequest, "requested_at"),
    ):
        # A field's default is read once and cached on the field.
        monkeypatch.setattr(model._meta.get_field(name), "_get_default", clock)
    return clock


def intake(school, rng, key) -> Case:
    groups = list(school.groups.all())
    categories = list(school.codes.get().breach_categories.all())
    report, _ = report_submit(
        school=school,
        details={
            "reporter_name": "Pat Parent",
            "occurred_on": timezone.localdate(),
            "description": "Rude comments about a teacher in the class group.",
            "group": rng.choice([*groups, None]),
        },
        categories=rng.sample(categories, rng.randint(0, len(categories))),
        images=[],
        submission_key=f"counters-{key}",
    )
    return report.case


OUTCOMES = [o for o in Case.Outcome.values if o not in {"duplicate", "dismissed"}]


def act(case: Case, school, rng, slt, head, clock) -> None:
    """One random thing a member of staff might do to the case now (refusals are fine: they
    must leave the counters alone)."""
    case.refresh_from_db()
    choice = rng.random()
    if case.status == Case.Status.REPORTED:
        name = "dismiss" if choice < 0.2 else "triage"
        case_apply_transition(case=case, name=name, by=slt)
    elif case.status == Case.Status.CLOSED:
        if choice < 0.3:
            case_apply_transition(case=case, name="reopen", by=head)
    elif choice < 0.15:
        categories = list(school.codes.get().breach_categories.all())
        case_set_categories(case=case, categories=rng.sample(categories, 1), by=slt)
    elif choice < 0.25:
        others = Case.objects.filter(school=school).exclude(pk=case.pk)
        into = others.exclude(status=Case.Status.CLOSED).filter(merged_into=None).first()
        if into is not None:
            case_merge(case=case, into=into, by=slt)
    elif choice < 0.45:
        outcome = rng.choice(OUTCOMES)
        closer = slt if case.status in LADDER[:2] else head
        case_apply_transition(case=case, name="close", by=closer, outcome=outcome)
    elif choice < 0.6 and case.status == Case.Status.GATHERING_INFORMATION:
        case_apply_transition(case=case, name="speak_to_parent", by=slt)
    elif choice < 0.8:
        here = LADDER.index(case.status)
        targets = [s for s in LADDER[2:] if LADDER.index(s) > here]
        if targets:
            proposal = escalation_propose(
                case=case, target=rng.choice(targets), reason="Again.", by=slt
            )
            clock.wait(rng, 80)
            approve = rng.random() < 0.7
            escalation_decide(escalation=proposal, by=head, approve=approve, note="Decided.")
    else:
        here = LADDER.index(case.status)
        if here < LADDER.index(Case.Status.MEETING):
            case_apply_transition(case=case, name="escalate_to_meeting", by=head)


def school_history(school, slt, head, clock, seed, days=150):
    """About five months of a school's concerns, one working day at a time."""
    rng = random.Random(seed)
    for n in range(2):
        MessagingGroupFactory(school=school, name=f"Year {n + 1} parents")
    cases = []
    for day in range(days):
        clock.now = START + datetime.timedelta(days=day, hours=rng.uniform(0, 12))
        if rng.random() < 0.35:
            cases.append(intake(school, rng, f"{seed}-{day}"))
        for case in rng.sample(cases, min(len(cases), 2)):
            clock.wait(rng, 30)
            with contextlib.suppress(NotNow, NotPermitted):
                act(case, school, rng, slt, head, clock)
    return cases


def dispose_of_some(school, head, clock, rng):
    """Seven years on, the headteacher disposes of some of the closed cases."""
    clock.now = START + datetime.timedelta(days=7 * 366)
    items = [
        item
        for item in due_list_refresh(school=school, now=clock.now)
        if item.case_id and item.series not in {Series.EVIDENCE_FILES, Series.LETTERS}
    ]
    assert items
    chosen = rng.sample(items, max(1, len(items) // 3))
    disposal_approve(school=school, item_ids=[i.pk for i in chosen], by=head, now=clock.now)
    return len(chosen)


def stored(school) -> dict:
    return {
        (row.span, row.month, row.measure, row.key): row.count
        for row in CaseMonthCount.objects.filter(school=school)
        if row.count
    }


# A term's months by its first month, and a school year from September: said again here rather
# than taken from the code under test.
TERM_MONTHS = {9: range(9, 13), 1: range(1, 4), 4: range(4, 9)}


def recounted(school) -> dict:
    """What the school's cases contribute to each month, summed again for each term and year."""
    rows = Counter()
    for (_, month, measure, key), n in case_month_counts(
        Case.objects.filter(school=school)
    ).items():
        term = next(first for first, months in TERM_MONTHS.items() if month.month in months)
        rows["month", month, measure, key] += n
        rows["term", month.replace(month=term), measure, key] += n
        rows["year", datetime.date(month.year - (month.month < 9), 9, 1), measure, key] += n
    return {name: n for name, n in rows.items() if n}


def close_to(value, exact) -> bool:
    return abs(value - exact) <= exact * (RATIO - 1) + datetime.timedelta(seconds=1)


def assert_same_report(ours, theirs):
    assert ours.cases == theirs.cases
    assert ours.by_month == theirs.by_month
    assert ours.by_step == theirs.by_step
    # Equal counts come in either order from the database; ours orders them by label.
    for figures in ("by_category", "by_group", "by_outcome"):
        assert sorted(getattr(ours, figures), key=repr) == sorted(
            getattr(theirs, figures), key=repr
        ), figures
        counts = [f.count for f in getattr(ours, figures)]
        assert counts == sorted(counts, reverse=True)
    assert ours.sla_misses == theirs.sla_misses
    assert ours.bans == theirs.bans
    for times in ("triage", "decisions"):
        mine, exact = getattr(ours, times), getattr(theirs, times)
        assert mine.count == exact.count, times
        if exact.count:
            assert close_to(mine.median, exact.median), (times, mine, exact)
            assert close_to(mine.p90, exact.p90), (times, mine, exact)


def test_every_service_keeps_the_counters_and_the_report_equals_the_cases(
    school, other_school, slt, head, other_slt, other_head, clock
):
    history = school_history(school, slt, head, clock, seed=1)
    school_history(other_school, other_slt, other_head, clock, seed=2)
    SiteBanFactory(case=history[0], created_at=START + datetime.timedelta(days=20))
    statuses = set(Case.objects.values_list("status", flat=True))
    assert statuses >= {Case.Status.REPORTED, Case.Status.CLOSED, Case.Status.MEETING}
    assert Case.objects.exclude(merged_into=None).exists()
    assert EscalationRequest.objects.filter(decision="rejected").exists()
    assert EscalationRequest.objects.filter(decision="approved").exists()

    gone = dispose_of_some(school, head, clock, random.Random(3))
    assert Case.objects.filter(school=school).count() == len(history) - gone

    for each in (school, other_school):
        assert stored(each) == recounted(each)
        assert month_counts_recount(school_id=each.pk) == {}
    today = datetime.date(2027, 2, 15)
    periods = [
        term_of(datetime.date(2026, 10, 1)),
        term_of(datetime.date(2027, 1, 5)),
        school_year(datetime.date(2026, 10, 1)),
        custom_period(datetime.date(2026, 8, 1), datetime.date(2027, 1, 1)),
        custom_period(datetime.date(2026, 11, 1), datetime.date(2026, 11, 1)),
        # Two terms, a school year, a term and two months: rows of every span.
        custom_period(datetime.date(2026, 1, 1), datetime.date(2027, 11, 1)),
    ]
    for period in periods:
        for each, reader in ((school, head), (other_school, other_head)):
            ours = reports_for([each], period, by=reader, today=today)[each.pk]
            theirs = reports_from_cases([each], period, today=today)[each.pk]
            assert_same_report(ours, theirs)
    year = reports_for([school], periods[2], by=head, today=today)[school.pk]
    assert year.triage.count > 10 and year.decisions.count > 3 and year.sla_misses.count


def test_another_schools_changes_never_touch_this_schools_counters(
    school, other_school, slt, head, other_slt, other_head, clock
):
    school_history(school, slt, head, clock, seed=4, days=40)
    before = list(CaseMonthCount.objects.filter(school=school).values_list("pk", "count"))
    school_history(other_school, other_slt, other_head, clock, seed=5, days=60)
    dispose_of_some(other_school, other_head, clock, random.Random(6))
    assert before
    assert list(CaseMonthCount.objects.filter(school=school).values_list("pk", "count")) == before
    assert CaseMonthCount.objects.filter(school=other_school).exists()


def test_a_refused_change_leaves_the_counters_alone(school, slt, bursar, clock):
    case = intake(school, random.Random(7), "refused")
    before = stored(school)
    with pytest.raises(NotPermitted):
        case_apply_transition(case=case, name="dismiss", by=bursar)
    assert stored(school) == before == recounted(school)


def test_the_report_reads_the_same_queries_however_many_cases_and_months(
    school, head, clock, django_assert_num_queries
):
    period = school_year(datetime.date(2026, 10, 1))
    # The reader's memberships and trusts, the audit row; the counters by month and summed, the
    # cases waiting for triage, the category and group names, the bans.
    with django_assert_num_queries(9):
        reports_for([school], period, by=head)
    school_history(school, head, head, clock, seed=8, days=120)
    with django_assert_num_queries(9):
        report = reports_for([school], period, by=head)[school.pk]
    assert report.cases.count > 20


def test_a_percentile_read_from_the_buckets_is_within_four_per_cent():
    rng = random.Random(9)
    for _ in range(50):
        values = sorted(rng.uniform(60, 90 * 86_400) for _ in range(rng.randint(1, 60)))
        buckets = {}
        for value in values:
            buckets[bucket_of(value)] = buckets.get(bucket_of(value), 0) + 1
        for fraction in (0.5, 0.9):
            position = fraction * (len(values) - 1)
            below = int(position)
            above = min(below + 1, len(values) - 1)
            exact = values[below] + (values[above] - values[below]) * (position - below)
            assert abs(percentile(buckets, fraction) - exact) < exact * (RATIO - 1)


def test_the_nightly_recount_corrects_drifted_counters_and_logs_it(school, caplog):
    from incidents.tasks import recount_report_counters

    CaseFactory.create_batch(3, school=school, opened_at=START)
    assert recount_report_counters() == 0  # kept exact: nothing to correct
    CaseMonthCount.objects.filter(school=school, measure="opened").update(count=7)
    with caplog.at_level(logging.ERROR):
        assert recount_report_counters() == 1
    assert stored(school) == recounted(school)
    assert "Report counters of school" in caplog.text


def test_the_migration_counts_existing_cases_as_the_recount_does(
    school, other_school, slt, head, other_slt, other_head, clock
):
    """Migrations 0033 (the months) and 0034 (their terms and years) keep their own copies of
    the counting (a migration is history): run on today's models, they give what the services
    kept."""
    import importlib

    from django.apps import apps

    months = importlib.import_module("incidents.migrations.0033_case_month_count")
    spans = importlib.import_module("incidents.migrations.0034_counts_by_span")
    school_history(school, slt, head, clock, seed=10, days=60)
    school_history(other_school, other_slt, other_head, clock, seed=11, days=30)
    kept = (stored(school), stored(other_school))
    assert {span for span, *_ in kept[0]} == {"month", "term", "year"}
    CaseMonthCount.objects.all().delete()
    months.count_existing_cases(apps, None)
    spans.roll_up_months(apps, None)
    assert (stored(school), stored(other_school)) == kept


def test_a_period_is_read_from_its_widest_spans():
    def months(first, last):
        return spans_covering(datetime.date(*first, 1), datetime.date(*last, 1))

    def at(span, year, month):
        return (span, datetime.date(year, month, 1))

    assert months((2024, 1), (2026, 11)) == [
        at("term", 2024, 1),
        at("term", 2024, 4),
        at("year", 2024, 9),
        at("year", 2025, 9),
        at("month", 2026, 9),
        at("month", 2026, 10),
        at("month", 2026, 11),
    ]
    assert months((2026, 9), (2027, 8)) == [at("year", 2026, 9)]
    assert months((2026, 9), (2026, 12)) == [at("term", 2026, 9)]
    assert months((2026, 10), (2027, 3)) == [
        at("month", 2026, 10),
        at("month", 2026, 11),
        at("month", 2026, 12),
        at("term", 2027, 1),
    ]
    assert months((2026, 8), (2026, 8)) == [at("month", 2026, 8)]
    assert months((2026, 4), (2027, 9)) == [
        at("term", 2026, 4),
        at("year", 2026, 9),
        at("month", 2027, 9),
    ]


def test_a_school_years_figures_are_read_from_its_year_rows(school, slt, head, clock):
    school_history(school, slt, head, clock, seed=12, days=60)
    year = school_year(datetime.date(2026, 10, 1))
    before = reports_for([school], year, by=head)[school.pk]
    assert before.triage.count > 3 and before.by_group
    # Without the months' rows (but the cases opened per month, which the report lists), the
    # year's figures are the same: they come from its own rows.
    CaseMonthCount.objects.filter(school=school, span="month").exclude(measure="opened").delete()
    assert reports_for([school], year, by=head)[school.pk] == before
