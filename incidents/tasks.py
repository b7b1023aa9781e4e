"""Thin Celery tasks: fetch by id, call a service, own the retries."""

from celery import shared_task

from incidents.services.notifications import notification_send


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
