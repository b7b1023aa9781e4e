"""Claim, heartbeat, finish, fail, retry and sweep: the lifecycle of every `jobs.models.Job`.

A task claims its row with one conditional UPDATE: a pending row, or a running row whose
heartbeat is older than JOB_STALE_SECONDS (its worker died), so a redelivery of the same job
takes it over. While the work runs a thread refreshes the heartbeat every quarter of that limit;
finishing, failing and the heartbeat only touch the row while this run still owns it (same
status and attempt number), so a run that was taken over cannot overwrite its successor.
The sweep (every SWEEP_SECONDS) gives stale rows back to pending, or fails them past
MAX_ATTEMPTS, and queues every pending row of every kind, including those written while the
broker was down. Work is therefore done at least once: a worker killed after its side effect
(a mail server accepting an e-mail) and before the commit that marks the row done does it again.
"""

import datetime
import logging
import threading
from contextlib import contextmanager
from email.utils import parseaddr

from django.apps import apps
from django.conf import settings
from django.db import connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from jobs.models import Job

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # claims per row, counting runs killed mid-way; then it is listed as failed
RETRY = {  # the Celery options of every job task: a failed run is retried with backoff
    "autoretry_for": (Exception,),
    "retry_backoff": 10,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": MAX_ATTEMPTS - 1,
}
Status = Job.Status


class JobLost(Exception):
    """Another run took this job over because this run's heartbeat had gone stale."""


def job_models() -> list[type[Job]]:
    return [model for model in apps.get_models() if issubclass(model, Job)]


def _send(task, args):
    try:
        task.delay(*args)
    except Exception as exc:
        logger.warning(
            "Could not queue %s%r now (%s: %s); the row stays pending and the sweep (every %s "
            "seconds) queues it once the broker is back.",
            task.name,
            args,
            type(exc).__name__,
            str(exc)[:200],
            settings.SWEEP_SECONDS,
        )


def enqueue_on_commit(task, *args) -> None:
    """Queue a task after commit (so the worker finds the row); a broker outage is logged."""
    transaction.on_commit(lambda: _send(task, args))


def job_queue(job: Job) -> None:
    enqueue_on_commit(import_string(job.task), job.pk)


def job_message_id(job: Job) -> str:
    """One Message-ID for every attempt at an e-mail job, so a copy sent again in the
    at-least-once window is the same message to mail clients that de-duplicate by it."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    return f"<{job._meta.label_lower}.{job.pk}@{domain}>"


def _stale_before(now):
    return now - datetime.timedelta(seconds=settings.JOB_STALE_SECONDS)


def job_claim(model: type[Job], *, job_id: int) -> Job | None:
    """This run's copy of the row, or None when it is finished or another live run has it."""
    now = timezone.now()
    stale = Q(status=Status.RUNNING, heartbeat_at__lt=_stale_before(now))
    claimable = Q(status=Status.PENDING) | (stale & Q(attempts__lt=MAX_ATTEMPTS))
    if not model.objects.filter(claimable, pk=job_id).update(
        status=Status.RUNNING, attempts=F("attempts") + 1, claimed_at=now, heartbeat_at=now
    ):
        return None
    return model.objects.select_related(*model.related).get(pk=job_id)


def _mine(job: Job):
    return type(job).objects.filter(pk=job.pk, status=Status.RUNNING, attempts=job.attempts)


def job_beat(job: Job, **fields) -> None:
    """Refresh the heartbeat (and any progress fields); JobLost when another run has the row."""
    if not _mine(job).update(heartbeat_at=timezone.now(), **fields):
        raise JobLost(f"{job._meta.label} {job.pk} was taken over")


def job_finish(job: Job, *, now=None, **fields) -> bool:
    """Mark the row done with its results; False when another run took it over meanwhile."""
    now = now or timezone.now()
    return bool(
        _mine(job).update(
            status=Status.DONE, finished_at=now, heartbeat_at=now, last_error="", **fields
        )
    )


def job_fail(job: Job, exc: BaseException) -> bool:
    """Back to pending for the task's retry, or failed past the cap (True then)."""
    failed = job.attempts >= MAX_ATTEMPTS
    updated = _mine(job).update(
        status=Status.FAILED if failed else Status.PENDING,
        last_error=f"{type(exc).__name__}: {exc}"[:200],
    )
    return failed and bool(updated)


@contextmanager
def _heartbeat(job: Job):
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.JOB_STALE_SECONDS / 4):
                job_beat(job)
        except JobLost:
            pass
        except Exception:
            logger.exception("Heartbeat of %s %s stopped", job._meta.label, job.pk)
        finally:
            connections.close_all()

    thread = threading.Thread(target=beat, daemon=True, name=f"heartbeat-{job.pk}")
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def job_run(model: type[Job], job_id: int, work, *, on_failed=None) -> bool:
    """Claim the row and call `work(job)` (which ends with `job_finish`) under a heartbeat.
    An error puts the row back for the task's retry, or fails it and calls `on_failed(job)`.
    Returns what `work` returned: True when this run did the job."""
    job = job_claim(model, job_id=job_id)
    if job is None:
        return False
    try:
        with _heartbeat(job):
            return work(job)
    except JobLost:
        return False
    except Exception as exc:
        if job_fail(job, exc) and on_failed:
            on_failed(job)
        raise


def jobs_to_queue(model: type[Job], *, now=None, limit: int = 200) -> list[int]:
    """Stale running rows back to pending (failed past the cap); then the pending rows due now
    and older than the grace period, so that a fresh row's own task runs first."""
    now = now or timezone.now()
    stale = model.objects.filter(status=Status.RUNNING, heartbeat_at__lt=_stale_before(now))
    stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error="Its worker stopped before finishing."
    )
    stale.update(status=Status.PENDING)
    grace = now - datetime.timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    pending = model.objects.filter(model.due(), status=Status.PENDING, created_at__lt=grace)
    return list(pending.order_by("id").values_list("pk", flat=True)[:limit])


def jobs_sweep() -> int:
    """Queue every kind's pending and stale rows; the number queued."""
    queued = 0
    for model in job_models():
        task = import_string(model.task)
        for job_id in jobs_to_queue(model):
            task.delay(job_id)
            queued += 1
    return queued


def job_retry(job: Job) -> bool:
    """One more try of a failed job: pending again, queued after commit. False if not failed."""
    failed = type(job).objects.filter(pk=job.pk, status=Status.FAILED)
    if not failed.update(status=Status.PENDING, attempts=0, last_error=""):
        return False
    job_queue(job)
    return True
