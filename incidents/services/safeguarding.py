"""The safeguarding flag and the designated safeguarding lead's decision on it.

Anyone who works on cases may mark a case as a safeguarding concern; a DSL (or deputy) records
what was done about it (referred, logged in the school's own safeguarding system with its
reference, or no further action) or clears the flag. Until then the case is pinned to the
dashboard. Each step is on the chronology with its reason.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from incidents.models import Case, CaseEvent, SafeguardingAlert
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
from incidents.services.notifications import notifications_for_safeguarding_flag
from jobs.services import job_queue
from policies.permissions import Action

Decision = SafeguardingAlert.Decision
# What a DSL records on an alert; clearing the flag records NOT_SAFEGUARDING itself.
DECISIONS = [Decision.REFERRED, Decision.LOGGED, Decision.NO_FURTHER_ACTION]


def safeguarding_alert_open(
    *, case: Case, raised_by: User | None = None, reason: str = "", raised_at=None
) -> SafeguardingAlert:
    """The case's alert awaiting a decision, made if it has none (intake, flagging, merging)."""
    alert, _ = SafeguardingAlert.objects.get_or_create(
        case=case,
        decision=Decision.PENDING,
        defaults={
            "raised_by": raised_by,
            "reason": reason,
            "raised_at": raised_at or timezone.now(),
        },
    )
    return alert


def safeguarding_alert_pending(*, case: Case) -> SafeguardingAlert | None:
    return SafeguardingAlert.objects.filter(case=case, decision=Decision.PENDING).first()


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("school").get(pk=case.pk)


def _reason(reason: str) -> str:
    reason = reason.strip()
    if not reason:
        raise NotNow("Give the reason: it goes on the chronology.", field="reason")
    return reason


@transaction.atomic
def case_flag_safeguarding(*, case: Case, by: User, reason: str) -> SafeguardingAlert:
    """Mark the case as a safeguarding concern: the flag, an alert awaiting the DSL's decision,
    the chronology, and an urgent e-mail to the DSLs (and the headteacher)."""
    require(by, case, Action.WORK_CASES)
    reason = _reason(reason)
    case = _locked(case)
    if case.safeguarding:
        raise NotNow("This case is already marked as a safeguarding concern.")
    case.safeguarding = True
    case.save(update_fields=["safeguarding", "updated_at"])
    alert = safeguarding_alert_open(case=case, raised_by=by, reason=reason)
    event_add(case, CaseEvent.Kind.SAFEGUARDING_FLAGGED, by=by, text=reason, alert=alert.pk)
    for notification in notifications_for_safeguarding_flag(case=case, by=by):
        job_queue(notification)
    return alert


@transaction.atomic
def case_clear_safeguarding(*, case: Case, by: User, reason: str) -> Case:
    """A DSL judges the case not a safeguarding matter: the flag goes, and an alert still
    awaiting a decision is decided so, with the reason."""
    require(by, case, Action.DECIDE_SAFEGUARDING, open_case=False)
    reason = _reason(reason)
    case = _locked(case)
    if not case.safeguarding:
        raise NotNow("This case is not marked as a safeguarding concern.")
    case.safeguarding = False
    case.save(update_fields=["safeguarding", "updated_at"])
    alert = safeguarding_alert_pending(case=case)
    if alert is not None:
        _decide(alert, by=by, decision=Decision.NOT_SAFEGUARDING, note=reason)
    event_add(
        case,
        CaseEvent.Kind.SAFEGUARDING_CLEARED,
        by=by,
        text=reason,
        alert=alert.pk if alert else None,
    )
    return case


@transaction.atomic
def safeguarding_decide(
    *, case: Case, by: User, decision: str, system_reference: str = "", note: str = ""
) -> SafeguardingAlert:
    """A DSL records what was done about the case's safeguarding alert; the dashboard stops
    pinning it. Logged in the school's safeguarding system needs that system's reference."""
    require(by, case, Action.DECIDE_SAFEGUARDING, open_case=False)
    if decision not in DECISIONS:
        raise NotNow("Choose the decision.", field="decision")
    system_reference = system_reference.strip()
    if decision == Decision.LOGGED and not system_reference:
        raise NotNow(
            "Give the reference the safeguarding system gave this record.",
            field="system_reference",
        )
    case = _locked(case)
    alert = safeguarding_alert_pending(case=case)
    if alert is None:
        raise NotNow("No safeguarding alert on this case is waiting for a decision.")
    _decide(alert, by=by, decision=decision, system_reference=system_reference, note=note.strip())
    text = alert.get_decision_display()
    if system_reference:
        text += f" (reference {system_reference})"
    event_add(
        case,
        CaseEvent.Kind.SAFEGUARDING_DECIDED,
        by=by,
        text=f"{text}. {alert.decision_note}".strip(),
        alert=alert.pk,
        decision=decision,
        system_reference=system_reference,
    )
    return alert


def _decide(alert: SafeguardingAlert, *, by: User, decision: str, system_reference="", note=""):
    alert.decision = decision
    alert.system_reference = system_reference
    alert.decision_note = note
    alert.decided_by = by
    alert.decided_at = timezone.now()
    alert.save(
        update_fields=["decision", "system_reference", "decision_note", "decided_by", "decided_at"]
    )


def safeguarding_alerts_move(*, case: Case, into: Case) -> None:
    """A merge: an alert still awaiting a decision follows the reports into the surviving
    case, unless that case has one of its own already."""
    alert = safeguarding_alert_pending(case=case)
    if alert is not None and safeguarding_alert_pending(case=into) is None:
        alert.case = into
        alert.save(update_fields=["case"])
