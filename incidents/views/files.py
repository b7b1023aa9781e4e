"""Evidence files: only through these views, which check role and school on every request."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from accounts.sessions import signed_in_fully
from audit.services import Action as AccessAction
from audit.services import access_record
from incidents.models import Evidence
from policies.permissions import Action, membership_for, role_allows


def private_file_response(file, *, content_type: str, filename: str, attachment: bool):
    response = FileResponse(
        file.open("rb"), content_type=content_type, as_attachment=attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _evidence_for(request, public_id) -> Evidence:
    evidence = get_object_or_404(Evidence.objects.select_related("case"), public_id=public_id)
    membership = membership_for(request.user, evidence.case.school_id)
    if membership is None:  # another school's evidence does not exist, as far as you know
        raise Http404
    if not role_allows(membership.role, Action.VIEW_EVIDENCE):
        raise PermissionDenied("Your role does not allow you to open evidence files.")
    access_record(
        request=request,
        action=AccessAction.OPEN_EVIDENCE,
        school_id=evidence.case.school_id,
        role=membership.role,
        object_type="evidence",
        object_id=evidence.public_id,
        object_label=evidence.case.reference,
        case_id=evidence.case_id,
    )
    return evidence


@signed_in_fully
def evidence_file(request, public_id):
    evidence = _evidence_for(request, public_id)
    return private_file_response(
        evidence.file,
        content_type=evidence.content_type,
        filename=evidence.download_name,
        attachment=request.GET.get("download") == "1",
    )


@signed_in_fully
def evidence_thumbnail(request, public_id):
    evidence = _evidence_for(request, public_id)
    return private_file_response(
        evidence.thumbnail,
        content_type="image/jpeg",
        filename=f"thumbnail-{evidence.public_id}.jpg",
        attachment=False,
    )
