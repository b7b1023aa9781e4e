"""Thin tasks for letters: fetch by id, call a service; retries follow jobs.services.RETRY."""

from celery import shared_task

from jobs.services import RETRY
from letters.services.delivery import letter_email_run
from letters.services.rendering import render_run


@shared_task(**RETRY)
def render_letter(render_id: int) -> bool:
    return render_run(render_id=render_id)


@shared_task(**RETRY)
def email_letter(job_id: int) -> bool:
    return letter_email_run(job_id=job_id)
