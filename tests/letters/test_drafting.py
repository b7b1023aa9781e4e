"""Drafting, editing and approving letters (letters.services.drafting)."""

import datetime

from django.utils import timezone

from incidents.models import Case, CaseEvent
from incidents.services.site_bans import site_ban_intend
from letters.models import Kind, Letter, LetterRender
from tests.factories import (
    CaseFactory,
    ParentFactory,
)
from tests.letters.helpers import approve_escalation, pdf_text


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
