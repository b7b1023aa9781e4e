"""Thin tasks for exports: fetch by id, call a service; retries follow jobs.services.RETRY."""

from celery import shared_task

from exports.services.bundles import bundle_run
from exports.services.exports import export_job_run, exports_expire
from jobs.services import RETRY


# 100,000 rows as XLSX take about half a minute; far larger exports get room to finish.
@shared_task(**RETRY, soft_time_limit=30 * 60, time_limit=31 * 60)
def run_export(job_id: int) -> bool:
    return export_job_run(job_id=job_id)


@shared_task(**RETRY)
def render_bundle(bundle_id: int) -> bool:
    return bundle_run(bundle_id=bundle_id)


@shared_task
def delete_expired_exports() -> int:
    """Periodic: delete export files and bundles past EXPORT_RETENTION_HOURS."""
    return exports_expire()
