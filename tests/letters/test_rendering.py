"""Rendering an approved letter's PDF once, and retrying it (letters.services.rendering)."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from incidents.models import CaseEvent
from jobs.services import jobs_to_queue
from letters.models import LetterRender
from letters.tasks import render_letter
from tests.factories import (
    LetterFactory,
    LetterRenderFactory,
)
from tests.letters.helpers import HOSTILE_NAME, approve_escalation, pdf_text


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
