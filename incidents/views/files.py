"""Evidence files: only through these views. Like every staff page, they find the file within
the school the person is working in; the service checks the role and audits the opening."""

import logging

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from accounts.sessions import signed_in_fully
from config.client_address import client_address
from incidents.models import Evidence
from incidents.services.disclosures import evidence_open
from policies.access import NOT_STAFF, current_membership

logger = logging.getLogger(__name__)
MISSING = "The file is not in the storage."


def private_file_response(file, *, content_type: str, filename: str, attachment: bool):
    """The file, never cached or sniffed. One whose row remains but whose bytes are gone from
    the storage is a 404 for the reader and an error in the log for whoever runs the service."""
    if not file:
        raise Http404(MISSING)
    try:
        opened = file.open("rb")
    except FileNotFoundError:
        logger.error("Stored file missing: %s", file.name)
        raise Http404(MISSING) from None
    response = FileResponse(
        opened, content_type=content_type, as_attachment=attachment, filename=filename
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store, private"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _evidence_for(request, public_id) -> Evidence:
    membership = current_membership(request)
    if membership is None:
        raise PermissionDenied(NOT_STAFF)
    # Another school's evidence does not exist, as far as you know, even if you work there too:
    # switch to that school first, as for its case pages.
    evidence = get_object_or_404(
        Evidence.objects.select_related("case"),
        public_id=public_id,
        case__school_id=membership.school_id,
    )
    return evidence_open(evidence=evidence, by=request.user, address=client_address(request))


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
