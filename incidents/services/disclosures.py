"""Showing a case's content to a person: each service checks the right at the case's school,
then writes the access-audit row, before the caller shows anything. A refusal writes nothing;
a failed audit row raises, so nothing is shown that is not recorded. The audit row is the only
write, one statement: it commits with the caller's transaction, if there is one.

Views find the object within the school the person is working in (another school's is a 404)
and pass the client's address for the audit row.
"""

from django.contrib.auth.models import User

from audit.services import Action as AccessAction
from audit.services import access_record
from incidents.models import Case, Evidence
from incidents.selectors.case_detail import CaseHead
from incidents.services.chronology import require
from incidents.services.errors import NotPermitted
from policies.models import School
from policies.permissions import Action, membership_for, role_allows


def case_look(
    *,
    case: Case | CaseHead,
    by: User,
    right: Action,
    action: str,
    address: str | None = None,
    object_type: str = "case",
    object_id=None,
) -> None:
    """`by` looks at part of `case`: refused unless they have `right` at the case's school, and
    recorded against the case (so "who has viewed this case" lists it)."""
    membership = require(by, case, right, open_case=False)
    access_record(
        actor=by,
        address=address,
        action=action,
        school_id=case.school_id,
        role=membership.role,
        object_type=object_type,
        object_id=case.pk if object_id is None else object_id,
        object_label=case.reference,
        case_id=case.pk,
    )


def evidence_open(*, evidence: Evidence, by: User, address: str | None = None) -> Evidence:
    """`by` opens an evidence file or its thumbnail."""
    case_look(
        case=evidence.case,
        by=by,
        right=Action.VIEW_EVIDENCE,
        action=AccessAction.OPEN_EVIDENCE,
        address=address,
        object_type="evidence",
        object_id=evidence.public_id,
    )
    return evidence


def case_page_open(*, case: CaseHead, by: User, address: str | None = None) -> None:
    """`by` opens the case page: what people wrote, the chronology, meetings, letters."""
    case_look(
        case=case,
        by=by,
        right=Action.VIEW_CASE_CONTENT,
        action=AccessAction.VIEW_CASE,
        address=address,
    )


def case_record_open(*, case: Case, by: User, address: str | None = None) -> None:
    """`by` opens a case's record: the facts an export holds."""
    case_look(
        case=case, by=by, right=Action.VIEW_CASES, action=AccessAction.VIEW_RECORD, address=address
    )


def ban_register_print(*, school: School, by: User, address: str | None = None) -> None:
    """`by` prints the school's ban register, which names parents: refused unless they see
    cases' content there; one access row for the school (no single case)."""
    membership = membership_for(by, school)
    if membership is None or not role_allows(membership.role, Action.VIEW_CASE_CONTENT):
        raise NotPermitted("Only SLT and the headteacher see the site-ban register.")
    access_record(
        actor=by,
        address=address,
        action=AccessAction.PRINT_BAN_REGISTER,
        school_id=school.pk,
        role=membership.role,
        object_type="ban_register",
        object_id=school.pk,
        object_label=school.name,
    )
