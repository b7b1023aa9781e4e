"""The chronology of a planned case, as the workflow services would have written it."""

from __future__ import annotations

import datetime

from django.utils import timezone

from demo.cases.plan import CasePlan, Step
from incidents.models import Case, CaseEvent, EscalationRequest, ModerationRequest, SiteBan
from incidents.models.cases import Status

REPORTER = "Reporter"
Kind = CaseEvent.Kind
Outcome = Case.Outcome


def _event(case: Case, kind: str, at: datetime.datetime, by=None, **fields) -> CaseEvent:
    return CaseEvent(case=case, kind=kind, created_at=at, actor=by, **fields)


def events_build(plan: CasePlan) -> list[CaseEvent]:
    """Reported, each transition (with its proposal and approval), then the side records."""
    case = plan.case
    events = [
        _event(
            case,
            Kind.REPORTED,
            report.submitted_at,
            actor_label=REPORTER,
            text="Concern received." if i == 0 else "A further concern about this was received.",
            data={"report": report.pk, "safeguarding": report.safeguarding},
        )
        for i, report in enumerate(plan.reports)
    ]
    for index, step in enumerate(plan.steps):
        escalation = plan.escalations.get(index)
        if escalation:
            events += _escalation_events(case, escalation, step)
        else:
            text = (
                f"Outcome: {Outcome(plan.outcome).label}." if step.target == Status.CLOSED else ""
            )
            events.append(_transition_event(case, step, text=text))
        if step.name == "triage" and plan.safeguarding:
            at = step.at + datetime.timedelta(minutes=15)
            events.append(_event(case, Kind.SAFEGUARDING_ADVICE, at, step.by))
    return events + _side_events(plan)


def _transition_event(case: Case, step: Step, *, text: str = "", **data) -> CaseEvent:
    return _event(
        case,
        Kind.TRANSITION,
        step.at,
        step.by,
        source=step.source,
        target=step.target,
        text=text,
        data={"transition": step.name, **data},
    )


def _escalation_events(case: Case, escalation: EscalationRequest, step: Step) -> list[CaseEvent]:
    """As the workflow writes them: proposed by SLT, the transition, approved by the head."""
    ids = {"escalation": escalation.pk, "target": escalation.target}
    requester = escalation.requested_by
    return [
        _proposed_event(case, escalation),
        _transition_event(
            case,
            step,
            text=escalation.reason,
            escalation=escalation.pk,
            requested_by=requester.pk,
        ),
        _event(
            case,
            Kind.ESCALATION_APPROVED,
            step.at,
            step.by,
            text=escalation.decision_note,
            data={**ids, "requested_by": requester.get_full_name() or requester.get_username()},
        ),
    ]


def _proposed_event(case: Case, escalation: EscalationRequest) -> CaseEvent:
    return _event(
        case,
        Kind.ESCALATION_PROPOSED,
        escalation.requested_at,
        escalation.requested_by,
        text=escalation.reason,
        data={"escalation": escalation.pk, "target": escalation.target},
    )


def _side_events(plan: CasePlan) -> list[CaseEvent]:
    """The pending proposal, the meeting, the site ban and the request to the moderator."""
    case, events = plan.case, []
    if plan.pending:
        events.append(_proposed_event(case, plan.pending))
    if meeting := plan.meeting:
        when = timezone.localtime(meeting.starts_at).strftime("%-d %b %Y %H:%M")
        events.append(
            _event(
                case,
                Kind.MEETING_SCHEDULED,
                meeting.created_at,
                meeting.created_by,
                text=f"{when} at {meeting.place}",
                data={"meeting": meeting.pk},
            )
        )
        if meeting.outcome_recorded_at:
            events.append(
                _event(
                    case,
                    Kind.MEETING_OUTCOME,
                    meeting.outcome_recorded_at,
                    meeting.created_by,
                    text=meeting.outcome,
                    data={"meeting": meeting.pk},
                )
            )
    if plan.ban:
        events += _ban_events(plan.ban)
    if request := plan.moderation:
        events += _moderation_events(request)
    return events


def _ban_events(ban: SiteBan) -> list[CaseEvent]:
    kind = "Temporary" if ban.is_temporary else "Intended"
    events = [
        _event(
            ban.case,
            Kind.SITE_BAN,
            ban.created_at,
            ban.created_by,
            text=f"{kind} ban from {ban.starts_on:%-d %b %Y} to {ban.ends_on:%-d %b %Y}; "
            f"representations by {ban.representation_deadline:%-d %b %Y}.",
            data={"ban": ban.pk, "step": "intended"},
        )
    ]
    if ban.state == SiteBan.State.CONFIRMED:
        events.append(
            _event(
                ban.case,
                Kind.SITE_BAN,
                ban.decided_at,
                ban.decided_by,
                text=f"Ban confirmed. Reasons given to the parent: {ban.decision_reasons}",
                data={"ban": ban.pk, "step": "confirm"},
            )
        )
    return events


def _moderation_events(request: ModerationRequest) -> list[CaseEvent]:
    events = [
        _event(
            request.case,
            Kind.MODERATION_REQUESTED,
            request.asked_at,
            request.created_by,
            text=f"Asked {request.moderator} to remove the post; "
            f"follow up on {request.follow_up_on:%-d %b %Y}.",
            data={"request": request.pk},
        )
    ]
    if request.answered_at:
        events.append(
            _event(
                request.case,
                Kind.MODERATION_ANSWERED,
                request.answered_at,
                request.created_by,
                text=f"{request.get_answer_display()}.",
                data={"request": request.pk},
            )
        )
    return events
