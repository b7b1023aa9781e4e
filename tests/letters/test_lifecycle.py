import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.utils import timezone
from pypdf import PdfReader

from incidents.models import Case, CaseEvent
from incidents.services.site_bans import site_ban_intend
from incidents.services.workflow import escalation_decide
from jobs.services import jobs_to_queue
from letters.models import Kind, Letter, LetterRender
from letters.tasks import render_letter
from tests.factories import (
    CaseFactory,
    EscalationRequestFactory,
    LetterFactory,
    LetterRenderFactory,
    ParentFactory,
)

HOSTILE_NAME = '<img src="file:///etc/passwd"> Robin @import url(http://127.0.0.1:9/x)'


def pdf_text(render: LetterRender) -> str:
    with default_storage.open(render.pdf.name, "rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    assert not reader.attachments
    return "\n".join(page.extract_text() for page in reader.pages).replace("\n", " ")


@pytest.fixture
def case(school):
    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)
    case.parents.add(
        ParentFactory(school=school, full_name="Robin Example", email="robin@example.org")
    )
    case.breach_categories.add(school.codes.get().breach_categories.get(key="abusive-comments"))
    return case


def approve_escalation(case, slt, head):
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    escalation_decide(escalation=proposal, by=head, approve=True)
    return Letter.objects.get(case=case)


def test_approved_escalation_drafts_the_letter_for_each_parent(case, slt, head):
    letter = approve_escalation(case, slt, head)
    assert (letter.kind, letter.status, letter.recipient_name) == (
        Kind.WARNING,
        Letter.Status.DRAFT,
        "Robin Example",
    )
    assert CaseEvent.objects.filter(
        case=case, kind=CaseEvent.Kind.LETTER, data__step="drafted"
    ).exists()


def test_slt_edits_the_draft_but_cannot_approve_it(client, case, slt, head):
    letter = approve_escalation(case, slt, head)
    client.force_login(slt)
    client.post(
        f"/staff/letters/{letter.pk}/edit/",
        {
            "title": "Warning letter",
            "body": letter.body + "\n\nPlease reply.",
            "recipient_address": "1 Road",
        },
    )
    letter.refresh_from_db()
    assert letter.body.endswith("Please reply.")
    assert client.post(f"/staff/letters/{letter.pk}/approve/").status_code == 403
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT


def test_unknown_placeholder_in_an_edit_is_refused(client, case, slt, head):
    letter = approve_escalation(case, slt, head)
    client.force_login(slt)
    page = client.post(
        f"/staff/letters/{letter.pk}/edit/",
        {"title": "x", "body": "{{ settings.SECRET_KEY }} {{ secret }}", "recipient_address": ""},
    ).content.decode()
    assert "These placeholders do not exist: secret" in page


def test_head_approves_and_the_pdf_carries_the_parent_school_reference_and_rules(
    client, case, slt, head, django_capture_on_commit_callbacks
):
    letter = approve_escalation(case, slt, head)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"/staff/letters/{letter.pk}/approve/").status_code == 302
    render = LetterRender.objects.get(letter=letter)
    assert render.status == LetterRender.Status.DONE and len(render.sha256) == 64
    text = pdf_text(render)
    for expected in (
        "Robin Example",
        case.school.name,
        case.reference,
        "Abusive or personal comments",
    ):
        assert expected in text
    steps = list(
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.LETTER).values_list(
            "data__step", flat=True
        )
    )
    assert steps == ["drafted", "approved", "rendered"]
    page = client.get(f"/staff/letters/{letter.pk}/").content.decode()
    assert "Download the PDF" in page


def test_hostile_text_appears_literally_and_fetches_nothing(
    case, slt, head, django_capture_on_commit_callbacks
):
    parent = case.parents.get()
    parent.full_name = HOSTILE_NAME
    parent.save()
    letter = approve_escalation(case, slt, head)
    from letters.services.drafting import letter_approve

    fetchers = []
    from letters import pdf as pdf_module

    real = pdf_module.StaticOnlyFetcher

    def spy():
        fetcher = real()
        fetchers.append(fetcher)
        return fetcher

    with (
        mock.patch.object(pdf_module, "StaticOnlyFetcher", spy),
        django_capture_on_commit_callbacks(execute=True),
    ):
        letter_approve(letter=letter, by=head)
    text = pdf_text(LetterRender.objects.get(letter=letter))
    assert '<img src="file:///etc/passwd">' in text
    assert fetchers[0].refused == []
    assert fetchers[0].fetched == ["https://letters.conductdesk.invalid/static/css/letter.css"]


def test_render_task_run_twice_makes_one_file(
    case, slt, head, django_capture_on_commit_callbacks, settings
):
    letter = approve_escalation(case, slt, head)
    from letters.services.drafting import letter_approve

    with django_capture_on_commit_callbacks(execute=False):
        letter_approve(letter=letter, by=head)
    render = LetterRender.objects.get(letter=letter)
    assert render_letter.apply(args=[render.pk]).get() is True
    assert render_letter.apply(args=[render.pk]).get() is False
    files = list((settings.PRIVATE_MEDIA_ROOT / "letters").rglob("*.pdf"))
    assert len(files) == 1


def test_a_worker_dying_mid_render_is_recovered_once(
    case, slt, head, django_capture_on_commit_callbacks, settings
):
    letter = approve_escalation(case, slt, head)
    from letters.services.drafting import letter_approve

    with django_capture_on_commit_callbacks(execute=False):
        letter_approve(letter=letter, by=head)
    render = LetterRender.objects.get(letter=letter)
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    LetterRender.objects.filter(pk=render.pk).update(
        status=LetterRender.Status.RUNNING, heartbeat_at=long_ago, attempts=1, created_at=long_ago
    )  # what a worker killed mid-render leaves behind
    assert jobs_to_queue(LetterRender) == [render.pk]
    render_letter.apply(args=[render.pk])
    render_letter.apply(args=[render.pk])
    render.refresh_from_db()
    assert render.status == LetterRender.Status.DONE
    assert len(list((settings.PRIVATE_MEDIA_ROOT / "letters").rglob("*.pdf"))) == 1


def test_failure_after_retries_shows_on_the_case_with_a_retry_button(
    client, case, slt, head, django_capture_on_commit_callbacks
):
    letter = approve_escalation(case, slt, head)
    from letters.services.drafting import letter_approve

    with django_capture_on_commit_callbacks(execute=False):
        letter_approve(letter=letter, by=head)
    render = LetterRender.objects.get(letter=letter)
    with mock.patch("letters.services.rendering.html_to_pdf", side_effect=OSError("fonts gone")):
        for _ in range(3):
            with pytest.raises(OSError):
                from letters.services.rendering import render_run

                render_run(render_id=render.pk)
    render.refresh_from_db()
    assert (render.status, render.attempts) == (LetterRender.Status.FAILED, 3)
    client.force_login(slt)
    assert "PDF failed" in client.get(case.get_absolute_url()).content.decode()
    assert "Try again" in client.get(f"/staff/letters/{letter.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/retry/")
    render.refresh_from_db()
    assert render.status == LetterRender.Status.DONE


def test_ban_letter_without_its_representation_deadline_cannot_be_approved(client, case, head):
    case = CaseFactory(school=case.school, status=Case.Status.SITE_BAN)
    parent = ParentFactory(school=case.school)
    case.parents.add(parent)
    today = timezone.localdate()
    ban = site_ban_intend(
        case=case,
        by=head,
        parent=parent,
        reasons="Threats to staff",
        rules_breached=list(case.school.codes.get().breach_categories.all()),
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=90),
        review_on=today + datetime.timedelta(days=60),
    )
    letter = Letter.objects.get(site_ban=ban)
    letter.body = letter.body.replace("{{ representation_deadline }}", "soon")
    letter.save()
    client.force_login(head)
    response = client.post(f"/staff/letters/{letter.pk}/approve/")
    page = client.get(response.url).content.decode()
    assert "cannot be approved until it states" in page and "representations must arrive" in page
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and not LetterRender.objects.exists()


def test_complete_ban_letter_is_approved(client, school, head, django_capture_on_commit_callbacks):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    parent = ParentFactory(school=school, full_name="Alex Banned")
    case.parents.add(parent)
    today = timezone.localdate()
    ban = site_ban_intend(
        case=case,
        by=head,
        parent=parent,
        reasons="Threats to staff",
        rules_breached=list(school.codes.get().breach_categories.all()),
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=90),
        review_on=today + datetime.timedelta(days=60),
    )
    letter = Letter.objects.get(site_ban=ban)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/approve/")
    text = pdf_text(LetterRender.objects.get(letter=letter))
    assert "Alex Banned" in text and "Threats to staff" in text
    assert ban.representation_deadline.strftime("%-d %B %Y") in text


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


def test_pdf_download_respects_role_and_school(
    client, case, slt, head, bursar, other_head, django_capture_on_commit_callbacks
):
    letter = approve_escalation(case, slt, head)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/approve/")
    url = f"/staff/letters/{letter.pk}/pdf/"
    client.force_login(slt)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    client.force_login(bursar)  # a letter's wording is not a record
    assert client.get(url).status_code == 403
    client.force_login(other_head)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_another_schools_staff_cannot_download(
    client, case, slt, head, other_school, django_capture_on_commit_callbacks
):
    from policies.models import Membership
    from tests.factories import MembershipFactory

    letter = approve_escalation(case, slt, head)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/approve/")
    other_slt = MembershipFactory(school=other_school, role=Membership.Role.SLT).user
    client.force_login(other_slt)
    assert client.get(f"/staff/letters/{letter.pk}/pdf/").status_code == 404


def test_preview_is_html_with_escaped_text(client, case, slt, head):
    parent = case.parents.get()
    parent.full_name = HOSTILE_NAME
    parent.save()
    letter = approve_escalation(case, slt, head)
    client.force_login(slt)
    response = client.get(f"/staff/letters/{letter.pk}/preview/")
    page = response.content.decode()
    assert (
        '<img src="file:' not in page and "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in page
    )
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_retrying_a_draft_letters_pdf_is_refused_with_a_reason(client, case, slt):
    letter = LetterFactory(case=case)
    client.force_login(slt)
    response = client.post(f"/staff/letters/{letter.pk}/retry/")
    assert response.status_code == 409
    assert "has no PDF to try again" in response.content.decode()
    assert not LetterRender.objects.exists()
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.LETTER).exists()


def test_retrying_a_pdf_that_has_not_failed_is_refused_with_a_reason(client, case, slt):
    render = LetterRenderFactory(letter__case=case, status=LetterRender.Status.DONE)
    client.force_login(slt)
    response = client.post(f"/staff/letters/{render.letter.pk}/retry/")
    assert response.status_code == 409
    assert "not in a failed state" in response.content.decode()
    render.refresh_from_db()
    assert render.status == LetterRender.Status.DONE
