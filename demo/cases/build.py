"""Model rows built from a plan: the case, its reports and its workflow records."""

from __future__ import annotations

import datetime
import hashlib
import random
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from demo.cases.names import DESCRIPTIONS, ESCALATION_REASONS, FIRST_NAMES, STAFF_TITLES, SURNAMES
from demo.cases.plan import CasePlan, report_count, weighted
from incidents.models import Case, EscalationRequest, Meeting, ModerationRequest, Report, SiteBan
from incidents.models.cases import ESCALATION_TARGETS, Status

MODERATION_ANSWERS = {
    ModerationRequest.Answer.REMOVED: 70,
    ModerationRequest.Answer.REFUSED: 10,
    ModerationRequest.Answer.NO_LONGER_AVAILABLE: 20,
}


def case_build(plan: CasePlan) -> Case:
    closed = plan.steps[-1].at if plan.status == Status.CLOSED else None
    plan.case = Case(
        school=plan.kit.school,
        reference=plan.references[0],
        status=plan.status,
        owner=plan.owner,
        group=plan.group,
        safeguarding=plan.safeguarding,
        outcome=plan.outcome,
        opened_at=plan.opened_at,
        closed_at=closed,
        triage_due=plan.opened_at.date() + datetime.timedelta(days=2),
    )
    return plan.case


def reports_build(rng: random.Random, plan: CasePlan) -> list[Report]:
    times = [plan.opened_at, plan.second_report_at][: report_count(plan)]
    for i, (reference, at) in enumerate(zip(plan.references, times, strict=True)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        anonymous = rng.random() < 0.3
        occurred = at.date() - datetime.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5]))
        plan.reports.append(
            Report(
                school=plan.kit.school,
                case=plan.case,
                reference=reference,
                reporter_name="" if anonymous else f"{first} {last}",
                reporter_email=""
                if anonymous
                else f"{first}.{last}{rng.randint(1, 99)}@example.org".lower(),
                group=plan.group,
                occurred_on=occurred,
                occurred_at=datetime.time(rng.randint(7, 22), rng.choice([0, 15, 30, 45]))
                if rng.random() < 0.6
                else None,
                description=_description(rng, plan, occurred),
                person_concerned=_person_concerned(rng, plan),
                safeguarding=plan.safeguarding and i == 0,
                token_hash=hashlib.sha256(f"seed-{reference}-{i}".encode()).hexdigest(),
                submission_key=f"seed-{reference}-{i}",
                submitted_at=at,
            )
        )
    return plan.reports


def _description(rng: random.Random, plan: CasePlan, occurred: datetime.date) -> str:
    return rng.choice(DESCRIPTIONS).format(
        group=plan.group.name,
        staff=f"{rng.choice(STAFF_TITLES)} {rng.choice(SURNAMES)}",
        person=plan.parent[1],
        day=f"{occurred:%A}",
    )


def _person_concerned(rng: random.Random, plan: CasePlan) -> str:
    name = plan.parent[1]
    roll = rng.random()
    if roll < 0.7:
        return name
    if roll < 0.9:
        return f"{name.split()[0]} ({plan.group.year_group or 'class'} parent)"
    return ""


def proposal_build(plan: CasePlan, target: str, at: datetime.datetime) -> EscalationRequest:
    return EscalationRequest(
        case=plan.case,
        school=plan.kit.school,
        target=target,
        reason=ESCALATION_REASONS[target],
        requested_by=plan.kit.slt,
        requested_at=at,
    )


def escalations_build(plan: CasePlan) -> dict[int, EscalationRequest]:
    """An approved proposal behind every escalation step: SLT asked, the headteacher agreed."""
    approved = {}
    previous = plan.opened_at
    for index, step in enumerate(plan.steps):
        if step.target in ESCALATION_TARGETS:
            proposal = proposal_build(plan, step.target, previous + (step.at - previous) * 0.6)
            proposal.decision = EscalationRequest.Decision.APPROVED
            proposal.decided_by = plan.kit.head
            proposal.decided_at = step.at
            proposal.decision_note = "Approved."
            approved[index] = proposal
        previous = step.at
    return approved


def meeting_build(rng: random.Random, plan: CasePlan, now: datetime.datetime) -> Meeting | None:
    """The meeting of a case that reached that step: held, or booked if it is still ahead."""
    index = next((i for i, s in enumerate(plan.steps) if s.target == Status.MEETING), None)
    if index is None:
        return None
    step = plan.steps[index]
    if index + 1 < len(plan.steps):
        starts = step.at + (plan.steps[index + 1].at - step.at) * 0.5
    else:
        day = step.at.date() + datetime.timedelta(days=rng.randint(2, 10))
        day += datetime.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)
        starts = datetime.datetime.combine(
            day, datetime.time(15, 30), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
    held = starts + datetime.timedelta(hours=1) < now
    kit = plan.kit
    return Meeting(
        case=plan.case,
        starts_at=starts,
        place=rng.choice(["Headteacher's office", "Meeting room 1", "School office"]),
        attendees=f"{kit.head.get_full_name()} ({kit.school.decision_maker_title})\n"
        f"{kit.slt.get_full_name()} (note-taker)\n{plan.parent[1]} (parent)",
        outcome="The parent agreed to follow the code of conduct." if held else "",
        outcome_recorded_at=starts + datetime.timedelta(hours=1) if held else None,
        created_by=step.by,
        created_at=step.at + datetime.timedelta(minutes=5),
    )


# For the office's register and the letters; chosen by parent, so the demo's randomness is kept.
BAN_DESCRIPTIONS = [
    "Tall, grey hooded coat; usually walks a black dog.",
    "Drives a green van; parks by the north gate.",
    "Short dark hair, glasses; often with a pushchair.",
]
BAN_CONDITIONS = [
    "May drop off and collect at the main gate but not enter the playground.",
    "Contact with the school through the office only.\n"
    "Another adult brings and collects the children.",
]


def ban_build(rng: random.Random, plan: CasePlan, now: datetime.datetime) -> SiteBan:
    """Half confirmed with a review ahead, half intended and awaiting representations."""
    step = plan.steps[-1]
    starts = step.at.date()
    deadline = starts + datetime.timedelta(days=14)
    ban = SiteBan(
        case=plan.case,
        school_id=plan.case.school_id,
        parent_id=plan.parent[0],
        is_temporary=rng.random() < 0.3,
        reasons=ESCALATION_REASONS[Status.SITE_BAN],
        description=BAN_DESCRIPTIONS[plan.parent[0] % len(BAN_DESCRIPTIONS)],
        conditions=BAN_CONDITIONS[plan.parent[0] % len(BAN_CONDITIONS)],
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=365),
        representation_deadline=deadline,
        created_by=plan.kit.head,
        created_at=step.at + datetime.timedelta(minutes=10),
    )
    decided_at = step.at + datetime.timedelta(days=15)
    if rng.random() < 0.5 and decided_at < now:
        ban.state = SiteBan.State.CONFIRMED
        ban.is_temporary = False
        ban.decided_at = decided_at
        ban.representations = "The parent wrote to apologise but disputes the account."
        ban.representations_received_at = ban.created_at + datetime.timedelta(days=7)
        ban.decided_by = plan.kit.head
        ban.decision_reasons = "Confirmed after considering the parent's representations."
        ban.review_on = timezone.localdate(now) + datetime.timedelta(days=rng.randint(14, 120))
        ban.ends_on = max(ban.ends_on, ban.review_on + datetime.timedelta(days=90))
    return ban


def moderation_build(
    rng: random.Random, plan: CasePlan, now: datetime.datetime
) -> ModerationRequest:
    asked = plan.moderation_at
    answered = now - asked > datetime.timedelta(days=5)
    return ModerationRequest(
        case=plan.case,
        group=plan.group,
        moderator=plan.group.moderators or "Group moderator",
        asked_at=asked,
        follow_up_on=asked.date() + datetime.timedelta(days=3),
        answer=weighted(rng, MODERATION_ANSWERS) if answered else ModerationRequest.Answer.AWAITING,
        answered_at=asked + datetime.timedelta(hours=rng.uniform(4, 72)) if answered else None,
        created_by=plan.owner,
    )
