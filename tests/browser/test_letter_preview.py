"""SLT edit a draft letter and see it as it will print beside the wording: typing updates the
preview (placeholders filled, nothing saved) and Save keeps the wording."""

import pytest
from playwright.sync_api import expect

from incidents.models import Case
from letters.models import Kind, Letter
from letters.services.drafting import letter_draft
from tests.factories import CaseFactory, ParentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_preview_follows_the_wording_as_it_is_typed(new_context, sign_in, shot, school, slt):
    case = CaseFactory(school=school, status=Case.Status.WARNING_LETTER)
    parent = ParentFactory(
        school=school,
        title="Mr",
        full_name="Daniel Price",
        surname="Price",
        postal_address="4 Elm Road\nAshcombe\nZZ1 4AB",
    )
    case.parents.add(parent)
    letter = letter_draft(case=case, kind=Kind.WARNING, by=slt, parent=parent)
    page = new_context().new_page()
    sign_in(page, slt, next_url=f"/staff/letters/{letter.pk}/edit/")
    preview = page.frame_locator("iframe[name=letter-preview]")
    expect(preview.get_by_text("Dear Mr Price")).to_be_visible()
    expect(preview.get_by_text("4 Elm Road")).to_be_visible()

    body = page.locator("#id_body")
    body.fill(body.input_value() + "\n\nPlease call the office about {{ reference }}.")
    expect(preview.get_by_text(f"Please call the office about {case.reference}.")).to_be_visible()
    shot(page, "letter-edit-live-preview")
    assert "Please call" not in Letter.objects.get(pk=letter.pk).body  # previewing saves nothing

    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/staff/letters/{letter.pk}/")
    assert "Please call the office" in Letter.objects.get(pk=letter.pk).body


def test_the_letter_pages_have_no_serious_violations(page, sign_in, shot, school, slt, artifacts):
    from tests.browser.test_accessibility import axe_problems
    from tests.factories import MessagingGroupFactory

    case = CaseFactory(school=school, status=Case.Status.WARNING_LETTER)
    parent = ParentFactory(school=school, title="Ms", full_name="Grace Okafor", surname="Okafor")
    case.parents.add(parent)
    MessagingGroupFactory(school=school, moderator_email="rep@example.org")
    letter = letter_draft(case=case, kind=Kind.WARNING, by=slt, parent=parent)
    problems = []
    sign_in(page, slt, next_url=f"/staff/letters/{letter.pk}/edit/")
    expect(
        page.frame_locator("iframe[name=letter-preview]").get_by_text("Dear Ms Okafor")
    ).to_be_visible()
    problems += axe_problems(page, "letter-edit", artifacts)

    page.get_by_role("link", name="Change Grace Okafor's details").click()
    expect(page.get_by_label("Postal address")).to_be_visible()
    shot(page, "parent-details")
    problems += axe_problems(page, "parent-details", artifacts)

    page.goto(f"/staff/cases/{case.reference}/moderation/")
    expect(page.get_by_label("E-mail the request to the moderator now")).to_be_visible()
    shot(page, "moderation-request")
    problems += axe_problems(page, "moderation-request", artifacts)
    assert not problems, "\n".join(problems)
