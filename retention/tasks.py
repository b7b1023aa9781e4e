"""Thin tasks for the retention schedule."""

from celery import shared_task

from retention.services.due import due_lists_refresh


@shared_task
def list_due() -> int:
    """Periodic: every school's list of what has passed its retention date."""
    return due_lists_refresh()
