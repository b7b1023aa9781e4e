"""The governors' report's counters (`CaseMonthCount`): what a set of cases contributes to each
figure, kept in the transaction of every change a figure depends on, and recounted from scratch.

`case_month_counts` reads some cases and says what they contribute: the recount compares the
counters with what all of a school's cases contribute, and the rarer changes (breach categories
edited, a merge, a disposal) take it before and after (`month_counts_kept`) and add the
difference. The public form, transitions and decisions, which are many, add what they change
without reading it back (`month_counts_opened`, `_moved`, `_decided`); the tests check both
ways against each other (tests/exports/test_report_counters.py).

Durations are counted in geometric buckets: bucket i >= 1 holds the durations from RATIO**(i-1)
to RATIO**i seconds, bucket 0 those under a second. A median or 90th percentile read from them
(`percentile`) places a bucket's cases evenly across it (on the same geometric scale), so each
value it interpolates between lies in the same bucket as the exact one: the result is less than
RATIO - 1 (8 %) away from what the cases' exact durations give, and usually much closer (a bucket
holding one case is read at its middle, at most 4 % away). Finer buckets would be closer still,
but a bucket is a counter row: at 4 % most cases had a row of their own, and a trust's report
read as many rows as it had cases (bench/RESULTS.md, "Duration buckets").

Each count is kept three times: for its month, its term and its school year (`Span`), so a
period reads the widest rows that fit in it (`spans_covering`): a school year's figures are one
row per key, not twelve, and a trust's whole history reads a few rows per key and school however
many months it spans.
"""

import datetime
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from contextlib import contextmanager

from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from incidents.models import Case, CaseEvent, CaseMonthCount, EscalationRequest
from incidents.models.cases import LADDER

Measure = CaseMonthCount.Measure
Span = CaseMonthCount.Span
RATIO = 1.08
DECIDED = [EscalationRequest.Decision.APPROVED, EscalationRequest.Decision.REJECTED]

# (school id, first day of the month, measure, key) -> number of cases
Counts = Counter

# UK school terms as the report counts them, by their first and last months: autumn from
# September to December, spring from January to March, summer from April to August (the
# holidays fall inside the terms, so no month is left out of a school year).
TERMS = (("Autumn term", 9, 12), ("Spring term", 1, 3), ("Summer term", 4, 8))


def span_start(month: datetime.date, span: str) -> datetime.date:
    """The first day of the month, term or school year (September to August) `month` is in."""
    if span == Span.MONTH:
        return month
    if span == Span.YEAR:
        return month.replace(year=month.year - (month.month < 9), month=9)
    first = next(first for _, first, last in TERMS if first <= month.month <= last)
    return month.replace(month=first)


def _months_later(month: datetime.date, months: int) -> datetime.date:
    index = month.year * 12 + month.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


def span_months(start: datetime.date, span: str) -> int:
    if span == Span.MONTH:
        return 1
    if span == Span.YEAR:
        return 12
    return next(last - first + 1 for _, first, last in TERMS if first == start.month)


def spans_covering(first: datetime.date, last: datetime.date) -> list[tuple[str, datetime.date]]:
    """The months from `first` to `last` (first days) as the fewest whole spans: each step takes
    the school year starting there if it ends in time, else the term, else the month."""
    covering, month = [], first
    while month <= last:
        span = next(
            span
            for span in (Span.YEAR, Span.TERM, Span.MONTH)
            if span_start(month, span) == month
            and _months_later(month, span_months(month, span) - 1) <= last
        )
        covering.append((span, month))
        month = _months_later(month, span_months(month, span))
    return covering


def spans_of(counts: Mapping[tuple, int]) -> Counter:
    """Month counts ((school, month, measure, key) -> n) as the rows that keep them:
    (school, span, first day of the span, measure, key) -> n, for each of the three spans."""
    rows = Counter()
    for (school_id, month, measure, key), n in counts.items():
        for span in Span:
            rows[school_id, span.value, span_start(month, span), measure, key] += n
    return rows


def month_of(moment: datetime.datetime) -> datetime.date:
    """The first day of the month `moment` falls in, in the school's time zone."""
    return timezone.localtime(moment, timezone.get_default_timezone()).date().replace(day=1)


def bucket_of(seconds: float) -> str:
    """The bucket of a duration, as a counter's key: zero-padded, so the keys sort as numbers."""
    index = 0 if seconds < 1 else int(math.log(seconds) / math.log(RATIO)) + 1
    return f"{index:04d}"


def bucket_bounds(key: str) -> tuple[float, float]:
    index = int(key)
    return (0.0, 1.0) if index == 0 else (RATIO ** (index - 1), RATIO**index)


def _nth(buckets: list[tuple[str, int]], n: int) -> float:
    """The n-th smallest duration (from 0), with a bucket's cases spread evenly across it."""
    seen = 0
    for key, count in buckets:
        if n < seen + count:
            low, high = bucket_bounds(key)
            place = (n - seen + 0.5) / count
            return low + (high - low) * place if low == 0 else low * (high / low) ** place
        seen += count
    raise IndexError(n)


def percentile(buckets: Mapping[str, int], fraction: float) -> float:
    """The duration at `fraction` of the counted ones, interpolated between neighbours as
    PostgreSQL's PERCENTILE_CONT does over the exact values."""
    ordered = sorted((key, count) for key, count in buckets.items() if count)
    total = sum(count for _, count in ordered)
    position = fraction * (total - 1)
    below = int(position)
    low = _nth(ordered, below)
    high = _nth(ordered, min(below + 1, total - 1))
    return low + (high - low) * (position - below)


def case_month_counts(cases: QuerySet) -> Counts:
    """What the cases of `cases` contribute to the counters, read in four queries.

    A case counts in the month it was opened: once as opened, under its class group and its
    outcome, under each breach category it has, at each step of the ladder its chronology moved
    it to, and by the time from its opening to its triage (its move out of "Reported", which no
    transition leads back to), as late if that day was after its triage-due day. Each decision
    of the headteacher on an escalation counts by its time, in the month it was made.
    """
    counts = Counts()
    zone = timezone.get_default_timezone()
    opened = {}
    for pk, school_id, opened_at, group_id, outcome, triage_due in cases.order_by().values_list(
        "pk", "school_id", "opened_at", "group_id", "outcome", "triage_due"
    ):
        month = month_of(opened_at)
        opened[pk] = (school_id, month, opened_at, triage_due)
        counts[school_id, month, Measure.OPENED, ""] += 1
        counts[school_id, month, Measure.GROUP, str(group_id or "")] += 1
        counts[school_id, month, Measure.OUTCOME, outcome] += 1
    if not opened:
        return counts
    chosen = cases.order_by().values("pk")
    for case_id, category_id in (
        Case.breach_categories.through.objects.filter(case_id__in=chosen)
        .order_by()
        .values_list("case_id", "breachcategory_id")
        .distinct()
    ):
        school_id, month, *_ = opened[case_id]
        counts[school_id, month, Measure.CATEGORY, str(category_id)] += 1
    reached = set()
    for case_id, source, target, at in (
        CaseEvent.objects.filter(case_id__in=chosen, kind=CaseEvent.Kind.TRANSITION)
        .order_by()
        .values_list("case_id", "source", "target", "created_at")
    ):
        school_id, month, opened_at, triage_due = opened[case_id]
        if target in LADDER and (case_id, target) not in reached:
            reached.add((case_id, target))
            counts[school_id, month, Measure.STEP, target] += 1
        if source == Case.Status.REPORTED:
            waited = (at - opened_at).total_seconds()
            counts[school_id, month, Measure.TRIAGE_TIME, bucket_of(waited)] += 1
            if triage_due and timezone.localtime(at, zone).date() > triage_due:
                counts[school_id, month, Measure.TRIAGE_LATE, ""] += 1
    for case_id, requested_at, decided_at in (
        EscalationRequest.objects.filter(
            case_id__in=chosen, decision__in=DECIDED, decided_at__isnull=False
        )
        .order_by()
        .values_list("case_id", "requested_at", "decided_at")
    ):
        school_id = opened[case_id][0]
        waited = (decided_at - requested_at).total_seconds()
        counts[school_id, month_of(decided_at), Measure.DECISION_TIME, bucket_of(waited)] += 1
    return counts


def month_counts_opened(*, case: Case, category_ids: Iterable[int]) -> None:
    """A case just opened, with its breach categories: as `case_month_counts` counts it, without
    reading it back (the public form's path)."""
    here = (case.school_id, month_of(case.opened_at))
    changes = {
        (*here, Measure.OPENED, ""): 1,
        (*here, Measure.GROUP, str(case.group_id or "")): 1,
        (*here, Measure.OUTCOME, case.outcome): 1,
    }
    changes.update({(*here, Measure.CATEGORY, str(pk)): 1 for pk in set(category_ids)})
    month_counts_add(changes=changes)


def month_counts_moved(*, case: Case, event: CaseEvent, outcome_before: str) -> None:
    """The transition `event` just recorded on `case` (its row locked), as `case_month_counts`
    counts it: the outcome it changed, the step it reached for the first time, the triage."""
    here = (case.school_id, month_of(case.opened_at))
    changes = Counter()
    if outcome_before != case.outcome:
        changes[(*here, Measure.OUTCOME, outcome_before)] -= 1
        changes[(*here, Measure.OUTCOME, case.outcome)] += 1
    if (
        event.target in LADDER
        and not CaseEvent.objects.filter(
            case=case, kind=CaseEvent.Kind.TRANSITION, target=event.target
        )
        .exclude(pk=event.pk)
        .exists()
    ):
        changes[(*here, Measure.STEP, event.target)] += 1
    if event.source == Case.Status.REPORTED:
        waited = (event.created_at - case.opened_at).total_seconds()
        changes[(*here, Measure.TRIAGE_TIME, bucket_of(waited))] += 1
        triaged_on = timezone.localtime(event.created_at, timezone.get_default_timezone()).date()
        if case.triage_due and triaged_on > case.triage_due:
            changes[(*here, Measure.TRIAGE_LATE, "")] += 1
    month_counts_add(changes=changes)


def month_counts_decided(*, escalation: EscalationRequest) -> None:
    """The headteacher's decision on `escalation`, just made."""
    waited = (escalation.decided_at - escalation.requested_at).total_seconds()
    counter = (escalation.school_id, month_of(escalation.decided_at))
    month_counts_add(changes={(*counter, Measure.DECISION_TIME, bucket_of(waited)): 1})


def month_counts_add(*, changes: Mapping[tuple, int]) -> None:
    """Add each change to a month's count (negative to subtract) to the counters of its month,
    its term and its school year.

    Call it inside the transaction that changes the cases. The UPDATE takes the counter row's
    lock until commit, so concurrent changes add up; counters are taken in a fixed order so two
    changes cannot deadlock.
    """
    rows = spans_of(changes)
    for name in sorted(rows):
        delta = rows[name]
        if not delta:
            continue
        where = dict(zip(("school_id", "span", "month", "measure", "key"), name, strict=True))
        counter = CaseMonthCount.objects.filter(**where)
        if not counter.update(count=F("count") + delta):
            # The first case to count here: create the row (or find a concurrent one).
            CaseMonthCount.objects.bulk_create([CaseMonthCount(**where)], ignore_conflicts=True)
            counter.update(count=F("count") + delta)


def _difference(before: Counts, after: Counts) -> dict[tuple, int]:
    return {key: after[key] - before[key] for key in before.keys() | after.keys()}


@contextmanager
def month_counts_kept(*, case_ids: Iterable[int]):
    """Keep the counters right across a change to these cases (made inside the `with`, in the
    caller's transaction): what they contribute before and after it, and the difference added.
    Not nested: an inner one's change would be added twice."""
    cases = Case.objects.filter(pk__in=list(case_ids))
    before = case_month_counts(cases)
    yield
    month_counts_add(changes=_difference(before, case_month_counts(cases)))


@transaction.atomic
def month_counts_recount(*, school_id: int) -> dict[tuple, int]:
    """Set the school's counters to what its cases contribute, and return what was corrected
    ((span, first day of the span, measure, key) -> difference). For data written without the
    services (the demo seeding) and as the nightly safety net, which should find nothing.

    The school's counter rows are locked first, so a change still in flight waits and adds
    itself on top of the recount. A counter a concurrent change creates meanwhile (the first case
    ever to count there) is not locked: should the two collide, the next recount corrects it.
    """
    kept = {
        (row.span, row.month, row.measure, row.key): row
        for row in CaseMonthCount.objects.select_for_update()
        .filter(school_id=school_id)
        .order_by("span", "month", "measure", "key")
    }
    counted = spans_of(case_month_counts(Case.objects.filter(school_id=school_id)))
    real = {(span, month, measure, key): n for (_, span, month, measure, key), n in counted.items()}
    corrected = {}
    missing = []
    for name in sorted(kept.keys() | real.keys()):
        difference = real.get(name, 0) - (kept[name].count if name in kept else 0)
        if not difference:
            continue
        corrected[name] = difference
        if name in kept:
            CaseMonthCount.objects.filter(pk=kept[name].pk).update(count=F("count") + difference)
        else:
            span, month, measure, key = name
            missing.append(
                CaseMonthCount(
                    school_id=school_id,
                    span=span,
                    month=month,
                    measure=measure,
                    key=key,
                    count=difference,
                )
            )
    CaseMonthCount.objects.bulk_create(missing, batch_size=1000, ignore_conflicts=True)
    return corrected
