"""The evidence vault: re-encoded images under the private storage root, with random names."""

import uuid

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from incidents.models import Case, CaseEvent, Evidence, Report
from incidents.services.chronology import require
from incidents.services.images import ProcessedImage
from policies.permissions import Action


def picture_stored(*, folder: str, school_id: int, name: str, image: ProcessedImage) -> dict:
    """A processed picture and its thumbnail saved to private storage, as the columns a
    report's evidence and a kept screenshot share."""

    def save(data: bytes, extension: str) -> str:
        return storages["private"].save(
            f"{folder}/{school_id}/{uuid.uuid4().hex}.{extension}", ContentFile(data)
        )

    return {
        "file": save(image.data, image.extension),
        "thumbnail": save(image.thumbnail, "jpg"),
        "content_type": image.content_type,
        "original_format": image.original_format,
        "original_name": name[:255],
        "original_sha256": image.original_sha256,
        "original_size": image.original_size,
        "sha256": image.sha256,
        "size": len(image.data),
        "width": image.width,
        "height": image.height,
        "original_width": image.original_width,
        "original_height": image.original_height,
    }


def evidence_files_delete(evidence: list[Evidence]) -> None:
    for item in evidence:
        storages["private"].delete(item.file.name)
        storages["private"].delete(item.thumbnail.name)


def evidence_store_all(
    *,
    case: Case,
    images: list[tuple[str, ProcessedImage]],
    report: Report | None = None,
    added_by: User | None = None,
) -> list[Evidence]:
    """Write each file and thumbnail, then all rows in one insert; files go if the rows fail.

    Call inside the caller's transaction; if that rolls back later, the caller deletes the files
    with `evidence_files_delete`.
    """
    items = []
    try:
        for name, image in images:
            items.append(
                Evidence(
                    case=case,
                    report=report,
                    **picture_stored(
                        folder="evidence", school_id=case.school_id, name=name, image=image
                    ),
                    added_by=added_by,
                    added_by_reporter=added_by is None,
                )
            )
        return Evidence.objects.bulk_create(items) if items else []
    except Exception:
        evidence_files_delete(items)
        raise


def evidence_add(
    *, case: Case, images: list[tuple[str, ProcessedImage]], by: User
) -> list[Evidence]:
    """Staff add evidence to an open case; one chronology entry names how many files."""
    require(by, case, Action.WORK_CASES)  # before any file is written
    stored = []
    try:
        with transaction.atomic():
            stored = evidence_store_all(case=case, images=images, added_by=by)
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.EVIDENCE_ADDED,
                actor=by,
                text=f"{len(stored)} file(s) added.",
                data={"evidence": [str(e.public_id) for e in stored]},
            )
    except Exception:
        evidence_files_delete(stored)
        raise
    return stored
