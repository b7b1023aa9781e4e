"""Exporting case records: the request (audited), the background job, and expiry of its file.

A CSV of up to EXPORT_SYNC_MAX_ROWS cases streams straight back. Anything larger, and every
XLSX, becomes an ExportJob (jobs.services): one run at a time writes it, reporting progress
and its heartbeat a chunk at a time, stores the file privately and marks it done; the file is
deleted EXPORT_RETENTION_HOURS later. A run whose worker died is taken over from the start.
"""

import datetime
import io
import logging
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files import File
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from audit.services import Action as AccessAction
from audit.services import access_record
from exports.models import ExportJob, ExportRecord, Format
from exports.selectors import ExportFilters, export_chunks, export_scope
from exports.writers import csv_stream, csv_write, xlsx_write
from incidents.services.chronology import REFUSALS
from incidents.services.errors import NotPermitted
from jobs.services import job_beat, job_finish, job_queue, job_run
from policies.models import Membership, School
from policies.permissions import Action, membership_for, role_allows

logger = logging.getLogger(__name__)

CASE_FORMATS = [Format.CSV, Format.XLSX]
# A job's file stays in memory up to this size, then goes to a temporary file on local disk.
SPOOL_MAX_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class ExportStarted:
    """What a request produced: the audit row, and either a job or a CSV to stream now."""

    record: ExportRecord
    school: School
    filters: ExportFilters
    upto_case_id: int

    @property
    def job(self) -> ExportJob | None:
        return self.record.job


def exporter_membership(*, user: User, school: School | int) -> Membership:
    """The user's membership at the school, if it allows exporting; else NotPermitted."""
    membership = membership_for(user, school)
    if membership is None or not role_allows(membership.role, Action.EXPORT):
        raise NotPermitted(REFUSALS[Action.EXPORT])
    return membership


def runs_in_background(*, format: str, total: int) -> bool:
    return format != Format.CSV or total > settings.EXPORT_SYNC_MAX_ROWS


@transaction.atomic
def export_request(
    *, school: School, by: User, filters: ExportFilters, format: str, address: str | None = None
) -> ExportStarted:
    """Audit the export (its record and the access audit) and start it: a job for XLSX or a
    large CSV, else a CSV to stream."""
    membership = exporter_membership(user=by, school=school)
    if format not in CASE_FORMATS:
        raise ValueError(f"Unknown export format {format!r}")
    total, upto = export_scope(school=school, filters=filters)
    job = None
    if runs_in_background(format=format, total=total):
        job = ExportJob.objects.create(
            school=school,
            requested_by=by,
            format=format,
            filters=filters.as_json(),
            upto_case_id=upto,
            total=total,
        )
        job_queue(job)
    record = ExportRecord.objects.create(
        school=school,
        user=by,
        role=membership.role,
        kind=ExportRecord.Kind.CASES,
        format=format,
        filters=filters.as_json(),
        row_count=total,
        job=job,
    )
    access_record(
        actor=by,
        address=address,
        action=AccessAction.EXPORT,
        school_id=school.pk,
        role=membership.role,
        object_type="export",
        object_label=format,
    )
    return ExportStarted(record=record, school=school, filters=filters, upto_case_id=upto)


def export_csv_stream(started: ExportStarted) -> Iterator[bytes]:
    return csv_stream(
        export_chunks(
            school=started.school, filters=started.filters, upto_case_id=started.upto_case_id
        )
    )


def _write(job: ExportJob, file: BinaryIO) -> int:
    written = 0

    def progress(rows: int) -> None:
        nonlocal written
        written += rows
        job_beat(job, done=written)

    scope = {
        "school": job.school,
        "filters": ExportFilters.from_json(job.filters),
        "upto_case_id": job.upto_case_id,
    }
    if job.format == Format.XLSX:
        xlsx_write(export_chunks(**scope), file, progress)
    else:
        csv_write(export_chunks(**scope), file, progress)
    return written


def _export(job: ExportJob) -> bool:
    # Written to a temporary file (in memory while small), then stored: the private storage may
    # be an object store, which takes a whole file.
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX_BYTES) as spool:
        written = _write(job, spool)
        size = spool.seek(0, io.SEEK_END)
        spool.seek(0)
        name = storages["private"].save(
            f"exports/{job.school_id}/{uuid.uuid4().hex}.{job.format}",
            File(spool, name=f"export.{job.format}"),
        )
    now = timezone.now()
    expires = now + datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS)
    if not job_finish(job, now=now, file=name, size=size, done=written, expires_at=expires):
        storages["private"].delete(name)  # another run took the job over meanwhile: keep one file
        return False
    return True


def export_job_run(*, job_id: int) -> bool:
    """Write and store the job's file if this call claims the row. True when it wrote it."""
    return job_run(ExportJob, job_id, _export)


def _expire(model, file_field: str, now) -> int:
    expired = 0
    for pk, name in list(
        model.objects.filter(status=model.Status.DONE, expires_at__lte=now).values_list(
            "pk", file_field
        )
    ):
        if name:
            storages["private"].delete(name)  # first: if this fails, the next run tries again
        expired += model.objects.filter(pk=pk, status=model.Status.DONE).update(
            status=model.Status.EXPIRED, **{file_field: ""}
        )
    return expired


def exports_expire(*, now=None) -> int:
    """Delete the files of exports and bundles past their retention time; mark them expired."""
    from exports.models import CaseBundle

    now = now or timezone.now()
    count = _expire(ExportJob, "file", now) + _expire(CaseBundle, "pdf", now)
    if count:
        logger.info("Deleted %d expired export file(s).", count)
    return count
