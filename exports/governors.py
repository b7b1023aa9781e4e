"""The governors' report: what happened in a period at one school, or at each school of a trust,
in counts and times without a name.

Every figure is one aggregate query (GROUP BY school, and the breakdown's key) over all the
schools asked for, so a trust's report costs the same queries as one school's, whatever the
number of cases. A count of 1 or 2 is shown as "fewer than 3" (`Figure.shown`) so that no family
can be recognised; 0 is shown, since it tells nothing about anyone.
"""

import datetime
import itertools
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Q,
)
from django.db.models.functions import Extract, TruncDate, TruncMonth
from django.utils import timezone

from incidents.models import Case, CaseEvent, EscalationRequest, SiteBan
from incidents.models.cases import LADDER
from policies.permissions import report_school_ids

SUPPRESS_BELOW = 3
SUPPRESSED = "fewer than 3"
NO_GROUP = "No group recorded"
STILL_OPEN = "Still open"
NOT_TRIAGED = "Not yet triaged"

# UK school terms as the report counts them: autumn from 1 September to 31 December, spring from
# 1 January to 31 March, summer from 1 April to 31 August (the holidays fall inside the terms, so
# no day is left out of a school year).
TERMS = (("Autumn term", 9, 12), ("Spring term", 1, 3), ("Summer term", 4, 8))


@dataclass(frozen=True)
class Period:
    label: str
    first: datetime.date
    last: datetime.date

    @property
    def slug(self) -> str:
        return f"{self.first:%Y-%m-%d}-to-{self.last:%Y-%m-%d}"

    def bounds(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From the first day's local midnight to the midnight after the last day."""
        tz = timezone.get_current_timezone()
        start = datetime.datetime.combine(self.first, datetime.time.min, tzinfo=tz)
        end = datetime.datetime.combine(
            self.last + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
        )
        return start, end


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + month // 12, month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


def term_of(day: datetime.date) -> Period:
    for name, first_month, last_month in TERMS:
        if first_month <= day.month <= last_month:
            return Period(
                f"{name} {day.year}",
                datetime.date(day.year, first_month, 1),
                _month_end(day.year, last_month),
            )
    raise AssertionError(day)  # every month is in a term


def previous_term(day: datetime.date) -> Period:
    return term_of(term_of(day).first - datetime.timedelta(days=1))


def school_year(day: datetime.date) -> Period:
    start = day.year if day.month >= 9 else day.year - 1
    return Period(
        f"School year {start} to {start + 1}",
        datetime.date(start, 9, 1),
        datetime.date(start + 1, 8, 31),
    )


def custom_period(first: datetime.date, last: datetime.date) -> Period:
    return Period(f"{first:%-d %b %Y} to {last:%-d %b %Y}", first, last)


PERIOD_CHOICES = [
    ("this_term", "This term"),
    ("last_term", "Last term"),
    ("this_year", "This school year"),
    ("custom", "Choose dates"),
]


def named_period(name: str, today: datetime.date) -> Period:
    return {"this_term": term_of, "last_term": previous_term, "this_year": school_year}[name](today)


@dataclass(frozen=True)
class Figure:
    label: str
    count: int

    @property
    def suppressed(self) -> bool:
        return 0 < self.count < SUPPRESS_BELOW

    @property
    def shown(self) -> str:
        return SUPPRESSED if self.suppressed else f"{self.count:,}"


@dataclass(frozen=True)
class Times:
    """How long something took, over `count` cases: the median and the 90th percentile."""

    count: int
    median: datetime.timedelta | None
    p90: datetime.timedelta | None

    @property
    def suppressed(self) -> bool:
        return self.count < SUPPRESS_BELOW

    @property
    def shown(self) -> str:
        if self.count == 0:
            return "none in this period"
        if self.suppressed:
            return f"over {SUPPRESSED} cases: not given"
        return f"median {self.shown_median}; 90th percentile {self.shown_p90}"

    @property
    def shown_median(self) -> str:
        return _duration(self.median) if not self.suppressed else _too_few(self.count)

    @property
    def shown_p90(self) -> str:
        return _duration(self.p90) if not self.suppressed else _too_few(self.count)


def _too_few(count: int) -> str:
    return "none" if count == 0 else f"{SUPPRESSED} cases"


def _duration(value: datetime.timedelta | None) -> str:
    hours = value.total_seconds() / 3600
    if hours < 48:
        return f"{hours:.1f} hours"
    return f"{hours / 24:.1f} days"


@dataclass
class SchoolReport:
    school_id: int
    cases: Figure = field(default_factory=lambda: Figure("Cases opened", 0))
    by_month: list[Figure] = field(default_factory=list)
    by_category: list[Figure] = field(default_factory=list)
    by_group: list[Figure] = field(default_factory=list)
    by_step: list[Figure] = field(default_factory=list)
    by_outcome: list[Figure] = field(default_factory=list)
    triage: Times = Times(0, None, None)
    decisions: Times = Times(0, None, None)
    bans: list[Figure] = field(default_factory=list)
    sla_misses: Figure = field(default_factory=lambda: Figure("Triage later than due", 0))

    def breakdowns(self) -> list[tuple[str, str, list[Figure]]]:
        """(key, title, figures) for each breakdown, in the report's order."""
        return [
            ("month", "Cases opened by month", self.by_month),
            ("category", "Cases by breach category", self.by_category),
            ("group", "Cases by class group", self.by_group),
            ("step", "Cases by step of the ladder reached", self.by_step),
            ("outcome", "Cases by outcome", self.by_outcome),
        ]


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate: the value at `fraction` of the ordered values,
    interpolated between neighbours."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def _interpolated(values: list[float], fraction: float) -> float:
    """As PERCENTILE_CONT computes it, over values already in order."""
    position = fraction * (len(values) - 1)
    below = int(position)
    above = min(below + 1, len(values) - 1)
    return values[below] + (values[above] - values[below]) * (position - below)


def _times(queryset, school_field: str, duration) -> dict[int, Times]:
    """Median and 90th percentile of `duration` for each school. PostgreSQL computes them;
    elsewhere the database orders the durations and only they are read."""
    rows = queryset.annotate(duration=duration)
    result = {}
    if connection.vendor == "postgresql":
        seconds = Extract("duration", "epoch")
        for row in rows.values(school_field).annotate(
            n=Count("pk"),
            p50=PercentileCont(seconds, 0.5),
            p90=PercentileCont(seconds, 0.9),
        ):
            result[row[school_field]] = Times(
                row["n"],
                datetime.timedelta(seconds=row["p50"]),
                datetime.timedelta(seconds=row["p90"]),
            )
        return result
    ordered = rows.order_by(school_field, "duration").values_list(school_field, "duration")
    for school_id, group in itertools.groupby(ordered, key=lambda row: row[0]):
        values = [d.total_seconds() for _, d in group]
        result[school_id] = Times(
            len(values),
            datetime.timedelta(seconds=_interpolated(values, 0.5)),
            datetime.timedelta(seconds=_interpolated(values, 0.9)),
        )
    return result


def _months(period: Period) -> list[datetime.date]:
    months, day = [], period.first.replace(day=1)
    while day <= period.last:
        months.append(day)
        day = _month_end(day.year, day.month) + datetime.timedelta(days=1)
    return months


def reports_for(
    schools: list, period: Period, *, by, today: datetime.date | None = None
) -> dict[int, SchoolReport]:
    """The report of each school asked for, in the same few queries whatever their number;
    refused unless every one of them is the reader's to see."""
    school_ids = [school.pk for school in schools]
    if report_school_ids(by, schools) != set(school_ids):
        raise PermissionDenied("Not your school's or your trust's report.")
    today = today or timezone.localdate()
    start, end = period.bounds()
    reports = {school_id: SchoolReport(school_id) for school_id in school_ids}
    cases = Case.objects.filter(
        school_id__in=school_ids, opened_at__gte=start, opened_at__lt=end
    ).order_by()

    late_triage = defaultdict(int)
    for row in cases.values("school_id").annotate(
        n=Count("pk"),
        untriaged=Count("pk", filter=Q(status=Case.Status.REPORTED)),
        untriaged_late=Count("pk", filter=Q(status=Case.Status.REPORTED, triage_due__lt=today)),
    ):
        late_triage[row["school_id"]] = row["untriaged_late"]
        report = reports[row["school_id"]]
        report.cases = Figure("Cases opened", row["n"])
        report.by_step.append(Figure(NOT_TRIAGED, row["untriaged"]))

    month_counts = defaultdict(int)
    for row in (
        cases.annotate(month=TruncMonth("opened_at"))
        .values("school_id", "month")
        .annotate(n=Count("pk"))
    ):
        month_counts[row["school_id"], row["month"].date()] = row["n"]
    for school_id, report in reports.items():
        report.by_month = [
            Figure(f"{month:%b %Y}", month_counts[school_id, month]) for month in _months(period)
        ]

    categories = Case.breach_categories.through.objects.filter(case__in=cases)
    for row in (
        categories.values("case__school_id", "breachcategory__name")
        .annotate(n=Count("case_id", distinct=True))
        .order_by("case__school_id", "-n", "breachcategory__name")
    ):
        reports[row["case__school_id"]].by_category.append(
            Figure(row["breachcategory__name"], row["n"])
        )

    for row in (
        cases.values("school_id", "group__name")
        .annotate(n=Count("pk"))
        .order_by("school_id", "-n", "group__name")
    ):
        reports[row["school_id"]].by_group.append(Figure(row["group__name"] or NO_GROUP, row["n"]))

    reached = defaultdict(int)
    for row in (
        CaseEvent.objects.filter(case__in=cases, kind=CaseEvent.Kind.TRANSITION, target__in=LADDER)
        .values("case__school_id", "target")
        .annotate(n=Count("case_id", distinct=True))
        .order_by()
    ):
        reached[row["case__school_id"], row["target"]] = row["n"]
    for school_id, report in reports.items():
        if not report.by_step:
            report.by_step.append(Figure(NOT_TRIAGED, 0))
        report.by_step += [Figure(step.label, reached[school_id, step]) for step in LADDER]

    outcome_labels = dict(Case.Outcome.choices)
    for row in (
        cases.values("school_id", "outcome").annotate(n=Count("pk")).order_by("school_id", "-n")
    ):
        label = outcome_labels.get(row["outcome"], STILL_OPEN)
        reports[row["school_id"]].by_outcome.append(Figure(label, row["n"]))

    # Triage is the case's move out of "Reported" (triaged, dismissed or merged): no transition
    # leads back to it, so each case has at most one such event and the events are read joined
    # to their cases rather than looked up case by case.
    triage = CaseEvent.objects.filter(
        case__in=cases, kind=CaseEvent.Kind.TRANSITION, source=Case.Status.REPORTED
    ).order_by()
    for school_id, times in _times(
        triage,
        "case__school_id",
        ExpressionWrapper(F("created_at") - F("case__opened_at"), output_field=DurationField()),
    ).items():
        reports[school_id].triage = times

    # The SLA: a case is triaged by its triage-due date (the daily digest calls it overdue after),
    # so it is missed by a case triaged later or still untriaged after that day.
    for row in (
        triage.annotate(triaged_on=TruncDate("created_at"))
        .values("case__school_id")
        .annotate(n=Count("pk", filter=Q(triaged_on__gt=F("case__triage_due"))))
    ):
        late_triage[row["case__school_id"]] += row["n"]
    for school_id, report in reports.items():
        report.sla_misses = Figure("Triage later than due", late_triage[school_id])

    decided = EscalationRequest.objects.filter(
        case__school_id__in=school_ids,
        decided_at__gte=start,
        decided_at__lt=end,
        decision__in=[EscalationRequest.Decision.APPROVED, EscalationRequest.Decision.REJECTED],
    ).order_by()
    for school_id, times in _times(
        decided,
        "case__school_id",
        ExpressionWrapper(F("decided_at") - F("requested_at"), output_field=DurationField()),
    ).items():
        reports[school_id].decisions = times

    on = min(period.last, today)
    binding = Q(state__in=[SiteBan.State.CONFIRMED, SiteBan.State.UNDER_REVIEW]) | Q(
        state=SiteBan.State.INTENDED, is_temporary=True
    )
    ban_counts = {
        row["school_id"]: row
        for row in SiteBan.objects.filter(school_id__in=school_ids)
        .order_by()
        .values("school_id")
        .annotate(
            in_force=Count("pk", filter=binding & Q(starts_on__lte=on, ends_on__gte=on)),
            made=Count("pk", filter=Q(created_at__gte=start, created_at__lt=end)),
            lifted=Count(
                "pk",
                filter=Q(state=SiteBan.State.LIFTED, decided_at__gte=start, decided_at__lt=end),
            ),
        )
    }
    for school_id, report in reports.items():
        row = ban_counts.get(school_id, {})
        report.bans = [
            Figure(f"in force on {on:%-d %b %Y}", row.get("in_force", 0)),
            Figure("made in the period", row.get("made", 0)),
            Figure("lifted in the period", row.get("lifted", 0)),
        ]
    return reports
