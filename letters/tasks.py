"""Thin tasks for letters: fetch by id, call a service, own the retries."""

from celery import shared_task

from letters.services.delivery import letter_email_run
from letters.services.rendering import render_run, renders_to_requeue

RETRY = {
    "autoretry_for": (Exception,),
    "retry_backoff": 10,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 3,
}


@shared_task(**RETRY)
def render_letter(render_id: int) -> bool:
    return render_run(render_id=render_id)


@shared_task(**RETRY)
def email_letter(letter_id: int) -> bool:
    return letter_email_run(letter_id=letter_id)


@shared_task
def sweep_renders() -> int:
    """Queue again what is pending (the broker was down) or stuck (a worker died)."""
    ids = renders_to_requeue()
    for render_id in ids:
        render_letter.delay(render_id)
    return len(ids)
