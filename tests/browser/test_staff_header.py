"""The staff header of someone working in two schools: on one line on a 1366 px laptop, usable
on a phone, and switching school from it lands in the other school."""

import pytest
from playwright.sync_api import expect

from policies.models import Membership
from tests.browser.test_accessibility import axe_problems
from tests.factories import CaseFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

# Without animations, so the screenshots show menus opened, not opening.
LAPTOP = {"viewport": {"width": 1366, "height": 768}, "reduced_motion": "reduce"}
SMALL_PHONE = {
    "reduced_motion": "reduce",
    "viewport": {"width": 375, "height": 667},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
LONG_SCHOOL = "St Mary and St John Church of England Voluntary Aided Primary School"


@pytest.fixture
def two_school_head(school, other_school):
    """A headteacher (the role with the most pages) at a school with a long name, and in the
    senior leadership team (the longest role name) at another."""
    school.name = LONG_SCHOOL
    school.save()
    user = UserFactory(first_name="Alexandra", last_name="Fitzgerald-Montgomery")
    MembershipFactory(user=user, school=school, role=Membership.Role.HEADTEACHER)
    MembershipFactory(user=user, school=other_school, role=Membership.Role.SLT)
    return user


def header_spread(page) -> int:
    """How far apart (px) the vertical middles of the header's brand, links and menus are: on
    one line they are a few pixels apart, on two at least a line's height."""
    middles = page.eval_on_selector_all(
        "header .navbar-brand, header .nav-link, header summary",
        "items => items.map(i => i.getBoundingClientRect()).map(box => box.top + box.height / 2)",
    )
    return max(middles) - min(middles)


def switch_to(page, name: str):
    page.locator("header summary", has_text="Working in").click()
    page.get_by_role("button", name=f"Switch to {name}").click()


@pytest.mark.parametrize("where", ["school", "other_school"])
def test_the_header_fits_one_line_on_a_laptop(
    new_context, sign_in, shot, artifacts, two_school_head, where, request
):
    school = request.getfixturevalue(where)
    page = new_context(**LAPTOP).new_page()
    sign_in(page, two_school_head)
    if where == "school":
        switch_to(page, school.name)
    school_menu = page.locator("header summary", has_text="Working in")
    expect(school_menu).to_have_attribute("title", school.name)
    # a headteacher at `school` has every page's link; SLT at the other have fewer
    expect(page.get_by_role("link", name="Exports")).to_have_count(1 if where == "school" else 0)
    shot(page, f"staff-header-1366-{where}", full_page=False)
    assert header_spread(page) < 8
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    school_menu.click()
    other = "Elmwood Primary School" if where == "school" else LONG_SCHOOL
    expect(page.get_by_role("button", name=f"Switch to {other}")).to_be_visible()
    shot(page, f"staff-header-1366-{where}-school-menu", full_page=False)
    assert not axe_problems(page, f"staff-header-{where}", artifacts)
    page.locator("h1").click()  # a click elsewhere closes the menu
    expect(page.get_by_role("button", name=f"Switch to {other}")).to_be_hidden()
    account = page.locator("header summary", has_text="Account of")
    account.click()
    expect(page.get_by_role("link", name="Change password")).to_be_visible()
    page.keyboard.press("Escape")  # and Escape, giving the focus back to the menu's button
    expect(page.get_by_role("link", name="Change password")).to_be_hidden()
    expect(account).to_be_focused()


def test_on_a_phone_the_menu_switches_school_and_signs_out(
    new_context, sign_in, shot, artifacts, two_school_head, school, other_school
):
    page = new_context(**SMALL_PHONE).new_page()
    sign_in(page, two_school_head)
    shot(page, "staff-header-375-closed", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.get_by_role("button", name="Menu").click()
    switch_to(page, school.name)
    expect(page.get_by_role("heading", name=LONG_SCHOOL)).to_be_visible()

    page.get_by_role("button", name="Menu").click()
    page.locator("header summary", has_text="Working in").click()
    expect(page.get_by_role("button", name="Switch to Elmwood Primary School")).to_be_visible()
    shot(page, "staff-header-375-school-menu", full_page=False)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert not axe_problems(page, "staff-header-phone", artifacts)

    page.locator("header summary", has_text="Account of").click()
    shot(page, "staff-header-375-account-menu", full_page=False)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Staff sign in")).to_be_visible()


def test_a_link_to_a_case_at_the_other_school_offers_the_switch(
    new_context, sign_in, shot, artifacts, two_school_head, school, other_school
):
    case = CaseFactory(school=other_school, reference="EW-2026-0042")
    page = new_context(**LAPTOP).new_page()
    sign_in(page, two_school_head)
    switch_to(page, school.name)
    page.goto(case.get_absolute_url())
    offer = page.get_by_role("heading", name="This case is at Elmwood Primary School")
    expect(offer).to_be_visible()
    shot(page, "case-at-other-school")
    assert not axe_problems(page, "case-at-other-school", artifacts)
    page.get_by_role("button", name="Switch to Elmwood Primary School").click()
    page.wait_for_url(f"**{case.get_absolute_url()}")
    expect(page.get_by_role("heading", name="EW-2026-0042")).to_be_visible()
    expect(page.locator("header summary", has_text="Working in")).to_have_attribute(
        "title", "Elmwood Primary School"
    )
