"""Status changes: the one path through which a case moves, and escalation proposals."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from incidents.models import Case, CaseEvent, EscalationRequest
from incidents.models.cases import ESCALATION_TARGETS, LADDER
from incidents.services import hooks
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow, NotPermitted
from incidents.services.status_counts import status_count_move
from policies.permissions import Action

TRANSITION_LABELS = {
    "triage": "Accept for triage",
    "dismiss": "Dismiss",
    "speak_to_parent": "Move to speaking to the parent",
    "escalate_to_warning_letter": "Escalate to a warning letter",
    "escalate_to_meeting": "Escalate to a meeting",
    "escalate_to_legal_advice": "Escalate to legal advice",
    "escalate_to_site_ban": "Escalate to a site ban",
    "close": "Close",
    "close_as_duplicate": "Close as a duplicate",
    "reopen": "Reopen",
}


# Applied from the case page; close_as_duplicate happens only through a merge.
DIRECT_TRANSITIONS = [name for name in TRANSITION_LABELS if name != "close_as_duplicate"]


def user_transitions(case: Case, user: User) -> list[str]:
    """The transitions this user may apply to the case now, in ladder order."""
    available = {t.name for t in case.get_available_user_status_transitions(user)}
    return [name for name in TRANSITION_LABELS if name in available]


@transaction.atomic
def case_apply_transition(
    *, case: Case, name: str, by: User, note: str = "", data: dict | None = None, **arguments
) -> Case:
    """Apply a named transition for `by`, checking role and school, and write the chronology.

    Locks the case row, so two people acting at once cannot both move it: the second gets
    NotNow. Returns the updated case.
    """
    locked = Case.objects.select_for_update(of=("self",)).select_related("school").get(pk=case.pk)
    if name not in {t.name for t in locked.get_all_status_transitions()}:
        raise NotNow("That is not something that can be done to a case.")
    if name not in {t.name for t in locked.get_available_status_transitions()}:
        raise NotNow(
            f"This case is now “{locked.get_status_display()}”, so “{TRANSITION_LABELS[name]}” "
            "is not possible. The page has been refreshed."
        )
    if name not in user_transitions(locked, by):
        raise NotPermitted(refusal(name))
    source = locked.status
    getattr(locked, name)(**arguments)
    locked.save()
    status_count_move(school_id=locked.school_id, source=source, target=locked.status)
    CaseEvent.objects.create(
        case=locked,
        kind=CaseEvent.Kind.TRANSITION,
        actor=by,
        source=source,
        target=locked.status,
        text=note,
        data={"transition": name, **(data or {})},
    )
    hooks.emit(
        "case_transitioned", case=locked, name=name, source=source, target=locked.status, by=by
    )
    return locked


def refusal(name: str) -> str:
    if name.startswith("escalate_to_"):
        return "Only the headteacher can escalate a case. You can propose the escalation instead."
    if name == "reopen":
        return "Only the headteacher can reopen a case."
    if name in {"close", "close_as_duplicate"}:
        return "At this stage only the headteacher can close the case."
    return "Your role does not allow you to do that."


def escalation_targets(case: Case) -> list[str]:
    """Steps above the case's current one that could be proposed now."""
    if case.status not in LADDER:
        return []
    here = LADDER.index(case.status)
    return [s for s in ESCALATION_TARGETS if LADDER.index(s) > here]


@transaction.atomic
def escalation_propose(*, case: Case, target: str, reason: str, by: User) -> EscalationRequest:
    require(by, case, Action.PROPOSE_ESCALATION)
    if target not in escalation_targets(case):
        raise NotNow("That step is not above where the case is now.")
    if EscalationRequest.objects.filter(
        case=case, decision=EscalationRequest.Decision.PENDING
    ).exists():
        raise NotNow("This case already has a proposal awaiting the headteacher.")
    proposal = EscalationRequest.objects.create(
        case=case, target=target, reason=reason, requested_by=by
    )
    event_add(
        case,
        CaseEvent.Kind.ESCALATION_PROPOSED,
        by=by,
        text=reason,
        escalation=proposal.pk,
        target=target,
    )
    return proposal


@transaction.atomic
def escalation_decide(*, escalation: EscalationRequest, by: User, approve: bool, note: str = ""):
    """The headteacher approves (the case moves; both names recorded) or rejects (nothing moves).

    The proposal row is locked: of two approvals at once, exactly one moves the case and the
    other is told it was already decided.
    """
    proposal = (
        EscalationRequest.objects.select_for_update(of=("self",))
        .select_related("case", "requested_by", "decided_by")
        .get(pk=escalation.pk)
    )
    require(by, proposal.case, Action.DECIDE)
    if proposal.decision != EscalationRequest.Decision.PENDING:
        who = proposal.decided_by.get_full_name() if proposal.decided_by else "someone else"
        raise NotNow(
            f"This proposal was already {proposal.get_decision_display().lower()} by {who}."
        )
    if not approve and not note.strip():
        raise NotNow("Please give the reason for rejecting the proposal.")
    if approve:
        case_apply_transition(
            case=proposal.case,
            name=proposal.transition_name,
            by=by,
            note=note or proposal.reason,
            data={"escalation": proposal.pk, "requested_by": proposal.requested_by_id},
        )
    proposal.decision = (
        EscalationRequest.Decision.APPROVED if approve else EscalationRequest.Decision.REJECTED
    )
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    requester = proposal.requested_by.get_full_name() or proposal.requested_by.get_username()
    event_add(
        proposal.case,
        CaseEvent.Kind.ESCALATION_APPROVED if approve else CaseEvent.Kind.ESCALATION_REJECTED,
        by=by,
        text=note,
        escalation=proposal.pk,
        target=proposal.target,
        requested_by=requester,
    )
    return proposal
