"""The governors' report: what happened in a period at one school, or at each school of a trust,
in counts and times without a name.

The figures are read from per-school counters of each month, term and school year
(`CaseMonthCount`, kept by the services in `incidents.services.month_counts`), summed over the
widest spans that make up the period in one aggregate query for all the schools asked for, so a
trust's report costs the same few queries as one school's and reads a few rows per figure and
school whatever the number of cases; the period is therefore whole months. Only the
small sets of the moment are counted live: the cases still waiting for triage, and site bans.
Times are medians and 90th percentiles read from the counters' duration buckets, within 8 % of
the exact ones (see `incidents.services.month_counts`). A count of 1 or 2 is shown as "fewer
than 3" (`Figure.shown`) so that no family can be recognised; 0 is shown, since it tells nothing
about anyone.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.utils import timezone

from audit.services import Action as AccessAction
from audit.services import access_record_at_schools
from config.replica import replica_reads
from incidents.models import Case, CaseMonthCount, SiteBan
from incidents.models.cases import LADDER
from incidents.services.month_counts import TERMS, percentile, spans_covering
from policies.models import BreachCategory, MessagingGroup
from policies.permissions import report_roles

Measure = CaseMonthCount.Measure
Span = CaseMonthCount.Span

SUPPRESS_BELOW = 3
SUPPRESSED = "fewer than 3"
NO_GROUP = "No group recorded"
STILL_OPEN = "Still open"
NOT_TRIAGED = "Not yet triaged"


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
    """From the first day of `first`'s month to the last day of `last`'s: the report counts
    whole months."""
    first, last = first.replace(day=1), _month_end(last.year, last.month)
    if first.year == last.year and first.month == last.month:
        return Period(f"{first:%B %Y}", first, last)
    return Period(f"{first:%b %Y} to {last:%b %Y}", first, last)


PERIOD_CHOICES = [
    ("this_term", "This term"),
    ("last_term", "Last term"),
    ("this_year", "This school year"),
    ("custom", "Choose months"),
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


def _months(period: Period) -> list[datetime.date]:
    months, day = [], period.first.replace(day=1)
    while day <= period.last:
        months.append(day)
        day = _month_end(day.year, day.month) + datetime.timedelta(days=1)
    return months


def reports_for(
    schools: list,
    period: Period,
    *,
    by,
    output: str = "page",
    address: str | None = None,
    today: datetime.date | None = None,
) -> dict[int, SchoolReport]:
    """The report of each school asked for, in the same few queries whatever their number and
    their cases'; refused unless every one of them is the reader's to see. The access is
    audited at each school, as a disclosure of its figures (`output`: page, pdf or csv)."""
    school_ids = [school.pk for school in schools]
    roles = report_roles(by, schools)
    if set(roles) != set(school_ids):
        raise PermissionDenied("Not your school's or your trust's report.")
    access_record_at_schools(
        actor=by,
        action=AccessAction.VIEW_REPORT,
        roles=roles,
        object_type="governors_report",
        object_label=f"{output}, {period.label}",
        address=address,
    )
    # The figures only read, and may come from a read replica (config.replica); the reader's
    # rights above and the audit row were read and written on the primary.
    with replica_reads():
        return _figures(school_ids, period, today or timezone.localdate())


def _figures(school_ids: list[int], period: Period, today) -> dict[int, SchoolReport]:
    reports = {school_id: SchoolReport(school_id) for school_id in school_ids}
    months = _months(period)
    counters = CaseMonthCount.objects.filter(school_id__in=school_ids).order_by()

    opened = defaultdict(int)
    for school_id, month, n in counters.filter(
        measure=Measure.OPENED, span=Span.MONTH, month__gte=months[0], month__lte=months[-1]
    ).values_list("school_id", "month", "count"):
        opened[school_id, month] = n
    starts = defaultdict(list)
    for span, first in spans_covering(months[0], months[-1]):
        starts[span].append(first)
    in_period = Q()
    for span, firsts in starts.items():
        in_period |= Q(span=span, month__in=firsts)
    totals = defaultdict(lambda: defaultdict(dict))  # school -> measure -> key -> count
    for school_id, measure, key, n in (
        counters.filter(in_period)
        .exclude(measure=Measure.OPENED)
        .values_list("school_id", "measure", "key")
        .annotate(n=Sum("count"))
        .filter(n__gt=0)
    ):
        totals[school_id][measure][key] = n

    untriaged = _untriaged(school_ids, period, today)
    categories = dict(
        BreachCategory.objects.filter(code__school_id__in=school_ids).values_list("pk", "name")
    )
    groups = dict(MessagingGroup.objects.filter(school_id__in=school_ids).values_list("pk", "name"))
    outcomes = dict(Case.Outcome.choices)
    for school_id, report in reports.items():
        counted = totals[school_id]
        report.by_month = [Figure(f"{m:%b %Y}", opened[school_id, m]) for m in months]
        report.cases = Figure("Cases opened", sum(f.count for f in report.by_month))
        waiting, waiting_late = untriaged.get(school_id, (0, 0))
        report.by_step = [Figure(NOT_TRIAGED, waiting)] + [
            Figure(step.label, counted[Measure.STEP].get(step, 0)) for step in LADDER
        ]
        report.by_category = _by_label(
            counted[Measure.CATEGORY], lambda key: categories.get(int(key))
        )
        report.by_group = _by_label(
            counted[Measure.GROUP], lambda key: groups.get(int(key)) if key else None, NO_GROUP
        )
        report.by_outcome = _by_label(counted[Measure.OUTCOME], outcomes.get, STILL_OPEN)
        report.triage = _times(counted[Measure.TRIAGE_TIME])
        report.decisions = _times(counted[Measure.DECISION_TIME])
        late = waiting_late + counted[Measure.TRIAGE_LATE].get("", 0)
        report.sla_misses = Figure("Triage later than due", late)
    _bans(reports, period, today)
    return reports


def _untriaged(school_ids, period: Period, today) -> dict[int, tuple[int, int]]:
    """Of each school's cases opened in the period, those still waiting for triage, and those
    of them past their triage-due day: a live count of the few cases waiting now."""
    start, end = period.bounds()
    return {
        row["school_id"]: (row["n"], row["late"])
        for row in Case.objects.filter(
            school_id__in=school_ids,
            status=Case.Status.REPORTED,
            opened_at__gte=start,
            opened_at__lt=end,
        )
        .order_by()
        .values("school_id")
        .annotate(n=Count("pk"), late=Count("pk", filter=Q(triage_due__lt=today)))
    }


def _by_label(counts: dict[str, int], label_of, otherwise=None) -> list[Figure]:
    """The counters under their labels (a key whose label is gone, such as a deleted category,
    counts as `otherwise`, or not at all), most first, then by label; `otherwise` last of equals."""
    summed = defaultdict(int)
    for key, n in counts.items():
        label = label_of(key) or otherwise
        if label is not None:
            summed[label] += n
    ordered = sorted(summed.items(), key=lambda item: (-item[1], item[0] == otherwise, item[0]))
    return [Figure(label, n) for label, n in ordered]


def _times(buckets: dict[str, int]) -> Times:
    count = sum(buckets.values())
    if not count:
        return Times(0, None, None)
    return Times(
        count,
        datetime.timedelta(seconds=percentile(buckets, 0.5)),
        datetime.timedelta(seconds=percentile(buckets, 0.9)),
    )


def _bans(reports: dict[int, SchoolReport], period: Period, today) -> None:
    """Site bans in force at the period's end (or today), made and lifted in it: a live count
    of the schools' bans, which are few."""
    start, end = period.bounds()
    on = min(period.last, today)
    binding = Q(state__in=[SiteBan.State.CONFIRMED, SiteBan.State.UNDER_REVIEW]) | Q(
        state=SiteBan.State.INTENDED, is_temporary=True
    )
    ban_counts = {
        row["school_id"]: row
        for row in SiteBan.objects.filter(school_id__in=list(reports))
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
