"""The headteacher records a site ban whose review date falls before its start: the form comes
back with the reason next to the field and everything typed kept; corrected, it is saved."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import Case, SiteBan
from tests.browser.conftest import PHONE
from tests.factories import CaseFactory, ParentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_ban_form_shows_a_date_error_on_the_form_and_keeps_what_was_typed(
    new_context, sign_in, shot, school, head, device
):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    case.parents.add(ParentFactory(school=school, full_name="Sam Example"))
    today = timezone.localdate()
    page = new_context(**(PHONE if device == "phone" else {})).new_page()
    sign_in(page, head, next_url=f"/staff/cases/{case.reference}/site-ban/")
    page.locator("#id_parent").select_option(label="Sam Example")
    page.locator("#id_reasons").fill("Threatening the class teacher at the gate.")
    page.get_by_label("Threatening behaviour").check()
    page.locator("#id_starts_on").fill((today + datetime.timedelta(days=30)).isoformat())
    page.locator("#id_ends_on").fill((today + datetime.timedelta(days=180)).isoformat())
    page.locator("#id_review_on").fill((today + datetime.timedelta(days=5)).isoformat())
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("alert")).to_contain_text("The review date must fall while the ban")
    expect(page.locator("#id_reasons")).to_have_value("Threatening the class teacher at the gate.")
    shot(page, f"site-ban-form-error-{device}")
    assert not SiteBan.objects.exists()

    page.locator("#id_review_on").fill((today + datetime.timedelta(days=90)).isoformat())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"**/staff/cases/{case.reference}/")
    assert SiteBan.objects.get().state == SiteBan.State.INTENDED


def test_decision_page_shows_the_facts_beside_the_form(new_context, sign_in, shot, school, head):
    from incidents.services.site_bans import site_ban_record_representations
    from tests.factories import SiteBanFactory

    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    parent = ParentFactory(school=school, full_name="Sam Example")
    case.parents.add(parent)
    ban = SiteBanFactory(
        case=case,
        parent=parent,
        reasons="Threatening the class teacher at the gate.",
        conditions="May collect the children from the office by arrangement.",
    )
    site_ban_record_representations(
        ban=ban, by=head, representations="I was upset and I apologise.", method="letter"
    )
    page = new_context().new_page()
    sign_in(page, head, next_url=f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/")
    expect(page.get_by_role("heading", name="Representations received")).to_be_visible()
    expect(page.get_by_text("I was upset and I apologise.")).to_be_visible()
    shot(page, "site-ban-decision")
