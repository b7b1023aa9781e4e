"""Sending an approved letter: by e-mail with the PDF attached, or marked printed for post.

The e-mail is a LetterEmail job (jobs.services): sent at least once. A worker killed after the
mail server accepted the message and before the commit that marks it sent sends it again, with
the same Message-ID.
"""

from django.contrib.auth.models import User
from django.core.files.storage import storages
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from incidents.models import CaseEvent
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
from jobs.services import job_finish, job_message_id, job_queue, job_run
from letters.models import Letter, LetterEmail, LetterRender
from policies.mail import school_sender
from policies.permissions import Action


@transaction.atomic
def letter_send(*, letter: Letter, delivery: str, by: User) -> Letter:
    letter = Letter.objects.select_for_update(of=("self",)).select_related("case").get(pk=letter.pk)
    require(by, letter.case, Action.WORK_CASES, open_case=False)
    if letter.status != Letter.Status.APPROVED:
        raise NotNow("Only an approved letter that has not been sent can be sent.")
    if LetterEmail.objects.filter(letter=letter).exists():
        raise NotNow("This letter's e-mail is already queued.")
    render = getattr(letter, "render", None)
    if render is None or render.status != LetterRender.Status.DONE:
        raise NotNow("The PDF is not ready yet.")
    if delivery == Letter.Delivery.EMAIL and not letter.recipient_email:
        raise NotNow("There is no e-mail address for this recipient: print it for post instead.")
    if delivery == Letter.Delivery.POST and not letter.recipient_address.strip():
        raise NotNow(
            "This letter was approved without a postal address, so it cannot be posted: send it "
            "by e-mail, or draft it again once the address is recorded."
        )
    letter.delivery = delivery
    if delivery == Letter.Delivery.POST:
        letter.status = Letter.Status.SENT
        letter.sent_at = timezone.now()
        event_add(
            letter.case,
            CaseEvent.Kind.LETTER,
            by=by,
            text=f"Printed for post: {letter.title}",
            letter=letter.pk,
            step="sent",
        )
    else:
        job_queue(LetterEmail.objects.create(letter=letter))
        event_add(
            letter.case,
            CaseEvent.Kind.LETTER,
            by=by,
            text=f"E-mail queued: {letter.title} to {letter.recipient_email}",
            letter=letter.pk,
            step="queued",
        )
    letter.save(update_fields=["delivery", "status", "sent_at"])
    return letter


def _email(job: LetterEmail) -> bool:
    letter = job.letter
    with storages["private"].open(letter.render.pdf.name, "rb") as pdf:
        attachment = pdf.read()
    message = EmailMessage(
        subject=f"{letter.title} — {letter.case.reference}",
        body=(
            f"Please find attached a letter from {letter.case.school.name} "
            f"(reference {letter.case.reference})."
        ),
        to=[letter.recipient_email],
        headers={"Message-ID": job_message_id(job)},
        **school_sender(letter.case.school),
    )
    message.attach(f"{letter.case.reference}-{letter.kind}.pdf", attachment, "application/pdf")
    message.send()
    with transaction.atomic():
        if not job_finish(job):
            return False
        Letter.objects.filter(pk=letter.pk).update(
            status=Letter.Status.SENT, sent_at=timezone.now()
        )
        event_add(
            letter.case,
            CaseEvent.Kind.LETTER,
            text=f"E-mailed: {letter.title} to {letter.recipient_email}",
            letter=letter.pk,
            step="sent",
        )
    return True


def _failed(job: LetterEmail) -> None:
    event_add(
        job.letter.case,
        CaseEvent.Kind.LETTER,
        text=f"E-mail failed: {job.letter.title} to {job.letter.recipient_email}",
        letter=job.letter_id,
        step="failed",
    )


def letter_email_run(*, job_id: int) -> bool:
    """Send the letter's e-mail if this call claims its job. True when this call sent it."""
    return job_run(LetterEmail, job_id, _email, on_failed=_failed)
