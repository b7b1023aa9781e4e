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
from incidents.selectors import CaseHead
from incidents.services.chronology import require
from policies.permissions import Action


def evidence_open(*, evidence: Evidence, by: User, address: str | None = None) -> Evidence:
    """`by` opens an evidence file or its thumbnail."""
    case = evidence.case
    membership = require(by, case, Action.VIEW_EVIDENCE, open_case=False)
    access_record(
        actor=by,
        address=address,
        action=AccessAction.OPEN_EVIDENCE,
        school_id=case.school_id,
        role=membership.role,
        object_type="evidence",
        object_id=evidence.public_id,
        object_label=case.reference,
        case_id=case.pk,
    )
    return evidence


def case_page_open(*, case: CaseHead, by: User, address: str | None = None) -> None:
    """`by` opens the case page: what people wrote, the chronology, meetings, letters."""
    membership = require(by, case, Action.VIEW_CASE_CONTENT, open_case=False)
    access_record(
        actor=by,
        address=address,
        action=AccessAction.VIEW_CASE,
        school_id=case.school_id,
        role=membership.role,
        object_type="case",
        object_id=case.pk,
        object_label=case.reference,
        case_id=case.pk,
    )


def case_record_open(*, case: Case, by: User, address: str | None = None) -> None:
    """`by` opens a case's record: the facts an export holds."""
    membership = require(by, case, Action.VIEW_CASES, open_case=False)
    access_record(
        actor=by,
        address=address,
        action=AccessAction.VIEW_RECORD,
        school_id=case.school_id,
        role=membership.role,
        object_type="case",
        object_id=case.pk,
        object_label=case.reference,
        case_id=case.pk,
    )
