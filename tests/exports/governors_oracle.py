"""The governors' report as it was computed from the cases themselves, before the counters: one
aggregate query per figure over every case of the period. Kept only here, as the oracle the
counters' report is checked against (tests/exports/test_report_counters.py)."""

import datetime
import itertools
from collections import defaultdict

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

from exports.governors import (
    NO_GROUP,
    NOT_TRIAGED,
    STILL_OPEN,
    Figure,
    Period,
    SchoolReport,
    Times,
    _months,
)
from incidents.models import Case, CaseEvent, EscalationRequest, SiteBan
from incidents.models.cases import LADDER


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


def reports_from_cases(
    schools: list, period: Period, *, today: datetime.date | None = None
) -> dict[int, SchoolReport]:
    school_ids = [school.pk for school in schools]
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
