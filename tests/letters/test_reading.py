"""Reading a letter: the service refuses a person without the right, whoever calls it, and
records the reading before the letter is shown; the pages find a letter only in the school the
person is working in."""

import pytest
from django.core.files.base import ContentFile
from django.db import DatabaseError

from audit.models import AccessEvent
from incidents.services.errors import NotNow, NotPermitted
from letters.models import LetterRender
from letters.services.reading import letter_pdf_open, letter_read
from policies.models import Membership
from tests.factories import (
    LetterFactory,
    LetterRenderFactory,
)
from tests.letters.helpers import HOSTILE_NAME, approve_escalation


def ready_render(school) -> LetterRender:
    render = LetterRenderFactory(
        letter__case__school=school,
        letter__parent__school=school,
        status=LetterRender.Status.DONE,
    )
    render.pdf.save("letter.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return render


def test_bursar_reading_a_letter_directly_is_refused_and_nothing_recorded(school, bursar):
    letter = LetterFactory(case__school=school, parent__school=school)
    with pytest.raises(NotPermitted):
        letter_read(letter=letter, by=bursar)
    assert not AccessEvent.objects.exists()


def test_another_schools_head_opening_a_letter_pdf_directly_is_refused(school, other_head):
    render = ready_render(school)
    with pytest.raises(NotPermitted):
        letter_pdf_open(letter=render.letter, by=other_head)
    assert not AccessEvent.objects.exists()


def test_a_pdf_not_yet_ready_is_not_opened_nor_recorded(school, head):
    letter = LetterFactory(case__school=school, parent__school=school)
    with pytest.raises(NotNow):
        letter_pdf_open(letter=letter, by=head)
    assert not AccessEvent.objects.exists()


def test_slt_opening_a_letter_pdf_is_recorded_against_the_case(school, slt):
    render = ready_render(school)
    assert letter_pdf_open(letter=render.letter, by=slt, address="192.0.2.7") == render
    event = AccessEvent.objects.get()
    assert (event.action, event.role, event.case_id, event.client_address) == (
        AccessEvent.Action.DOWNLOAD_LETTER,
        Membership.Role.SLT,
        render.letter.case_id,
        "192.0.2.7",
    )


@pytest.mark.parametrize("page", ["pdf", "preview"])
def test_working_in_one_school_another_schools_letter_is_not_found(
    client, head, school, other_school, page
):
    Membership.objects.create(user=head, school=other_school, role=Membership.Role.SLT)
    render = ready_render(other_school)
    client.force_login(head)
    client.post("/staff/school/", {"school": school.pk})
    assert client.get(f"/staff/letters/{render.letter.pk}/{page}/").status_code == 404
    client.post("/staff/school/", {"school": other_school.pk})
    assert client.get(f"/staff/letters/{render.letter.pk}/{page}/").status_code == 200
    assert AccessEvent.objects.filter(case_id=render.letter.case_id).count() == 1


def test_letter_pdf_is_not_served_when_its_opening_cannot_be_recorded(
    client, school, slt, monkeypatch
):
    render = ready_render(school)
    client.force_login(slt)

    def broken(**kwargs):
        raise DatabaseError("audit table unavailable")

    monkeypatch.setattr(AccessEvent.objects, "create", broken)
    with pytest.raises(DatabaseError):
        client.get(f"/staff/letters/{render.letter.pk}/pdf/")


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
