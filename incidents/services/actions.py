"""Things staff record on an open case: notes, conversations, meetings, moderator requests,
and the side actions of the codes of conduct (police, safeguarding advice, group removal)."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from incidents.models import Case, CaseEvent, Meeting, ModerationRequest
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
from incidents.services.notifications import moderation_email_queue
from policies.permissions import Action

SIDE_ACTIONS = {
    CaseEvent.Kind.POLICE_REFERRAL,
    CaseEvent.Kind.SAFEGUARDING_ADVICE,
    CaseEvent.Kind.REMOVED_FROM_GROUP,
}


@transaction.atomic
def case_add_note(*, case: Case, text: str, by: User) -> CaseEvent:
    require(by, case, Action.WORK_CASES, open_case=False)
    return event_add(case, CaseEvent.Kind.NOTE, by=by, text=text)


@transaction.atomic
def case_record_conversation(
    *, case: Case, by: User, who: str, held_at, method: str, summary: str
) -> CaseEvent:
    require(by, case, Action.WORK_CASES)
    return event_add(
        case,
        CaseEvent.Kind.CONVERSATION,
        by=by,
        text=summary,
        who=who,
        held_at=held_at.isoformat(),
        method=method,
    )


@transaction.atomic
def case_side_action(*, case: Case, kind: str, by: User, note: str = "") -> CaseEvent:
    require(by, case, Action.WORK_CASES)
    if kind not in SIDE_ACTIONS:
        raise NotNow("Unknown action.")
    return event_add(case, kind, by=by, text=note)


@transaction.atomic
def meeting_schedule(*, case: Case, by: User, starts_at, place: str, attendees: str) -> Meeting:
    require(by, case, Action.WORK_CASES)
    meeting = Meeting.objects.create(
        case=case, starts_at=starts_at, place=place, attendees=attendees, created_by=by
    )
    when = timezone.localtime(starts_at).strftime("%-d %b %Y %H:%M")
    event_add(
        case,
        CaseEvent.Kind.MEETING_SCHEDULED,
        by=by,
        text=f"{when} at {place}",
        meeting=meeting.pk,
    )
    return meeting


@transaction.atomic
def meeting_record_outcome(*, meeting: Meeting, by: User, outcome: str) -> Meeting:
    require(by, meeting.case, Action.WORK_CASES)
    meeting.outcome = outcome
    meeting.outcome_recorded_at = timezone.now()
    meeting.save(update_fields=["outcome", "outcome_recorded_at"])
    event_add(meeting.case, CaseEvent.Kind.MEETING_OUTCOME, by=by, text=outcome, meeting=meeting.pk)
    return meeting


@transaction.atomic
def moderation_request(
    *,
    case: Case,
    by: User,
    group,
    moderator: str,
    follow_up_on,
    note: str = "",
    send_email: bool = False,
    message: str = "",
) -> ModerationRequest:
    """Record that the moderator was asked; with `send_email`, ask them now by e-mail at the
    address on the class-group register (from the school, replies to its office)."""
    require(by, case, Action.WORK_CASES)
    if group is not None and group.school_id != case.school_id:
        raise NotNow("That group is not in this school's register.")
    if send_email and not (group and group.moderator_email):
        raise NotNow(
            "The register has no e-mail address for this group's moderator: an administrator "
            "can add it, or record a request made another way.",
            field="send_email",
        )
    request = ModerationRequest.objects.create(
        case=case, group=group, moderator=moderator, follow_up_on=follow_up_on, created_by=by
    )
    how = ""
    if send_email:
        moderation_email_queue(request=request, message=message)
        how = f" by e-mail to {group.moderator_email}"
    text = f"Asked {moderator}{how} to remove the post; follow up on {follow_up_on:%-d %b %Y}."
    event_add(
        case,
        CaseEvent.Kind.MODERATION_REQUESTED,
        by=by,
        text=f"{note} ({text})" if note and how else note or text,
        request=request.pk,
        **({"email": group.moderator_email} if send_email else {}),
    )
    return request


@transaction.atomic
def moderation_answer(*, request: ModerationRequest, by: User, answer: str, note: str = ""):
    require(by, request.case, Action.WORK_CASES)
    if answer == ModerationRequest.Answer.AWAITING:
        raise NotNow("Choose the moderator's answer.")
    request.answer = answer
    request.answer_note = note
    request.answered_at = timezone.now()
    request.save(update_fields=["answer", "answer_note", "answered_at"])
    event_add(
        request.case,
        CaseEvent.Kind.MODERATION_ANSWERED,
        by=by,
        text=f"{request.get_answer_display()}. {note}".strip(),
        request=request.pk,
    )
    return request
