"""Reminders: rules that say what is due, and the planner that writes each due reminder as a
Notification row — unique per (subject, kind, recipient, due date), so the planner may run any
number of times (or from two beats) and each reminder is still sent once.

No task is scheduled days ahead: the planner runs every few minutes and writes what is due
today; the notification sweep sends pending rows.
"""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from incidents.models import (
    Case,
    EscalationRequest,
    Meeting,
    ModerationRequest,
    Notification,
    SiteBan,
)
from incidents.services.notifications import staff_emails
from policies.models import CodeOfConduct, School
from policies.permissions import case_workers, deciders, first_responders

Kind = Notification.Kind


@dataclass
class Due:
    kind: str
    subject_key: str
    school: School
    due_on: datetime.date
    subject: str
    body: str
    recipients: list[str] = field(default_factory=list)
    case: Case | None = None


def _link(case: Case) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{case.get_absolute_url()}"


def _staff(school_id, cache):
    if school_id not in cache:
        cache[school_id] = staff_emails(school_id=school_id)
    return cache[school_id]


def escalations_waiting(today, staff) -> Iterator[Due]:
    every = settings.ESCALATION_REMINDER_DAYS
    pending = EscalationRequest.objects.filter(
        decision=EscalationRequest.Decision.PENDING,
        requested_at__date__lte=today - datetime.timedelta(days=every),
    ).select_related("case__school")
    for proposal in pending:
        waited = (today - timezone.localdate(proposal.requested_at)).days
        due_on = timezone.localdate(proposal.requested_at) + datetime.timedelta(
            days=every * (waited // every)
        )
        case = proposal.case
        yield Due(
            Kind.ESCALATION_WAITING,
            f"escalation:{proposal.pk}",
            case.school,
            due_on,
            f"Escalation on {case.reference} has waited {waited} days for your decision",
            f"A proposal to move {case.reference} to “{proposal.get_target_display()}” has "
            f"waited {waited} days.\n\nDecide it in ConductDesk: {_link(case)}",
            deciders(_staff(case.school_id, staff)),
            case,
        )


def meetings_tomorrow(today, staff) -> Iterator[Due]:
    tomorrow = today + datetime.timedelta(days=1)
    meetings = Meeting.objects.filter(starts_at__date=tomorrow, outcome="").select_related(
        "case__school", "case__owner", "created_by"
    )
    for meeting in meetings:
        case = meeting.case
        people = {meeting.created_by.email, case.owner.email if case.owner_id else ""}
        people |= set(deciders(_staff(case.school_id, staff)))
        when = timezone.localtime(meeting.starts_at)
        yield Due(
            Kind.MEETING_TOMORROW,
            f"meeting:{meeting.pk}",
            case.school,
            today,
            f"Meeting tomorrow about {case.reference} at {when:%H:%M}",
            f"The meeting about {case.reference} is tomorrow, {when:%-d %B %Y} at {when:%H:%M}, "
            f"at {meeting.place}.\n\nAttendees:\n{meeting.attendees}\n\n{_link(case)}",
            sorted(p for p in people if p),
            case,
        )


def moderation_unanswered(today, staff) -> Iterator[Due]:
    requests = ModerationRequest.objects.filter(
        answer=ModerationRequest.Answer.AWAITING, follow_up_on__lte=today
    ).select_related("case__school", "created_by")
    for request in requests:
        case = request.case
        yield Due(
            Kind.MODERATION_NO_ANSWER,
            f"moderation:{request.pk}",
            case.school,
            request.follow_up_on,
            f"No answer yet from the moderator on {case.reference}",
            f"{request.moderator} was asked on {request.asked_at:%-d %B} to remove a post and has "
            f"not answered. Follow up, then record the answer: {_link(case)}",
            [e for e in [request.created_by.email] if e],
            case,
        )


def site_ban_dates(today, staff) -> Iterator[Due]:
    intended = SiteBan.objects.filter(
        state=SiteBan.State.INTENDED, representation_deadline__lt=today
    ).select_related("case__school", "parent")
    for ban in intended:
        case = ban.case
        yield Due(
            Kind.REPRESENTATIONS_DUE,
            f"ban:{ban.pk}",
            case.school,
            ban.representation_deadline + datetime.timedelta(days=1),
            f"Site ban on {case.reference}: the representation deadline has passed",
            f"The deadline for representations about the intended ban of {ban.parent.full_name} "
            f"was {ban.representation_deadline:%-d %B %Y}. Please decide: confirm, modify or "
            f"lift the ban.\n\n{_link(case)}",
            deciders(_staff(case.school_id, staff)),
            case,
        )
    reviews = SiteBan.objects.filter(
        state__in=[SiteBan.State.CONFIRMED, SiteBan.State.UNDER_REVIEW], review_on__lte=today
    ).select_related("case__school", "parent")
    for ban in reviews:
        case = ban.case
        yield Due(
            Kind.BAN_REVIEW_DUE,
            f"ban:{ban.pk}",
            case.school,
            ban.review_on,
            f"Site ban on {case.reference} is due for review",
            f"The ban of {ban.parent.full_name} is due for review on {ban.review_on:%-d %B %Y}."
            f"\n\n{_link(case)}",
            deciders(_staff(case.school_id, staff)),
            case,
        )


def site_bans_ended(today, staff) -> Iterator[Due]:
    """SLT and the headteacher hear that a ban ended (the periodic task ends it); a week of
    grace, so a planner that was down on the day still tells them, once."""
    ended = SiteBan.objects.filter(
        state=SiteBan.State.ENDED, ends_on__gte=today - datetime.timedelta(days=8)
    ).select_related("case__school", "parent")
    for ban in ended:
        case = ban.case
        yield Due(
            Kind.BAN_ENDED,
            f"ban:{ban.pk}",
            case.school,
            ban.ends_on + datetime.timedelta(days=1),
            f"Site ban on {case.reference} has ended",
            f"The ban of {ban.parent.full_name} from the school site ended on "
            f"{ban.ends_on:%-d %B %Y}. They may come onto the site again.\n\n{_link(case)}",
            case_workers(_staff(case.school_id, staff)),
            case,
        )


def code_reviews(today, staff) -> Iterator[Due]:
    notice = datetime.timedelta(days=settings.CODE_REVIEW_NOTICE_DAYS)
    codes = CodeOfConduct.objects.filter(
        review_date__isnull=False, review_date__lte=today + notice
    ).select_related("school")
    for code in codes:
        yield Due(
            Kind.CODE_REVIEW_DUE,
            f"code:{code.pk}",
            code.school,
            max(code.review_date - notice, code.effective_date),
            f"{code.school.name}: the code of conduct is due for review",
            f"“{code.title}” is due for review on {code.review_date:%-d %B %Y}.",
            deciders(_staff(code.school_id, staff)),
        )


def daily_digests(today, staff) -> Iterator[Due]:
    if timezone.localtime().hour < settings.DIGEST_HOUR:
        return
    open_cases = Case.objects.filter(status=Case.Status.REPORTED).select_related("school")
    by_school: dict[int, list[Case]] = {}
    for case in open_cases.order_by("school_id", "opened_at"):
        by_school.setdefault(case.school_id, []).append(case)
    for cases in by_school.values():
        school = cases[0].school
        overdue = [c for c in cases if c.triage_due and c.triage_due < today]
        lines = [
            f"- {c.reference}, received {c.opened_at:%-d %b}"
            + (" (triage overdue)" if c in overdue else "")
            for c in cases
        ]
        yield Due(
            Kind.DIGEST,
            f"school:{school.pk}",
            school,
            today,
            f"{school.name}: {len(cases)} concern(s) to triage, {len(overdue)} overdue",
            "Concerns waiting for triage:\n\n"
            + "\n".join(lines)
            + f"\n\n{settings.SITE_URL.rstrip('/')}/staff/",
            staff_for_digest(school.pk, staff),
        )


def staff_for_digest(school_id, staff):
    return first_responders(_staff(school_id, staff))


RULES = [
    escalations_waiting,
    meetings_tomorrow,
    moderation_unanswered,
    site_ban_dates,
    site_bans_ended,
    code_reviews,
    daily_digests,
]


def reminders_due(today: datetime.date | None = None) -> Iterator[Due]:
    today = today or timezone.localdate()
    staff: dict = {}
    for rule in RULES:
        yield from rule(today, staff)


def reminders_plan(today: datetime.date | None = None) -> list[int]:
    """Write a Notification row for each reminder due today; returns the ids of new rows."""
    created = []
    for due in reminders_due(today):
        for recipient in due.recipients:
            try:
                with transaction.atomic():
                    row = Notification.objects.create(
                        kind=due.kind,
                        subject_key=due.subject_key,
                        school=due.school,
                        case=due.case,
                        recipient=recipient,
                        due_on=due.due_on,
                        subject=due.subject[:200],
                        body=due.body,
                    )
            except IntegrityError:  # already planned: by an earlier run or another beat
                continue
            created.append(row.pk)
    return created


def case_reminders(case: Case, *, days: int = 14) -> tuple[list, list]:
    """What is overdue on this case and what will remind someone about it in the coming days
    (computed, not stored), each a sorted list of (date, what). A date that has passed is
    overdue, never upcoming."""
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=days)
    due = []  # (date, what, shown once it has passed)
    for meeting in case.meetings.all():
        if not meeting.outcome:
            day_before = timezone.localdate(meeting.starts_at) - datetime.timedelta(days=1)
            due.append((day_before, "Reminder of tomorrow's meeting", False))
    for request in case.moderation_requests.all():
        if request.answer == ModerationRequest.Answer.AWAITING:
            due.append((request.follow_up_on, f"Follow up with {request.moderator}", True))
    for ban in case.site_bans.all():
        if ban.state == SiteBan.State.INTENDED:
            decide_on = ban.representation_deadline + datetime.timedelta(days=1)
            due.append((decide_on, "Decide the site ban", True))
        if ban.state in {SiteBan.State.CONFIRMED, SiteBan.State.UNDER_REVIEW} and ban.review_on:
            due.append((ban.review_on, "Review the site ban", True))
    every = settings.ESCALATION_REMINDER_DAYS
    for proposal in case.escalations.all():
        if proposal.decision == EscalationRequest.Decision.PENDING:
            # The head is reminded every `every` days from the proposal: the next such day.
            asked = timezone.localdate(proposal.requested_at)
            waited = max((today - asked).days, 1)
            next_on = asked + datetime.timedelta(days=every * -(-waited // every))
            due.append((next_on, "Remind the headteacher of the proposal", False))
    if case.status == Case.Status.REPORTED and case.triage_due:
        due.append((case.triage_due, "Triage due", True))
    overdue = sorted((day, what) for day, what, shown in due if day < today and shown)
    upcoming = sorted((day, what) for day, what, _ in due if today <= day <= horizon)
    return overdue, upcoming
