"""SLT find a case by the number a parent quotes, see it is a duplicate, merge it from the
likely duplicates the page offers, and land on the surviving case."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import axe_problems
from tests.factories import (
    CaseFactory,
    MessagingGroupFactory,
    ParentFactory,
    ReferenceCounterFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_reports_of_one_post(school):
    ReferenceCounterFactory(school=school, year=2026, last=43)
    group = MessagingGroupFactory(school=school, name="Year 2 Robins")
    first = CaseFactory(
        school=school,
        reference="OF-2026-0041",
        group=group,
        opened_at=timezone.now() - datetime.timedelta(days=2),
    )
    ReportFactory(
        case=first,
        group=group,
        person_concerned="Daniel Price",
        description="Called Mrs Hill useless in front of the whole class group.\nScreenshots.",
    )
    first.parents.add(ParentFactory(school=school, full_name="Daniel Price"))
    second = CaseFactory(school=school, reference="OF-2026-0042", group=group)
    ReportFactory(
        case=second,
        group=group,
        person_concerned="D Price",
        description="A dad was rude about our teacher in the Robins chat",
    )
    for n in range(3):
        ReportFactory(case=CaseFactory(school=school), description=f"Another matter {n}")
    return first, second


def test_find_by_number_merge_and_land_on_the_survivor(
    page, sign_in, slt, two_reports_of_one_post, shot, artifacts
):
    first, _ = two_reports_of_one_post
    sign_in(page, slt)
    page.goto("/staff/cases/")
    expect(page.locator("#case-count")).to_have_text("5 cases")
    expect(page.get_by_role("cell", name="Daniel Price", exact=True)).to_be_visible()
    shot(page, "finding-1-case-list")
    problems = axe_problems(page, "finding-case-list", artifacts)

    page.get_by_label("Search").fill("0042")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator("#case-count")).to_have_text("1 case matches these filters")
    page.get_by_role("link", name="OF-2026-0042").click()
    expect(page.get_by_role("heading", name="OF-2026-0042")).to_be_visible()

    page.goto(f"{page.url}merge/")  # the case page's "Merge into another case"
    expect(page.get_by_text("same group", exact=True)).to_be_visible()
    shot(page, "finding-2-merge-suggestions")
    problems += axe_problems(page, "finding-merge", artifacts)
    page.get_by_label("OF-2026-0041", exact=False).check()
    page.get_by_role("button", name="Merge").click()

    page.wait_for_url(f"**{first.get_absolute_url()}")
    expect(page.get_by_role("status")).to_contain_text("OF-2026-0042 merged into this case.")
    shot(page, "finding-3-survivor")
    assert not problems, "\n".join(problems)


def test_the_case_list_and_merge_search_on_a_phone(
    new_context, sign_in, slt, two_reports_of_one_post, shot
):
    _, second = two_reports_of_one_post
    page = new_context(**PHONE).new_page()
    sign_in(page, slt)
    page.goto("/staff/cases/")
    expect(page.locator("#case-count")).to_have_text("5 cases")
    shot(page, "finding-phone-case-list")
    page.goto(f"{second.get_absolute_url()}merge/")
    page.get_by_label("Find a case").fill("price")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_label("OF-2026-0041", exact=False)).to_be_visible()
    shot(page, "finding-phone-merge-search")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
