"""Reads for exports. Cases are read in keyset chunks by id, a fixed number of queries per
chunk (see `exports.records`), so an export never holds all its cases."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max
from django.shortcuts import get_object_or_404
from django.utils import timezone

from config.replica import replica_reads
from exports.columns import HEADER, rows_build
from exports.models import CaseBundle, Disclosure, ExportJob, ExportRecord
from exports.records import record_chunks, records_of
from incidents.models import Case
from policies.models import School


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


def export_chunks(
    *,
    school: School,
    filters: ExportFilters,
    upto_case_id: int,
) -> Iterator[list[list]]:
    """The export's rows, a chunk of EXPORT_CHUNK_SIZE at a time, in the order the cases were
    created (the records are read by `exports.records`). Both CSV and XLSX are written from
    them (`exports.writers`). The chunks are read from the reports database (config.replica);
    only the reading is in that block, never the caller's code between chunks."""
    cases = export_cases(school=school, filters=filters).filter(id__lte=upto_case_id)
    chunks = record_chunks(cases, settings.EXPORT_CHUNK_SIZE, upto_case_id)
    while True:
        with replica_reads():
            records = next(chunks, None)
        if records is None:
            return
        yield rows_build(records, school.name)


def record_cases(*, school: School, reference: str = "", state: str = "", open_only=False):
    """The school's cases for the records view: searched by reference only (a records role
    never searches what people wrote), optionally in one state or every state but closed."""
    cases = Case.objects.filter(school=school)
    if reference.strip():
        cases = cases.filter(reference__icontains=reference.strip())
    if open_only:
        cases = cases.exclude(status=Case.Status.CLOSED)
    elif state:
        cases = cases.filter(status=state)
    return cases


def case_records(*, school: School, case_ids) -> dict[int, list]:
    """Each of these cases' record: its export row (exports.columns.HEADER), by case id."""
    records = records_of(Case.objects.filter(school=school, id__in=case_ids))
    rows = rows_build(records, school.name)
    return {record[0]: row for record, row in zip(records, rows, strict=True)}


def case_record(*, school: School, reference: str) -> tuple[Case, list[tuple[str, object]]]:
    """One case of this school and its record as (column, value) pairs; another school's is a
    404."""
    case = get_object_or_404(
        Case.objects.only("id", "reference", "status", "school_id"),
        school=school,
        reference=reference,
    )
    return case, list(
        zip(HEADER, case_records(school=school, case_ids=[case.pk])[case.pk], strict=True)
    )


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


def disclosure_for_school(*, school: School, public_id) -> Disclosure:
    """A disclosure of one of this school's cases; another school's is a 404."""
    return get_object_or_404(
        Disclosure.objects.select_related("case__school", "subject", "prepared_by"),
        public_id=public_id,
        case__school=school,
    )


def disclosures_in_review(*, case: Case, limit: int = 5) -> list[Disclosure]:
    """The case's disclosures whose redactions are still being reviewed, newest first."""
    return list(
        Disclosure.objects.filter(case=case, status=Disclosure.Status.REVIEWING)
        .select_related("prepared_by")
        .order_by("-created_at", "-id")[:limit]
    )
