"""E-mail about concerns: written as Notification rows in the same transaction, sent by a task.

Bodies carry the reference and a link, never the allegation text.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone

from incidents.models import Case, Notification, Report
from incidents.services.claims import pending_to_queue, stale_claims_release
from incidents.services.errors import NotNow, NotPermitted
from incidents.services.queue import enqueue_on_commit
from policies.models import Membership
from policies.permissions import case_workers, first_responders

MAX_ATTEMPTS = 5


def staff_emails(*, school_id: int) -> dict[str, list[str]]:
    """Active staff e-mail addresses at a school, by role, in one query."""
    by_role: dict[str, list[str]] = {role: [] for role in Membership.Role.values}
    rows = (
        Membership.objects.filter(school_id=school_id, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("role", "user__email")
    )
    for role, email in rows:
        by_role[role].append(email)
    return by_role


def _notification(*, kind, case: Case, recipient: str, template: str, context: dict):
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    return Notification(
        kind=kind,
        subject_key=f"case:{case.pk}",
        school_id=case.school_id,
        case=case,
        recipient=recipient,
        subject=subject.strip()[:200],
        body=body.strip(),
    )


def notifications_for_new_report(*, report: Report) -> list[Notification]:
    """Rows for a new concern: acknowledgement, SLT alert, and the urgent safeguarding alert.

    The case is new, so none of these can exist yet: they are inserted in one statement.
    """
    case, school = report.case, report.school
    context = {
        "school": school,
        "reference": report.reference,
        "case_url": f"{settings.SITE_URL.rstrip('/')}{case.get_absolute_url()}",
    }
    staff = staff_emails(school_id=school.pk)
    wanted = [(Notification.Kind.NEW_CONCERN, first_responders(staff), "new_concern.txt")]
    if report.reporter_email:
        wanted.append(
            (Notification.Kind.REPORTER_ACKNOWLEDGEMENT, [report.reporter_email], "ack.txt")
        )
    if report.safeguarding:
        wanted.append(
            (Notification.Kind.SAFEGUARDING_ALERT, case_workers(staff), "safeguarding.txt")
        )
    rows = [
        _notification(
            kind=kind,
            case=case,
            recipient=recipient,
            template=f"incidents/email/{template}",
            context=context,
        )
        for kind, recipients, template in wanted
        for recipient in recipients
    ]
    return Notification.objects.bulk_create(rows)


def notification_claim(*, notification_id: int) -> Notification | None:
    """Mark a pending row as sending; None when it is sent, failed or another worker has it."""
    with transaction.atomic():
        claimed = Notification.objects.filter(
            pk=notification_id, status=Notification.Status.PENDING
        ).update(
            status=Notification.Status.SENDING,
            attempts=F("attempts") + 1,
            claimed_at=timezone.now(),
        )
    if not claimed:
        return None
    return Notification.objects.get(pk=notification_id)


def notification_send(*, notification_id: int) -> bool:
    """Send one notification at most once. Returns True when this call sent it."""
    notification = notification_claim(notification_id=notification_id)
    if notification is None:
        return False
    try:
        send_mail(
            notification.subject,
            notification.body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.recipient],
        )
    except Exception as exc:
        failed = notification.attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification.pk).update(
            status=Notification.Status.FAILED if failed else Notification.Status.PENDING,
            last_error=type(exc).__name__,
        )
        raise
    Notification.objects.filter(pk=notification.pk).update(
        status=Notification.Status.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def notifications_to_queue(*, now=None) -> list[int]:
    """Rows the sweep should queue: pending and due (never queued, or queued while the broker
    was down), and rows stuck "sending" because a worker died (failed past the attempt cap)."""
    stale_claims_release(
        Notification,
        working=Notification.Status.SENDING,
        stale_seconds=settings.NOTIFICATION_STALE_SECONDS,
        max_attempts=MAX_ATTEMPTS,
        now=now,
    )
    return pending_to_queue(Notification, now=now, limit=500, due_on__lte=timezone.localdate())


@transaction.atomic
def notification_retry(*, notification: Notification, by: User) -> Notification:
    """A headteacher asks for one more try of an e-mail that failed."""
    from incidents.tasks import send_notification
    from policies.permissions import Action, can

    if notification.school_id is None or not can(by, notification.school_id, Action.DECIDE):
        raise NotPermitted("Only the headteacher can retry failed e-mails.")
    if not Notification.objects.filter(
        pk=notification.pk, status=Notification.Status.FAILED
    ).update(status=Notification.Status.PENDING, attempts=0, last_error=""):
        raise NotNow("This e-mail has not failed.")
    enqueue_on_commit(send_notification, notification.pk)
    return notification
