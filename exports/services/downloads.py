"""Downloading a finished export or case bundle: the right is checked and the access-audit row
written before the file is served, as in incidents.services.disclosures."""

from django.contrib.auth.models import User

from audit.services import Action as AccessAction
from audit.services import access_record
from exports.models import CaseBundle, ExportJob
from exports.services.exports import exporter_membership
from incidents.services.chronology import require
from incidents.services.disclosures import case_look
from incidents.services.errors import NotNow
from policies.permissions import Action


def export_download_open(*, job: ExportJob, by: User, address: str | None = None) -> ExportJob:
    """A ready export's file; NotNow if it is not ready or its file was deleted."""
    membership = exporter_membership(user=by, school=job.school_id)
    if job.status != ExportJob.Status.DONE or not job.file:
        raise NotNow("This export is not ready, or its file was deleted.")
    access_record(
        actor=by,
        address=address,
        action=AccessAction.DOWNLOAD_EXPORT,
        school_id=job.school_id,
        role=membership.role,
        object_type="export",
        object_id=job.public_id,
        object_label=job.format,
    )
    return job


def bundle_download_open(*, bundle: CaseBundle, by: User, address: str | None = None) -> CaseBundle:
    """A ready bundle's PDF; NotNow if it is not ready or its file was deleted. The right is
    checked first, so a refusal says nothing of the bundle."""
    require(by, bundle.case, Action.DECIDE, open_case=False)
    if bundle.status != CaseBundle.Status.DONE or not bundle.pdf:
        raise NotNow("This bundle is not ready, or its file was deleted.")
    case_look(
        case=bundle.case,
        by=by,
        right=Action.DECIDE,
        action=AccessAction.DOWNLOAD_BUNDLE,
        address=address,
        object_type="bundle",
        object_id=bundle.public_id,
    )
    return bundle
