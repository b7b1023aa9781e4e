from celery import shared_task

from jobs.services import jobs_sweep


@shared_task
def sweep_jobs() -> int:
    """Periodic: queue every pending job of every kind (written while the broker was down, or
    given back after its worker died). Safe to run any number of times: each task claims."""
    return jobs_sweep()
