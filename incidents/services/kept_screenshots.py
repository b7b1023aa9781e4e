"""Screenshots kept for a public form that came back with an error (the concern form, the
reporter's follow-up page, the site-ban link's representations), so that a parent who left a field
out does not have to find and choose their screenshots again.

What is kept has already been validated and re-encoded (incidents.services.images); it is stored
under the private storage root like evidence, bound to the form's submission key, to the page's
link (`scope`: a follow-up or ban-link token; empty for the concern form) and to the browser's id
(all hashed), and deleted when the form is sent or an hour after it was kept.
The form counts kept and new pictures together against every upload limit
(incidents.forms.fields.ScreenshotsField).
"""

import datetime
import uuid
from collections.abc import Iterable, Sequence

from django.core.files.storage import storages
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from incidents.models import KeptScreenshot
from incidents.services.evidence import picture_stored
from incidents.services.images import ProcessedImage
from incidents.tokens import submission_key_valid, token_hash
from policies.models import School

KEPT_FOR = datetime.timedelta(hours=1)


def _owner(*, submission_key: str, browser: str, scope: str = "") -> dict | None:
    """The row fields that bind a kept screenshot to one form on one page in one browser; None
    when the key or the browser is missing or forged, and then nothing is kept or found."""
    if not browser or not submission_key_valid(submission_key):
        return None
    key = f"{scope}:{submission_key}" if scope else submission_key
    return {"key_hash": token_hash(key), "browser_hash": token_hash(browser)}


def _live(*, school: School, now=None) -> QuerySet[KeptScreenshot]:
    return KeptScreenshot.objects.filter(
        school=school, kept_at__gt=(now or timezone.now()) - KEPT_FOR
    )


def kept_screenshots_for_form(
    *, school: School, submission_key: str, browser: str, listed: Iterable[str], scope: str = ""
) -> tuple[list[KeptScreenshot], int]:
    """The kept screenshots a posted form lists (its hidden `kept_screenshot` ids) that belong to
    this form in this browser and are still kept, and how many it lists that are not: gone after
    the hour, or never this browser's to attach."""
    ids = set()
    for value in listed:
        try:
            ids.add(uuid.UUID(value))
        except ValueError:
            continue
    owner = _owner(submission_key=submission_key, browser=browser, scope=scope)
    if owner is None or not ids:
        return [], len(ids)
    kept = list(_live(school=school).filter(public_id__in=ids, **owner))
    return kept, len(ids) - len(kept)


def kept_screenshot_for_browser(
    *, school: School, browser: str, public_id: uuid.UUID
) -> KeptScreenshot | None:
    """For the thumbnail: only the browser that chose the picture is shown it."""
    if not browser:
        return None
    return (
        _live(school=school).filter(public_id=public_id, browser_hash=token_hash(browser)).first()
    )


def kept_screenshots_keep(
    *,
    school: School,
    submission_key: str,
    browser: str,
    images: list[tuple[str, ProcessedImage]],
    scope: str = "",
) -> list[KeptScreenshot]:
    """Keep newly chosen pictures for this form in this browser; nothing without both."""
    owner = _owner(submission_key=submission_key, browser=browser, scope=scope)
    if owner is None or not images:
        return []
    rows = []
    try:
        for name, image in images:
            rows.append(
                KeptScreenshot(
                    school=school,
                    **owner,
                    **picture_stored(folder="kept", school_id=school.pk, name=name, image=image),
                    decoded_pixels=image.decoded_pixels,
                )
            )
        return KeptScreenshot.objects.bulk_create(rows)
    except Exception:
        _files_delete(rows)
        raise


def kept_screenshot_remove(
    *, school: School, submission_key: str, browser: str, public_id: str, scope: str = ""
) -> None:
    """The parent's Remove button; another form's or browser's picture is left alone."""
    owner = _owner(submission_key=submission_key, browser=browser, scope=scope)
    try:
        public_id = uuid.UUID(public_id)
    except ValueError:
        return
    if owner is not None:
        kept_screenshots_delete(
            list(KeptScreenshot.objects.filter(school=school, public_id=public_id, **owner))
        )


def kept_screenshots_load(kept: Iterable[KeptScreenshot]) -> list[tuple[str, ProcessedImage]]:
    """Kept pictures as the evidence vault takes them; they are not decoded again."""
    images = []
    for row in kept:
        with row.file.open("rb") as data, row.thumbnail.open("rb") as thumbnail:
            images.append(
                (
                    row.original_name,
                    ProcessedImage(
                        data=data.read(),
                        content_type=row.content_type,
                        extension="png" if row.content_type == "image/png" else "jpg",
                        width=row.width,
                        height=row.height,
                        original_width=row.original_width,
                        original_height=row.original_height,
                        original_format=row.original_format,
                        original_sha256=row.original_sha256,
                        original_size=row.original_size,
                        sha256=row.sha256,
                        thumbnail=thumbnail.read(),
                        decoded_pixels=row.decoded_pixels,
                    ),
                )
            )
    return images


def _files_delete(rows: list[KeptScreenshot]) -> None:
    for row in rows:
        storages["private"].delete(row.file.name)
        storages["private"].delete(row.thumbnail.name)


def kept_screenshots_delete(rows: Sequence[KeptScreenshot]) -> None:
    """Delete the rows now and their files once that commits (a rollback keeps both)."""
    if not rows:
        return
    KeptScreenshot.objects.filter(pk__in=[row.pk for row in rows]).delete()
    transaction.on_commit(lambda: _files_delete(rows))


def kept_screenshots_expire(*, now=None) -> int:
    """Periodic: delete what was kept more than KEPT_FOR ago, rows and files."""
    cutoff = (now or timezone.now()) - KEPT_FOR
    rows = list(KeptScreenshot.objects.filter(kept_at__lte=cutoff))
    with transaction.atomic():
        kept_screenshots_delete(rows)
    return len(rows)
