"""Case bundles: one case as a PDF, requested by the headteacher, rendered exactly once.

The request writes the CaseBundle row, its audit row (ExportRecord) and a chronology entry in
one transaction and queues the render after commit; the render is a job (jobs.services).
"""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from audit.services import Action as AccessAction
from audit.services import access_record
from exports.bundle import bundle_html
from exports.models import CaseBundle, ExportRecord, Format
from incidents.models import Case, CaseEvent
from incidents.services.chronology import event_add
from incidents.services.errors import NotPermitted
from jobs.services import job_finish, job_queue, job_run
from letters.pdf import html_to_pdf
from policies.permissions import Action, membership_for, role_allows


@transaction.atomic
def bundle_request(
    *,
    case: Case,
    by: User,
    purpose: str,
    include_reporter: bool,
    address: str | None = None,
    disclosure=None,
) -> CaseBundle:
    """The headteacher asks for the case as a PDF; audited (its export record and the access
    audit) and on the case's chronology. Staff pages always come here through a reviewed
    `disclosure` (exports.services.disclosures), whose redactions the PDF applies."""
    membership = membership_for(by, case.school_id)
    if membership is None or not role_allows(membership.role, Action.DECIDE):
        raise NotPermitted("Only the headteacher can request a case bundle.")
    if purpose not in CaseBundle.Purpose.values:
        raise ValueError(f"Unknown purpose {purpose!r}")
    bundle = CaseBundle.objects.create(
        case=case, requested_by=by, purpose=purpose, include_reporter=include_reporter
    )
    if disclosure is not None:
        disclosure.bundle = bundle
    ExportRecord.objects.create(
        school_id=case.school_id,
        user=by,
        role=membership.role,
        kind=ExportRecord.Kind.BUNDLE,
        format=Format.PDF,
        filters={
            "case": case.reference,
            "purpose": purpose,
            "include_reporter": include_reporter,
        },
        row_count=1,
        bundle=bundle,
    )
    identity = "included" if include_reporter else "withheld"
    event_add(
        case,
        CaseEvent.Kind.NOTE,
        by=by,
        text=f"Case bundle (PDF) requested for {bundle.get_purpose_display().lower()}; "
        f"the reporter's identity is {identity}.",
        export="bundle",
        bundle=str(bundle.public_id),
        purpose=purpose,
        include_reporter=include_reporter,
    )
    access_record(
        actor=by,
        address=address,
        action=AccessAction.EXPORT,
        school_id=case.school_id,
        role=membership.role,
        object_type="case",
        object_id=case.pk,
        object_label=f"bundle of {case.reference}",
        case_id=case.pk,
    )
    job_queue(bundle)
    return bundle


def _render(bundle: CaseBundle) -> bool:
    pdf, pages = html_to_pdf(bundle_html(bundle))
    name = storages["private"].save(
        f"exports/{bundle.case.school_id}/bundle-{uuid.uuid4().hex}.pdf", ContentFile(pdf)
    )
    now = timezone.now()
    if not job_finish(
        bundle,
        now=now,
        pdf=name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pages=pages,
        expires_at=now + datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS),
    ):
        storages["private"].delete(name)  # another run took the job over meanwhile: keep one file
        return False
    return True


def bundle_run(*, bundle_id: int) -> bool:
    """Render and store the PDF if this call claims the row. Returns True when it rendered."""
    return job_run(CaseBundle, bundle_id, _render)
