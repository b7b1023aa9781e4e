"""Reads for exports. Cases are read in keyset chunks by id, with each relation fetched once per
chunk, so an export issues a fixed number of queries per chunk and never holds all its cases."""

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404
from django.utils import timezone

from exports.columns import STEPS, rows_build
from exports.models import CaseBundle, ExportJob, ExportRecord
from incidents.models import Case, CaseEvent, Evidence, Report, SiteBan
from letters.models import Letter
from policies.models import School


class LocalDate(TruncDate):
    """The date in the current time zone, computed by the database. Unlike TruncDate it adds no
    per-row Python converter: the database already returns a date (a measured 6 µs a row)."""

    convert_value = staticmethod(TruncDate._convert_value_noop)


CASE_FIELDS = (
    "id",
    "reference",
    "opened_on",
    "closed_on",
    "status",
    "outcome",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
)


@dataclass(frozen=True)
class ExportFilters:
    """What the person chose. The school is never a filter: it is always their current one."""

    opened_from: datetime.date | None = None
    opened_to: datetime.date | None = None
    state: str = ""

    def as_json(self) -> dict:
        return {
            "opened_from": self.opened_from.isoformat() if self.opened_from else "",
            "opened_to": self.opened_to.isoformat() if self.opened_to else "",
            "state": self.state,
        }

    @classmethod
    def from_json(cls, data: dict) -> "ExportFilters":
        def day(value):
            return datetime.date.fromisoformat(value) if value else None

        return cls(
            opened_from=day(data.get("opened_from")),
            opened_to=day(data.get("opened_to")),
            state=data.get("state", ""),
        )


def _midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def export_cases(*, school: School, filters: ExportFilters):
    """The school's cases matching the filters (dates are the school's local calendar days)."""
    cases = Case.objects.filter(school=school)
    if filters.state:
        cases = cases.filter(status=filters.state)
    if filters.opened_from:
        cases = cases.filter(opened_at__gte=_midnight(filters.opened_from))
    if filters.opened_to:
        next_day = filters.opened_to + datetime.timedelta(days=1)
        cases = cases.filter(opened_at__lt=_midnight(next_day))
    return cases


def export_scope(*, school: School, filters: ExportFilters) -> tuple[int, int]:
    """How many cases match now, and the highest id among them: the export stops there."""
    scope = export_cases(school=school, filters=filters).aggregate(n=Count("id"), top=Max("id"))
    return scope["n"], scope["top"] or 0


def _grouped(pairs) -> dict[int, tuple]:
    grouped = defaultdict(list)
    for case_id, value in pairs:
        grouped[case_id].append(value)
    return {case_id: tuple(values) for case_id, values in grouped.items()}


def _counts(model, chunk: Q) -> dict[int, int]:
    return dict(
        model.objects.filter(chunk).values_list("case_id").annotate(n=Count("id")).order_by()
    )


def export_related(chunk: Q) -> dict[str, dict]:
    """Everything a chunk of rows needs besides the case itself: one query per relation.
    `chunk` selects the chunk's rows of a relation (see `_chunk`)."""
    categories = (
        Case.breach_categories.through.objects.filter(chunk)
        .order_by("case_id", "breachcategory__position", "breachcategory_id")
        .values_list("case_id", "breachcategory__name")
    )
    parents = (
        Case.parents.through.objects.filter(chunk)
        .order_by("case_id", "parent__full_name", "parent_id")
        .values_list("case_id", "parent__full_name")
    )
    steps = defaultdict(dict)
    for case_id, target, reached_on in (
        CaseEvent.objects.filter(chunk, kind=CaseEvent.Kind.TRANSITION, target__in=STEPS)
        .values_list("case_id", "target")
        .annotate(on=Min(LocalDate("created_at")))
        .order_by()
    ):
        steps[case_id][target] = reached_on
    bans = dict(  # the latest ban of each case wins
        SiteBan.objects.filter(chunk)
        .order_by("case_id", "created_at", "id")
        .values_list("case_id", "state")
    )
    return {
        "categories": _grouped(categories),
        "parents": _grouped(parents),
        "reports": _counts(Report, chunk),
        "evidence": _counts(Evidence, chunk),
        "letters": _counts(Letter, chunk),
        "steps": steps,
        "bans": bans,
    }


def _chunk(cases, first: int, last: int) -> Q:
    """A relation's rows for the chunk's cases: the id range lets the database read the
    relation's case_id index for just that range; the subquery keeps only the chunk's cases
    (this school's, matching the filters). No long IN lists to build or parse."""
    return Q(
        case_id__gte=first,
        case_id__lte=last,
        case__in=cases.filter(id__gte=first, id__lte=last).values("id"),
    )


def export_chunks(
    *,
    school: School,
    filters: ExportFilters,
    upto_case_id: int,
) -> Iterator[list[list]]:
    """The export's rows, a chunk of EXPORT_CHUNK_SIZE at a time, in the order the cases were
    created: one query for the chunk's cases and one per related table (`export_related`)."""
    size = settings.EXPORT_CHUNK_SIZE
    cases = export_cases(school=school, filters=filters).filter(id__lte=upto_case_id)
    columns = (
        cases.annotate(opened_on=LocalDate("opened_at"), closed_on=LocalDate("closed_at"))
        .order_by("id")
        .values_list(*CASE_FIELDS)
    )
    last = 0
    while last < upto_case_id:
        chunk = list(columns.filter(id__gt=last)[:size])
        if not chunk:
            return
        first, last = chunk[0][0], chunk[-1][0]
        yield rows_build(chunk, export_related(_chunk(cases, first, last)), school.name)
        if len(chunk) < size:
            return


def records_for_school(*, school: School):
    return (
        ExportRecord.objects.filter(school=school)
        .select_related("user", "job", "bundle__case")
        .order_by("-created_at", "-id")
    )


def job_for_school(*, school: School, public_id) -> ExportJob:
    """A job of this school; another school's is a 404."""
    return get_object_or_404(
        ExportJob.objects.select_related("school"), public_id=public_id, school=school
    )


def recent_jobs(*, school: School, user, limit: int = 10) -> list[ExportJob]:
    return list(
        ExportJob.objects.filter(school=school, requested_by=user).order_by("-created_at", "-id")[
            :limit
        ]
    )


def bundle_for_school(*, school: School, public_id) -> CaseBundle:
    """A bundle of one of this school's cases; another school's is a 404."""
    return get_object_or_404(
        CaseBundle.objects.select_related("case", "requested_by"),
        public_id=public_id,
        case__school=school,
    )


def bundles_for_case(*, case: Case, limit: int = 5) -> list[CaseBundle]:
    return list(
        CaseBundle.objects.filter(case=case)
        .select_related("requested_by")
        .order_by("-created_at", "-id")[:limit]
    )


def case_for_bundle(*, school: School, reference: str) -> Case:
    """One case of this school; another school's is a 404."""
    return get_object_or_404(
        Case.objects.select_related("school"), school=school, reference=reference
    )
