"""E-mail about concerns: written as Notification rows in the same transaction, sent by a task.

Bodies carry the reference and a link, never the allegation text.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone

from incidents.models import Case, ModerationRequest, Notification, Report
from jobs.services import job_finish, job_message_id, job_queue, job_run
from policies.mail import school_sender
from policies.models import Membership
from policies.permissions import deciders, first_responders, safeguarding_alerted


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


def safeguarding_recipients(*, school_id: int) -> list[str]:
    """Who gets an urgent safeguarding alert at a school, DSLs first (see
    policies.permissions.safeguarding_alerted), in one query."""
    staff = (
        Membership.objects.filter(school_id=school_id, user__is_active=True)
        .exclude(user__email="")
        .values_list("role", "safeguarding_lead", "user__email")
    )
    return safeguarding_alerted(list(staff))


def _notification(
    *, kind, case: Case, recipient: str, template: str, context: dict, subject_key: str = ""
):
    subject, _, body = render_to_string(template, context).strip().partition("\n")
    return Notification(
        kind=kind,
        subject_key=subject_key or f"case:{case.pk}",
        school_id=case.school_id,
        case=case,
        recipient=recipient,
        subject=subject.strip()[:200],
        body=body.strip(),
    )


def deciders_tell(
    *, case: Case, kind: str, subject_key: str, template: str, context: dict
) -> list[Notification]:
    """E-mail the school's deciders (the headteacher) about the case: a row each, queued after
    commit. `template`'s first line is the subject; it carries a link, never case content."""
    rows = Notification.objects.bulk_create(
        _notification(
            kind=kind,
            case=case,
            recipient=recipient,
            template=template,
            context=context,
            subject_key=subject_key,
        )
        for recipient in deciders(staff_emails(school_id=case.school_id))
    )
    for row in rows:
        job_queue(row)
    return rows


def notifications_for_new_report(*, report: Report) -> list[Notification]:
    """Rows for a new concern: the urgent safeguarding alert (first, so the DSLs' messages are
    queued before any other), the SLT alert and the acknowledgement.

    The case is new, so none of these can exist yet: they are inserted in one statement.
    """
    case, school = report.case, report.school
    context = {
        "school": school,
        "reference": report.reference,
        "case_url": f"{settings.SITE_URL.rstrip('/')}{case.get_absolute_url()}",
    }
    wanted = []
    if report.safeguarding:
        alerted = safeguarding_recipients(school_id=school.pk)
        wanted.append((Notification.Kind.SAFEGUARDING_ALERT, alerted, "safeguarding.txt"))
    staff = staff_emails(school_id=school.pk)
    wanted.append((Notification.Kind.NEW_CONCERN, first_responders(staff), "new_concern.txt"))
    if report.reporter_email:
        wanted.append(
            (Notification.Kind.REPORTER_ACKNOWLEDGEMENT, [report.reporter_email], "ack.txt")
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


def notifications_for_safeguarding_flag(*, case: Case, by) -> list[Notification]:
    """Rows telling the DSLs (and the headteacher) that a member of staff marked the case as a
    safeguarding concern; not the person who did, nor anyone already alerted about the case
    today (one alert per case, person and day)."""
    already = set(
        Notification.objects.filter(
            subject_key=f"case:{case.pk}",
            kind=Notification.Kind.SAFEGUARDING_ALERT,
            due_on=timezone.localdate(),
        ).values_list("recipient", flat=True)
    )
    context = {
        "school": case.school,
        "reference": case.reference,
        "by": by.get_full_name() or by.get_username(),
        "case_url": f"{settings.SITE_URL.rstrip('/')}{case.get_absolute_url()}",
    }
    rows = [
        _notification(
            kind=Notification.Kind.SAFEGUARDING_ALERT,
            case=case,
            recipient=recipient,
            template="incidents/email/safeguarding_flagged.txt",
            context=context,
        )
        for recipient in safeguarding_recipients(school_id=case.school_id)
        if recipient not in already and recipient != by.email
    ]
    return Notification.objects.bulk_create(rows)


def reporter_tell_of_message(*, report: Report, case: Case, event) -> Notification:
    """Tell the reporter there is a message from the school, queued after commit: only that, so
    the e-mail carries neither the message nor the follow-up link (which only the reporter
    keeps)."""
    notification = _notification(
        kind=Notification.Kind.REPORTER_MESSAGE,
        case=case,
        recipient=report.reporter_email,
        template="incidents/email/reporter_message.txt",
        context={"school": case.school, "reference": report.reference},
        subject_key=f"reporter-message:{event.pk}",
    )
    notification.save()
    job_queue(notification)
    return notification


def moderation_email_queue(*, request: ModerationRequest, message: str) -> Notification:
    """The e-mail asking a group's moderator to remove a post, queued after commit. It carries
    what staff wrote for the moderator, never the report itself."""
    case = request.case
    notification = _notification(
        kind=Notification.Kind.MODERATION_REQUEST,
        case=case,
        recipient=request.group.moderator_email,
        template="incidents/email/moderation_request.txt",
        context={
            "school": case.school,
            "group": request.group,
            "moderator": request.moderator,
            "message": message,
            "reference": case.reference,
        },
    )
    notification.subject_key = f"moderation:{request.pk}"
    notification.save()
    job_queue(notification)
    return notification


def _send(notification: Notification) -> bool:
    sender = (
        school_sender(notification.school)
        if notification.school_id
        else {"from_email": settings.DEFAULT_FROM_EMAIL}
    )
    message = EmailMessage(
        notification.subject,
        notification.body,
        to=[notification.recipient],
        headers={"Message-ID": job_message_id(notification)},
        **sender,
    )
    message.send()
    return job_finish(notification)


def notification_send(*, notification_id: int) -> bool:
    """Send one notification (at least once: see jobs.services). True when this call sent it."""
    return job_run(Notification, notification_id, _send)
