"""Writing the chronology, and the permission gate every case service goes through."""

from incidents.models import Case, CaseEvent
from incidents.services.errors import NotNow, NotPermitted
from policies.permissions import Action, can

REFUSALS = {
    Action.WORK_CASES: "Your role does not allow you to work on cases.",
    Action.PROPOSE_ESCALATION: "Your role does not allow you to propose escalations.",
    Action.DECIDE: "Only the headteacher can make this decision.",
    Action.VIEW_EVIDENCE: "Your role does not allow you to open evidence.",
    Action.EXPORT: "Your role does not allow you to export case records.",
}


def require(by, case: Case, action: Action, *, open_case: bool = True) -> None:
    """Refuse unless `by` may do `action` at the case's school (and the case is open)."""
    if not can(by, case.school_id, action):
        raise NotPermitted(REFUSALS.get(action, "You cannot do that."))
    if open_case and not case.is_open:
        raise NotNow("This case is closed. The headteacher can reopen it.")


def event_add(case: Case, kind: str, *, by=None, text: str = "", **data) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=by, text=text, data=data)
