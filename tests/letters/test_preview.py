"""While editing a draft, staff see the letter as it will print, beside the wording."""

from audit.models import AccessEvent
from letters.models import Kind, Letter
from letters.services.drafting import letter_draft
from tests.factories import CaseFactory, LetterFactory
from tests.letters.helpers import approve_escalation


def test_the_edit_page_shows_the_letter_as_it_will_print_beside_the_wording(
    client, case, slt, head
):
    letter = approve_escalation(case, slt, head)
    client.force_login(slt)
    page = client.get(f"/staff/letters/{letter.pk}/edit/").content.decode()
    assert f'src="/staff/letters/{letter.pk}/preview/"' in page and 'name="letter-preview"' in page
    # the Preview button works without JavaScript: it sends the form into the frame
    assert 'formtarget="letter-preview"' in page and "letter_preview.js" in page
    preview = client.get(f"/staff/letters/{letter.pk}/preview/").content.decode()
    assert "Dear Robin Example" in preview and "{{" not in preview
    assert case.school.name in preview


def test_preview_shows_wording_not_yet_saved_with_placeholders_filled_and_saves_nothing(
    client, case, slt, head
):
    letter = approve_escalation(case, slt, head)
    body = letter.body
    client.force_login(slt)
    response = client.post(
        f"/staff/letters/{letter.pk}/preview/",
        {
            "title": "A new title",
            "body": "Dear {{ salutation }}\n\nAbout {{ reference }} <b>now</b>",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A new title" in html and f"About {case.reference}" in html
    assert "&lt;b&gt;now&lt;/b&gt;" in html and "<b>now</b>" not in html
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
    letter.refresh_from_db()
    assert letter.body == body and letter.title != "A new title"
    assert AccessEvent.objects.filter(actor=slt, object_type="letter", object_id=letter.pk).exists()


def test_an_approved_letter_previews_as_approved_whatever_is_posted(
    client, case, slt, head, django_capture_on_commit_callbacks
):
    letter = approve_escalation(case, slt, head)
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/approve/")
    html = client.post(
        f"/staff/letters/{letter.pk}/preview/", {"title": "t", "body": "Rewritten"}
    ).content.decode()
    assert "Rewritten" not in html and "Dear Robin Example" in html


def test_the_bursar_cannot_preview_a_draft(client, case, slt, head, bursar):
    letter = approve_escalation(case, slt, head)
    client.force_login(bursar)
    response = client.post(f"/staff/letters/{letter.pk}/preview/", {"title": "t", "body": "b"})
    assert response.status_code == 403 and b"Dear" not in response.content


def test_another_schools_draft_cannot_be_previewed(client, slt, other_school):
    letter = LetterFactory(case=CaseFactory(school=other_school))
    client.force_login(slt)
    response = client.post(f"/staff/letters/{letter.pk}/preview/", {"title": "t", "body": "b"})
    assert response.status_code == 404


def test_a_letter_to_someone_else_previews_its_typed_address(client, case, slt):
    letter = letter_draft(case=case, kind=Kind.MODERATOR_REQUEST, by=slt, recipient_name="Jo Rep")
    client.force_login(slt)
    page = client.get(f"/staff/letters/{letter.pk}/edit/").content.decode()
    assert 'name="recipient_address"' in page
    html = client.post(
        f"/staff/letters/{letter.pk}/preview/",
        {"title": "t", "body": "Dear {{ salutation }}", "recipient_address": "1 Rep Row"},
    ).content.decode()
    assert "Dear Jo Rep" in html and "1 Rep Row" in html
    assert Letter.objects.get(pk=letter.pk).recipient_address == ""


def test_a_placeholder_without_a_value_is_marked_in_the_preview_not_left_blank(
    client, case, slt, head, django_capture_on_commit_callbacks
):
    letter = approve_escalation(case, slt, head)  # the case has no report: no group, no date
    client.force_login(slt)
    html = client.post(
        f"/staff/letters/{letter.pk}/preview/",
        {"title": "t", "body": "In {{ group_name }} on {{ incident_date }}.\n\n{{ ban_reasons }}"},
    ).content.decode()
    assert "[the class group: not known yet]" in html
    assert "[when the reported incident happened: not known yet]" in html
    assert "[the reasons for the site ban: not known yet]" in html
    # the letter that is approved carries no such mark
    client.force_login(head)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/{letter.pk}/approve/")
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED and "not known yet" not in letter.html
