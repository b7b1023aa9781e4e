"""Thin tasks for exports: fetch by id, call a service, own the retries."""

from celery import shared_task

from exports.services.bundles import bundle_run, bundles_to_requeue
from exports.services.exports import export_job_run, exports_expire, jobs_to_requeue

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 10,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 3,
}


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


@shared_task
def sweep_exports() -> int:
    """Periodic: queue again what is pending (the broker was down) or stuck (a worker died)."""
    jobs, bundles = jobs_to_requeue(), bundles_to_requeue()
    for job_id in jobs:
        run_export.delay(job_id)
    for bundle_id in bundles:
        render_bundle.delay(bundle_id)
    return len(jobs) + len(bundles)
