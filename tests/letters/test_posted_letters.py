"""Letters a school would post: the letterhead, the address block, "Dear Mr Price", the
approving headteacher's signature, and no posting without an address."""

import io
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from incidents.models import Case, CaseEvent, Parent
from incidents.services.errors import NotNow
from letters.models import Kind, Letter, LetterRender
from letters.services.delivery import letter_send
from letters.services.drafting import letter_approve, letter_draft, letter_update
from policies.models import School
from tests.factories import CaseFactory, ParentFactory, ReportFactory
from tests.letters.helpers import HOSTILE_NAME, approve_escalation, pdf_text

ARTIFACTS = Path(os.environ.get("ARTIFACTS_DIR", "artifacts")) / "letters"


def _approve_and_render(letter, head, capture):
    with capture(execute=True):
        letter_approve(letter=letter, by=head)
    letter.refresh_from_db()
    assert letter.render.status == LetterRender.Status.DONE
    return letter


def test_a_warning_letter_from_the_demo_reads_like_a_posted_letter(
    db, django_capture_on_commit_callbacks
):
    call_command("seed_demo", stdout=io.StringIO())
    school = School.objects.get(slug="joy-lane")
    parent = (
        Parent.objects.filter(school=school, title="Mr").exclude(postal_address="").first()
        or Parent.objects.filter(school=school, title__in=["Mrs", "Ms"]).first()
    )
    assert parent.surname and parent.surname in parent.full_name
    users = get_user_model().objects
    slt, head = users.get(username="joy-lane-slt"), users.get(username="joy-lane-head")
    group = school.groups.first()
    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT, group=group)
    ReportFactory(case=case, group=group)
    case.parents.add(parent)
    case.breach_categories.add(school.codes.get().breach_categories.first())

    letter = approve_escalation(case, slt, head)
    assert letter.kind == Kind.WARNING
    letter = _approve_and_render(letter, head, django_capture_on_commit_callbacks)
    text = pdf_text(letter.render)

    with letter.render.pdf.open("rb") as pdf:  # kept for a person to look at
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "demo-warning-letter.pdf").write_bytes(pdf.read())
    # the letterhead: the school's name, address and office
    assert school.name in text and school.logo
    for line in school.address.splitlines():
        assert line in text
    assert school.office_email in text and school.office_phone in text
    # the address block: title and full name, then each line of the address
    assert f"{parent.title} {parent.full_name}" in text
    for line in parent.postal_address.splitlines():
        assert line in text
    assert f"Dear {parent.title} {parent.surname}" in text
    assert f"Dear {parent.full_name}" not in text
    # signed by the headteacher who approved it, with the school's title for the role
    assert head.get_full_name() in text and school.decision_maker_title in text
    assert "Yours sincerely" in text
    assert f"in the {group.name} group on 2 November 2026" in text


def test_a_parent_without_a_title_is_greeted_by_full_name(
    case, slt, head, django_capture_on_commit_callbacks
):
    parent = case.parents.get()
    assert (parent.title, parent.surname) == ("", "")
    letter = approve_escalation(case, slt, head)
    letter = _approve_and_render(letter, head, django_capture_on_commit_callbacks)
    assert "Dear Robin Example" in pdf_text(letter.render)


def test_a_draft_reads_the_parents_corrected_details_and_approval_keeps_them(
    client, case, slt, head, django_capture_on_commit_callbacks
):
    letter = approve_escalation(case, slt, head)
    parent = case.parents.get()
    client.force_login(slt)
    response = client.post(
        f"/staff/cases/{case.reference}/parent/{parent.pk}/",
        {
            "title": "Dr",
            "full_name": "Robin Example",
            "surname": "",
            "email": "robin@example.org",
            "postal_address": "7 Mill Lane\nExampleton\nZZ2 2AB",
            "year_groups": "Year 3",
        },
    )
    assert response.status_code == 302
    parent.refresh_from_db()
    assert (parent.title, parent.surname) == ("Dr", "Example")  # the name's last word
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.PARENT_UPDATED)
    assert "title" in event.text and "postal address" in event.text
    assert "Mill Lane" not in event.text  # the chronology names what changed, not the address
    preview = client.get(f"/staff/letters/{letter.pk}/preview/").content.decode()
    assert "Dear Dr Example" in preview and "7 Mill Lane" in preview
    letter = _approve_and_render(letter, head, django_capture_on_commit_callbacks)
    parent.postal_address = "Somewhere else"
    parent.save()
    letter.refresh_from_db()
    assert letter.recipient_address == "7 Mill Lane\nExampleton\nZZ2 2AB"
    assert "7 Mill Lane" in pdf_text(letter.render) and "Somewhere else" not in letter.html


def test_another_schools_parent_cannot_be_edited_through_a_case(client, case, slt, other_school):
    stranger = ParentFactory(school=other_school, postal_address="Theirs")
    client.force_login(slt)
    response = client.post(
        f"/staff/cases/{case.reference}/parent/{stranger.pk}/",
        {"full_name": "Changed", "postal_address": "Ours now"},
    )
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert (stranger.full_name, stranger.postal_address) != ("Changed", "Ours now")


def test_the_bursar_cannot_edit_a_parents_details(client, case, bursar):
    parent = case.parents.get()
    client.force_login(bursar)
    response = client.post(
        f"/staff/cases/{case.reference}/parent/{parent.pk}/",
        {"full_name": "Changed", "postal_address": "Bursar Road"},
    )
    assert response.status_code == 403
    parent.refresh_from_db()
    assert parent.postal_address != "Bursar Road"


def test_a_letter_with_no_address_and_no_email_cannot_be_approved(case, slt, head):
    parent = ParentFactory(school=case.school, email="", postal_address="")
    letter = letter_draft(case=case, kind=Kind.WARNING, by=slt, parent=parent)
    with pytest.raises(NotNow, match="postal address"):
        letter_approve(letter=letter, by=head)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT and not LetterRender.objects.exists()


def test_the_approve_page_says_why_a_letter_without_address_is_refused(client, case, slt, head):
    parent = ParentFactory(school=case.school, email="", postal_address="")
    letter = letter_draft(case=case, kind=Kind.WARNING, by=slt, parent=parent)
    client.force_login(head)
    response = client.post(f"/staff/letters/{letter.pk}/approve/", follow=True)
    assert "neither a postal address nor an e-mail address" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == Letter.Status.DRAFT


def test_an_emailed_letter_without_an_address_cannot_be_posted(
    case, slt, head, django_capture_on_commit_callbacks
):
    parent = ParentFactory(school=case.school, email="p@example.org", postal_address="")
    letter = letter_draft(case=case, kind=Kind.WARNING, by=slt, parent=parent)
    letter = _approve_and_render(letter, head, django_capture_on_commit_callbacks)
    with pytest.raises(NotNow, match="without a postal address"):
        letter_send(letter=letter, delivery=Letter.Delivery.POST, by=slt)
    letter.refresh_from_db()
    assert (letter.status, letter.delivery) == (Letter.Status.APPROVED, "")
    assert not CaseEvent.objects.filter(case=case, data__step="sent").exists()


def test_a_parents_address_is_not_changed_per_letter(case, slt):
    letter = letter_draft(case=case, kind=Kind.WARNING, by=slt, parent=case.parents.get())
    with pytest.raises(NotNow, match="on their details"):
        letter_update(letter=letter, by=slt, title="t", body="b", recipient_address="Elsewhere")
    letter.refresh_from_db()
    assert letter.body != "b"


def test_a_letter_to_someone_else_keeps_its_own_address(case, slt):
    letter = letter_draft(case=case, kind=Kind.MODERATOR_REQUEST, by=slt, recipient_name="Jo Rep")
    letter_update(
        letter=letter,
        by=slt,
        title="t",
        body="Dear {{ salutation }}",
        recipient_address="1 Rep Row",
    )
    letter.refresh_from_db()
    assert letter.recipient_address == "1 Rep Row"


def test_user_text_in_the_address_block_is_escaped_in_the_pdf(
    case, slt, head, django_capture_on_commit_callbacks
):
    parent = case.parents.get()
    parent.title, parent.surname = "<b>Mr</b>", HOSTILE_NAME
    parent.postal_address = '<script>alert(1)</script>\n<img src="file:///etc/passwd">'
    parent.save()
    letter = approve_escalation(case, slt, head)
    assert "<script>" not in letter.__class__.objects.get(pk=letter.pk).body
    letter = _approve_and_render(letter, head, django_capture_on_commit_callbacks)
    assert "<script>" not in letter.html and "&lt;script&gt;" in letter.html
    assert '<img src="file' not in letter.html
    text = pdf_text(letter.render)
    assert "<script>alert(1)</script>" in text and "Dear <b>Mr</b>" in text


def test_a_new_parent_is_recorded_with_title_and_address_and_their_letter_greets_them(
    client, slt, school
):
    case = CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    client.force_login(slt)
    response = client.post(
        f"/staff/cases/{case.reference}/parent/",
        {
            "title": "Ms",
            "full_name": "Grace Okafor",
            "email": "",
            "postal_address": "12 Church Way\nColtham\nZZ3 5DQ",
            "year_groups": "Year 2",
        },
    )
    assert response.status_code == 302
    parent = case.parents.get()
    assert (parent.title, parent.surname, parent.salutation) == ("Ms", "Okafor", "Ms Okafor")
    assert parent.addressee == "Ms Grace Okafor"
    letter = letter_draft(case=case, kind=Kind.CASE_OUTCOME, by=slt, parent=parent)
    preview = client.get(f"/staff/letters/{letter.pk}/preview/").content.decode()
    assert "Dear Ms Okafor" in preview and "Ms Grace Okafor" in preview
    assert "12 Church Way<br>Coltham<br>ZZ3 5DQ" in preview
