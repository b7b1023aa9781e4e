"""Sending an approved letter by e-mail or marking it printed (letters.services.delivery)."""

from django.core import mail

from letters.models import Letter
from tests.letters.helpers import approve_escalation


def test_email_carries_the_pdf(client, case, slt, head, django_capture_on_commit_callbacks):
    letter = approve_escalation(case, slt, head)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/approve/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/send/", {"delivery": "email"})
    letter.refresh_from_db()
    assert letter.status == Letter.Status.SENT and letter.sent_at
    (message,) = mail.outbox
    assert message.to == ["robin@example.org"]
    _name, content, mimetype = message.attachments[0]
    assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    # sending again does nothing
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/send/", {"delivery": "email"})
    assert len(mail.outbox) == 1


def test_printed_for_post(client, case, slt, head, django_capture_on_commit_callbacks):
    letter = approve_escalation(case, slt, head)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/approve/")
    client.post(f"/staff/letters/{letter.pk}/send/", {"delivery": "post"})
    letter.refresh_from_db()
    assert (letter.status, letter.delivery) == (Letter.Status.SENT, Letter.Delivery.POST)


def test_the_letter_email_is_from_the_school_and_replies_go_to_its_office(
    client, case, slt, head, django_capture_on_commit_callbacks
):
    school = case.school
    school.office_email = "office@oak.example.org"
    school.save()
    letter = approve_escalation(case, slt, head)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/approve/")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/send/", {"delivery": "email"})
    (message,) = mail.outbox
    headers = message.message()
    assert headers["From"] == f"{school.name} <conductdesk@example.org>"
    assert headers["Reply-To"] == "office@oak.example.org"
