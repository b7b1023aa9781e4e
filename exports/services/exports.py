"""Exporting case records: the request (audited), the background job, and expiry of its file.

A CSV of up to EXPORT_SYNC_MAX_ROWS cases streams straight back. Anything larger, and every
XLSX, becomes an ExportJob: a Celery task claims the row (pending → running) with a conditional
update, so two runs cannot both write it; it reports progress a chunk at a time, stores the file
privately and marks it ready; the file is deleted EXPORT_RETENTION_HOURS later. A worker that
dies mid-run leaves the row "running"; the sweep returns it to pending and queues it again.
"""

import datetime
import logging
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from exports.models import ExportJob, ExportRecord, Format
from exports.selectors import ExportFilters, export_chunks, export_scope
from exports.writers import csv_stream, csv_write, xlsx_write
from incidents.services.chronology import REFUSALS
from incidents.services.claims import pending_to_queue, stale_claims_release
from incidents.services.errors import NotPermitted
from incidents.services.queue import enqueue_on_commit
from policies.models import Membership, School
from policies.permissions import Action, membership_for, role_allows

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
JOB_STALE_AFTER = datetime.timedelta(minutes=40)  # longer than the task's time limit
CASE_FORMATS = [Format.CSV, Format.XLSX]


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


def exporter_membership(*, user, school: School | int) -> Membership:
    """The user's membership at the school, if it allows exporting; else NotPermitted."""
    membership = membership_for(user, school)
    if membership is None or not role_allows(membership.role, Action.EXPORT):
        raise NotPermitted(REFUSALS[Action.EXPORT])
    return membership


def runs_in_background(*, format: str, total: int) -> bool:
    return format != Format.CSV or total > settings.EXPORT_SYNC_MAX_ROWS


@transaction.atomic
def export_request(*, school: School, by, filters: ExportFilters, format: str) -> ExportStarted:
    """Audit the export and start it: a job for XLSX or a large CSV, else a CSV to stream."""
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
        from exports.tasks import run_export

        enqueue_on_commit(run_export, job.pk)
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
    return ExportStarted(record=record, school=school, filters=filters, upto_case_id=upto)


def export_csv_stream(started: ExportStarted) -> Iterator[bytes]:
    return csv_stream(
        export_chunks(
            school=started.school, filters=started.filters, upto_case_id=started.upto_case_id
        )
    )


def job_claim(*, job_id: int) -> ExportJob | None:
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.PENDING).update(
        status=ExportJob.Status.RUNNING,
        attempts=F("attempts") + 1,
        claimed_at=timezone.now(),
        done=0,
    )
    if not claimed:
        return None
    return ExportJob.objects.select_related("school").get(pk=job_id)


def _write(job: ExportJob, path: Path) -> int:
    written = 0

    def progress(rows: int) -> None:
        nonlocal written
        written += rows
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(done=written)

    scope = {
        "school": job.school,
        "filters": ExportFilters.from_json(job.filters),
        "upto_case_id": job.upto_case_id,
    }
    if job.format == Format.XLSX:
        xlsx_write(export_chunks(**scope), path, progress)
    else:
        csv_write(export_chunks(**scope), path, progress)
    return written


def export_job_run(*, job_id: int) -> bool:
    """Write and store the job's file if this call claims the row. True when it wrote it."""
    job = job_claim(job_id=job_id)
    if job is None:
        return False
    try:
        with tempfile.TemporaryDirectory(prefix="conductdesk-export-") as folder:
            path = Path(folder, f"export.{job.format}")
            written = _write(job, path)
            size = path.stat().st_size
            with path.open("rb") as file:
                name = default_storage.save(
                    f"exports/{job.school_id}/{uuid.uuid4().hex}.{job.format}",
                    File(file, name=path.name),
                )
    except Exception as exc:
        failed = job.attempts >= MAX_ATTEMPTS
        ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
            status=ExportJob.Status.FAILED if failed else ExportJob.Status.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:200],
        )
        raise
    now = timezone.now()
    finished = ExportJob.objects.filter(pk=job.pk, status=ExportJob.Status.RUNNING).update(
        status=ExportJob.Status.READY,
        file=name,
        size=size,
        done=written,
        finished_at=now,
        expires_at=now + datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS),
        last_error="",
    )
    if not finished:  # the sweep gave the row to another run meanwhile: keep one file
        default_storage.delete(name)
        return False
    return True


def _expire(model, file_field: str, now) -> int:
    expired = 0
    for pk, name in list(
        model.objects.filter(status=model.Status.READY, expires_at__lte=now).values_list(
            "pk", file_field
        )
    ):
        if name:
            default_storage.delete(name)  # first: if this fails, the next run tries again
        expired += model.objects.filter(pk=pk, status=model.Status.READY).update(
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


def jobs_to_requeue(*, now=None) -> list[int]:
    """Pending jobs (never queued, or the broker was down) and jobs stuck running because a
    worker died; a job stuck past the attempt cap is marked failed instead."""
    stale_claims_release(
        ExportJob,
        working=ExportJob.Status.RUNNING,
        stale_seconds=int(JOB_STALE_AFTER.total_seconds()),
        max_attempts=MAX_ATTEMPTS,
        now=now,
    )
    return pending_to_queue(ExportJob, now=now, limit=100)
