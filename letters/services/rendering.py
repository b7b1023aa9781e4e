"""Producing each approved letter's PDF once: a LetterRender job (see jobs.services)."""

import hashlib
import uuid

from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from incidents.models import CaseEvent
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
from jobs.services import job_finish, job_retry, job_run
from letters.models import Letter, LetterRender
from letters.pdf import html_to_pdf
from policies.permissions import Action

NO_PDF_YET = (
    "This letter has no PDF to try again: its PDF is made when the headteacher approves it."
)


def _render(render: LetterRender) -> bool:
    letter = render.letter
    pdf, pages = html_to_pdf(letter.html)
    name = storages["private"].save(
        f"letters/{letter.case.school_id}/{uuid.uuid4().hex}.pdf", ContentFile(pdf)
    )
    with transaction.atomic():
        sha256 = hashlib.sha256(pdf).hexdigest()
        if not job_finish(render, pdf=name, sha256=sha256, size=len(pdf), pages=pages):
            # another run took the job over meanwhile: keep one file
            transaction.on_commit(lambda: storages["private"].delete(name))
            return False
        event_add(
            letter.case,
            CaseEvent.Kind.LETTER,
            text=f"PDF ready: {letter.title}",
            letter=letter.pk,
            step="rendered",
        )
    return True


def _failed(render: LetterRender) -> None:
    letter = render.letter
    event_add(
        letter.case,
        CaseEvent.Kind.LETTER,
        text=f"PDF failed: {letter.title}",
        letter=letter.pk,
        step="failed",
    )


def render_run(*, render_id: int) -> bool:
    """Render and store the PDF if this call claims the row. Returns True when it rendered."""
    return job_run(LetterRender, render_id, _render, on_failed=_failed)


@transaction.atomic
def render_retry(*, letter: Letter, by: User) -> LetterRender:
    """After the automatic retries failed: a person asks for one more try."""
    require(by, letter.case, Action.WORK_CASES, open_case=False)
    render = LetterRender.objects.filter(letter=letter).first()
    if render is None:
        raise NotNow(NO_PDF_YET)
    if not job_retry(render):
        raise NotNow("This PDF is not in a failed state.")
    event_add(
        letter.case,
        CaseEvent.Kind.LETTER,
        by=by,
        text=f"PDF retry requested: {letter.title}",
        letter=letter.pk,
        step="retry",
    )
    return render
