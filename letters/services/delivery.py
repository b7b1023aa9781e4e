"""Sending an approved letter: by e-mail with the PDF attached, or marked printed for post."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.storage import default_storage
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from incidents.models import CaseEvent
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
from incidents.services.queue import enqueue_on_commit
from letters.models import Letter, LetterRender
from policies.permissions import Action


@transaction.atomic
def letter_send(*, letter: Letter, delivery: str, by: User) -> Letter:
    from letters.tasks import email_letter

    letter = Letter.objects.select_for_update(of=("self",)).select_related("case").get(pk=letter.pk)
    require(by, letter.case, Action.WORK_CASES, open_case=False)
    if letter.status != Letter.Status.APPROVED:
        raise NotNow("Only an approved letter that has not been sent can be sent.")
    render = getattr(letter, "render", None)
    if render is None or render.status != LetterRender.Status.READY:
        raise NotNow("The PDF is not ready yet.")
    if delivery == Letter.Delivery.EMAIL and not letter.recipient_email:
        raise NotNow("There is no e-mail address for this recipient: print it for post instead.")
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
        enqueue_on_commit(email_letter, letter.pk)
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


def letter_email_run(*, letter_id: int) -> bool:
    """Send the e-mail at most once: the row is marked sent in the same step that claims it."""
    with transaction.atomic():
        claimed = Letter.objects.filter(
            pk=letter_id, status=Letter.Status.APPROVED, delivery=Letter.Delivery.EMAIL
        ).update(status=Letter.Status.SENT, sent_at=timezone.now())
        if not claimed:
            return False
        letter = Letter.objects.select_related("case__school", "render").get(pk=letter_id)
        with default_storage.open(letter.render.pdf.name, "rb") as pdf:
            attachment = pdf.read()
        message = EmailMessage(
            subject=f"{letter.title} — {letter.case.reference}",
            body=(
                f"Please find attached a letter from {letter.case.school.name} "
                f"(reference {letter.case.reference})."
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[letter.recipient_email],
        )
        message.attach(f"{letter.case.reference}-{letter.kind}.pdf", attachment, "application/pdf")
        message.send()  # an error rolls the claim back, so a retry sends it
        event_add(
            letter.case,
            CaseEvent.Kind.LETTER,
            text=f"E-mailed: {letter.title} to {letter.recipient_email}",
            letter=letter.pk,
            step="sent",
        )
    return True
