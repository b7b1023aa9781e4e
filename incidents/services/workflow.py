"""Status changes: the one path through which a case moves, and escalation proposals."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from incidents.models import Case, CaseEvent, EscalationRequest, SafeguardingAlert, SiteBan
from incidents.models.cases import ESCALATION_TARGETS, LADDER
from incidents.presentation import transition_refusal, transition_too_late
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow, NotPermitted
from incidents.services.month_counts import month_counts_decided, month_counts_moved
from incidents.services.status_counts import status_count_move
from incidents.signals import case_transitioned
from policies.permissions import Action

# Staff apply every transition by name, except closing as a duplicate: only a merge does that.
DIRECT_TRANSITIONS = frozenset(
    t.name for t in Case._meta.get_field("status").get_all_transitions(Case)
) - {"close_as_duplicate"}


CLOSING = frozenset({"close", "close_as_duplicate", "dismiss"})


def _refuse_closing_with_undecided_bans(case: Case) -> None:
    """A ban awaiting the headteacher's decision or review must be settled on the open case,
    where its Decide and Review links are."""
    waiting = list(
        SiteBan.objects.filter(
            case=case, state__in=[SiteBan.State.INTENDED, SiteBan.State.UNDER_REVIEW]
        )
        .select_related("parent")
        .order_by("pk")
    )
    if waiting:
        steps = "; ".join(
            f"{'decide' if ban.state == SiteBan.State.INTENDED else 'review'} the site ban of "
            f"{ban.parent.full_name}"
            for ban in waiting
        )
        raise NotNow(
            f"This case cannot be closed yet: first {steps} (or withdraw an intended ban)."
        )


# A merge carries a waiting safeguarding alert to the surviving case (case_merge); closing or
# dismissing would leave it on a case nobody works on, off the dashboard.
ENDING = frozenset({"close", "dismiss"})


def _refuse_ending_with_an_undecided_alert(case: Case) -> None:
    if SafeguardingAlert.objects.filter(
        case=case, decision=SafeguardingAlert.Decision.PENDING
    ).exists():
        raise NotNow(
            "This case cannot be closed yet: a designated safeguarding lead must first record "
            "a decision on its safeguarding flag."
        )


def user_transitions(case: Case, user: User) -> set[str]:
    """The transitions this user may apply to the case now."""
    return {t.name for t in case.get_available_user_status_transitions(user)}


@transaction.atomic
def case_apply_transition(
    *,
    case: Case,
    name: str,
    by: User,
    note: str = "",
    data: dict | None = None,
    escalation: EscalationRequest | None = None,
    **arguments,
) -> Case:
    """Apply a named transition for `by` (carrying out `escalation`, if given), checking role
    and school; write the chronology and send `case_transitioned` (letters drafts from it).

    Locks the case row, so two people acting at once cannot both move it: the second gets
    NotNow. Returns the updated case.
    """
    locked = Case.objects.select_for_update(of=("self",)).select_related("school").get(pk=case.pk)
    if name not in {t.name for t in locked.get_all_status_transitions()}:
        raise NotNow("That is not something that can be done to a case.")
    if name not in {t.name for t in locked.get_available_status_transitions()}:
        raise NotNow(transition_too_late(locked, name))
    if name not in user_transitions(locked, by):
        raise NotPermitted(transition_refusal(name))
    if name in CLOSING:
        _refuse_closing_with_undecided_bans(locked)
    if name in ENDING:
        _refuse_ending_with_an_undecided_alert(locked)
    source = locked.status
    data = {"transition": name, **(data or {})}
    if escalation is not None:
        data.update(escalation=escalation.pk, requested_by=escalation.requested_by_id)
    outcome = locked.outcome
    getattr(locked, name)(**arguments)
    locked.save()
    status_count_move(school_id=locked.school_id, source=source, target=locked.status)
    event = CaseEvent.objects.create(
        case=locked,
        kind=CaseEvent.Kind.TRANSITION,
        actor=by,
        source=source,
        target=locked.status,
        text=note,
        data=data,
    )
    month_counts_moved(case=locked, event=event, outcome_before=outcome)
    case_transitioned.send(
        sender=Case,
        case=locked,
        name=name,
        source=source,
        target=locked.status,
        by=by,
        escalation=escalation,
    )
    return locked


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
        case=case, school_id=case.school_id, target=target, reason=reason, requested_by=by
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
            escalation=proposal,
        )
    proposal.decision = (
        EscalationRequest.Decision.APPROVED if approve else EscalationRequest.Decision.REJECTED
    )
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    month_counts_decided(escalation=proposal)
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
