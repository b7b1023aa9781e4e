"""Producing each approved letter's PDF exactly once.

The LetterRender row is the record: a task claims it (pending → rendering) with a conditional
update, so two tasks for the same row cannot both render; a finished row (ready) makes any
later run a no-op. A worker that dies mid-render leaves the row in "rendering"; the sweep
(letters.tasks.sweep_renders) returns it to pending after LETTER_RENDER_STALE_SECONDS and
queues it again.
"""

import hashlib
import uuid

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from incidents.models import CaseEvent
from incidents.services.chronology import event_add, require
from incidents.services.claims import pending_to_queue, stale_claims_release
from incidents.services.errors import NotNow
from incidents.services.queue import enqueue_on_commit
from letters.models import Letter, LetterRender
from letters.pdf import html_to_pdf
from policies.permissions import Action

MAX_ATTEMPTS = 3
NO_PDF_YET = (
    "This letter has no PDF to try again: its PDF is made when the headteacher approves it."
)


def render_claim(*, render_id: int) -> LetterRender | None:
    claimed = LetterRender.objects.filter(pk=render_id, status=LetterRender.Status.PENDING).update(
        status=LetterRender.Status.RENDERING,
        attempts=F("attempts") + 1,
        claimed_at=timezone.now(),
    )
    if not claimed:
        return None
    return LetterRender.objects.select_related("letter__case").get(pk=render_id)


def render_run(*, render_id: int) -> bool:
    """Render and store the PDF if this call claims the row. Returns True when it rendered."""
    render = render_claim(render_id=render_id)
    if render is None:
        return False
    letter = render.letter
    try:
        pdf, pages = html_to_pdf(letter.html)
        name = default_storage.save(
            f"letters/{letter.case.school_id}/{uuid.uuid4().hex}.pdf", ContentFile(pdf)
        )
    except Exception as exc:
        failed = render.attempts >= MAX_ATTEMPTS
        LetterRender.objects.filter(pk=render.pk, status=LetterRender.Status.RENDERING).update(
            status=LetterRender.Status.FAILED if failed else LetterRender.Status.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:200],
        )
        if failed:
            event_add(
                letter.case,
                CaseEvent.Kind.LETTER,
                text=f"PDF failed: {letter.title}",
                letter=letter.pk,
                step="failed",
            )
        raise
    with transaction.atomic():
        finished = LetterRender.objects.filter(
            pk=render.pk, status=LetterRender.Status.RENDERING
        ).update(
            status=LetterRender.Status.READY,
            pdf=name,
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            pages=pages,
            finished_at=timezone.now(),
            last_error="",
        )
        if not finished:  # the sweep gave the row to another run meanwhile: keep one file
            transaction.on_commit(lambda: default_storage.delete(name))
            return False
        event_add(
            letter.case,
            CaseEvent.Kind.LETTER,
            text=f"PDF ready: {letter.title}",
            letter=letter.pk,
            step="rendered",
        )
    return True


@transaction.atomic
def render_retry(*, letter: Letter, by: User) -> LetterRender:
    """After the automatic retries failed: a person asks for one more try."""
    from letters.tasks import render_letter

    require(by, letter.case, Action.WORK_CASES, open_case=False)
    render = LetterRender.objects.filter(letter=letter).first()
    if render is None:
        raise NotNow(NO_PDF_YET)
    if not LetterRender.objects.filter(pk=render.pk, status=LetterRender.Status.FAILED).update(
        status=LetterRender.Status.PENDING, attempts=0, last_error=""
    ):
        raise NotNow("This PDF is not in a failed state.")
    event_add(
        letter.case,
        CaseEvent.Kind.LETTER,
        by=by,
        text=f"PDF retry requested: {letter.title}",
        letter=letter.pk,
        step="retry",
    )
    enqueue_on_commit(render_letter, render.pk)
    return render


def renders_to_requeue(*, now=None) -> list[int]:
    """Pending rows (never queued, or the broker was down) and rows stuck rendering because a
    worker died; a row stuck past the attempt cap is marked failed instead."""
    stale_claims_release(
        LetterRender,
        working=LetterRender.Status.RENDERING,
        stale_seconds=settings.LETTER_RENDER_STALE_SECONDS,
        max_attempts=MAX_ATTEMPTS,
        now=now,
    )
    return pending_to_queue(LetterRender, now=now)
