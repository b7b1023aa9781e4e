"""Thin Celery tasks: fetch by id, call a service, own the retries."""

import logging

from celery import shared_task

from incidents.services.kept_screenshots import kept_screenshots_expire
from incidents.services.month_counts import month_counts_recount
from incidents.services.notifications import notification_send
from incidents.services.reminders import reminders_plan
from incidents.services.site_ban_reviews import site_bans_move_on
from incidents.services.status_counts import status_counts_recount
from jobs.services import RETRY

logger = logging.getLogger(__name__)


@shared_task(**RETRY)
def send_notification(notification_id: int) -> bool:
    return notification_send(notification_id=notification_id)


@shared_task
def plan_reminders() -> int:
    """Write what is due today as rows; the job sweep sends them. Safe to run repeatedly."""
    return len(reminders_plan())


@shared_task
def move_site_bans_on() -> list[int]:
    """Bans due for review go under review; bans past their end date end (the reminder
    planner then tells SLT). Safe to run repeatedly."""
    return list(site_bans_move_on())


@shared_task
def delete_expired_kept_screenshots() -> int:
    """Periodic: screenshots kept for a concern form that was never sent go after an hour."""
    return kept_screenshots_expire()


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


@shared_task
def recount_report_counters() -> int:
    """Nightly: check the governors' report's per-school month counters against the cases,
    correct any difference and log it as an error (a difference means a code path changed a
    figure's data without the services). Run it at once after writing cases by other means."""
    from policies.models import School

    corrected = 0
    for school_id in School.objects.order_by("id").values_list("id", flat=True):
        difference = month_counts_recount(school_id=school_id)
        if difference:
            logger.error(
                "Report counters of school %s corrected in %d place(s)", school_id, len(difference)
            )
            corrected += 1
    return corrected
