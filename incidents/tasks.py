"""Thin Celery tasks: fetch by id, call a service, own the retries."""

import logging

from celery import shared_task

from incidents.services.notifications import notification_send, notifications_to_queue
from incidents.services.reminders import reminders_plan
from incidents.services.status_counts import status_counts_recount

logger = logging.getLogger(__name__)


@shared_task(
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=30,
    retry_backoff_max=900,
    retry_jitter=True,
    max_retries=4,
)
def send_notification(self, notification_id: int) -> bool:
    return notification_send(notification_id=notification_id)


@shared_task
def plan_reminders() -> int:
    """Write what is due today as rows; the sweep sends them. Safe to run any number of times."""
    return len(reminders_plan())


@shared_task
def sweep_notifications() -> int:
    """Queue pending rows that are due: new reminders, and any the broker missed."""
    ids = notifications_to_queue()
    for notification_id in ids:
        send_notification.delay(notification_id)
    return len(ids)


@shared_task
def recount_statuses() -> int:
    """Nightly: check the dashboard's per-school state counters against a real COUNT, correct
    any difference and log it as an error (a difference means a code path moved a case's state
    without the transition service)."""
    from policies.models import School

    corrected = 0
    for school_id in School.objects.order_by("id").values_list("id", flat=True):
        difference = status_counts_recount(school_id=school_id)
        if difference:
            logger.error("State counters of school %s corrected by %s", school_id, difference)
            corrected += 1
    return corrected
