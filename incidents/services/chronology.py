"""Writing the chronology, and the permission gate every case service goes through."""

from typing import TYPE_CHECKING

from django.contrib.auth.models import User

from incidents.models import Case, CaseEvent
from incidents.services.errors import NotNow, NotPermitted
from policies.models import Membership
from policies.permissions import Action, membership_allows, membership_for

if TYPE_CHECKING:
    from incidents.selectors.case_detail import CaseHead

REFUSALS = {
    Action.WORK_CASES: "Your role does not allow you to work on cases.",
    Action.PROPOSE_ESCALATION: "Your role does not allow you to propose escalations.",
    Action.MESSAGE_REPORTER: "Your role does not allow you to write to reporters.",
    Action.DECIDE: "Only the headteacher can make this decision.",
    Action.VIEW_CASES: "Your role does not allow you to see case records.",
    Action.VIEW_CASE_CONTENT: "Your role does not allow you to read cases; it sees case records.",
    Action.VIEW_EVIDENCE: "Your role does not allow you to open evidence files.",
    Action.EXPORT: "Your role does not allow you to export case records.",
    Action.DECIDE_SAFEGUARDING: "Only a designated safeguarding lead (DSL) can do this.",
}


def require(
    by: User, case: "Case | CaseHead", action: Action, *, open_case: bool = True
) -> Membership:
    """Refuse unless `by` may do `action` at the case's school (and the case is open).
    Returns `by`'s membership there, whose role the access audit records."""
    membership = membership_for(by, case.school_id)
    if not membership_allows(membership, action):
        raise NotPermitted(REFUSALS.get(action, "You cannot do that."))
    if open_case and not case.is_open:
        raise NotNow("This case is closed. The headteacher can reopen it.")
    return membership


def event_add(
    case: Case, kind: str, *, by: User | None = None, text: str = "", **data
) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=by, text=text, data=data)
