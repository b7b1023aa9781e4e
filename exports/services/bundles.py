"""Case bundles: one case as a PDF, requested by the headteacher, rendered exactly once.

The request writes the CaseBundle row, its audit row (ExportRecord) and a chronology entry in
one transaction and queues the render after commit. The task claims the row (pending →
rendering) with a conditional update, so two runs cannot both render it; a finished row makes
any later run a no-op. A worker that dies mid-render leaves the row "rendering"; the sweep
returns it to pending after BUNDLE_STALE_AFTER and queues it again.
"""

import datetime
import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from audit.services import Action as AccessAction
from audit.services import access_record
from exports.bundle import bundle_html
from exports.models import CaseBundle, ExportRecord, Format
from incidents.models import Case, CaseEvent
from incidents.services.chronology import event_add
from incidents.services.claims import pending_to_queue, stale_claims_release
from incidents.services.errors import NotPermitted
from incidents.services.queue import enqueue_on_commit
from letters.pdf import html_to_pdf
from policies.permissions import Action, membership_for, role_allows

MAX_ATTEMPTS = 3
BUNDLE_STALE_AFTER = datetime.timedelta(minutes=10)


@transaction.atomic
def bundle_request(
    *, case: Case, by: User, purpose: str, include_reporter: bool, address: str | None = None
) -> CaseBundle:
    """The headteacher asks for the case as a PDF; audited (its export record and the access
    audit) and on the case's chronology."""
    from exports.tasks import render_bundle

    membership = membership_for(by, case.school_id)
    if membership is None or not role_allows(membership.role, Action.DECIDE):
        raise NotPermitted("Only the headteacher can request a case bundle.")
    if purpose not in CaseBundle.Purpose.values:
        raise ValueError(f"Unknown purpose {purpose!r}")
    bundle = CaseBundle.objects.create(
        case=case, requested_by=by, purpose=purpose, include_reporter=include_reporter
    )
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
    enqueue_on_commit(render_bundle, bundle.pk)
    return bundle


def bundle_claim(*, bundle_id: int) -> CaseBundle | None:
    claimed = CaseBundle.objects.filter(pk=bundle_id, status=CaseBundle.Status.PENDING).update(
        status=CaseBundle.Status.RENDERING,
        attempts=F("attempts") + 1,
        claimed_at=timezone.now(),
    )
    if not claimed:
        return None
    return CaseBundle.objects.select_related("case__school", "requested_by").get(pk=bundle_id)


def bundle_run(*, bundle_id: int) -> bool:
    """Render and store the PDF if this call claims the row. Returns True when it rendered."""
    bundle = bundle_claim(bundle_id=bundle_id)
    if bundle is None:
        return False
    try:
        pdf, pages = html_to_pdf(bundle_html(bundle))
        name = default_storage.save(
            f"exports/{bundle.case.school_id}/bundle-{uuid.uuid4().hex}.pdf", ContentFile(pdf)
        )
    except Exception as exc:
        failed = bundle.attempts >= MAX_ATTEMPTS
        CaseBundle.objects.filter(pk=bundle.pk, status=CaseBundle.Status.RENDERING).update(
            status=CaseBundle.Status.FAILED if failed else CaseBundle.Status.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:200],
        )
        raise
    now = timezone.now()
    finished = CaseBundle.objects.filter(pk=bundle.pk, status=CaseBundle.Status.RENDERING).update(
        status=CaseBundle.Status.READY,
        pdf=name,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        pages=pages,
        finished_at=now,
        expires_at=now + datetime.timedelta(hours=settings.EXPORT_RETENTION_HOURS),
        last_error="",
    )
    if not finished:  # the sweep gave the row to another run meanwhile: keep one file
        default_storage.delete(name)
        return False
    return True


def bundles_to_requeue(*, now=None) -> list[int]:
    """Pending bundles (never queued, or the broker was down) and bundles stuck rendering
    because a worker died; one stuck past the attempt cap is marked failed instead."""
    stale_claims_release(
        CaseBundle,
        working=CaseBundle.Status.RENDERING,
        stale_seconds=int(BUNDLE_STALE_AFTER.total_seconds()),
        max_attempts=MAX_ATTEMPTS,
        now=now,
    )
    return pending_to_queue(CaseBundle, now=now, limit=100)
