"""The case page in a real browser, on a laptop (1366 px) and a phone (375 px): it leads with
the case's headline and next steps, its menus open and close with the keyboard alone, and axe
finds no serious or critical violation with a menu open. Screenshots go to artifacts/browser/
(case-page-desktop.png is the README's docs/screenshots/staff-case-page.png)."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from incidents.models import Case, CaseEvent
from incidents.services.actions import case_record_conversation
from incidents.services.evidence import evidence_store_all
from incidents.services.images import image_process
from incidents.services.reports import report_add_information
from tests.browser.test_accessibility import axe_problems
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    MessagingGroupFactory,
    ParentFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

LAPTOP = {"width": 1366, "height": 900}
PHONE_375 = {"width": 375, "height": 812}


def chat_screenshot(lines: int, name: str):
    """A phone screenshot of a group chat, as a parent would upload it (tall and narrow)."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    image = Image.new("RGB", (390, 844), "#ece5dd")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 390, 64), fill="#075e54")
    draw.text((16, 26), "Year 4 parents", fill="#ffffff")
    for n in range(lines):
        top, left = 90 + n * 70, 16 if n % 2 == 0 else 120
        draw.rounded_rectangle((left, top, left + 250, top + 50), radius=10, fill="#ffffff")
        draw.text((left + 12, top + 18), f"Message {n + 1} in the group", fill="#111111")
    out = io.BytesIO()
    image.save(out, "PNG")
    return name, image_process(SimpleUploadedFile(name, out.getvalue(), "image/png"))


@pytest.fixture
def worked_case(school, slt):
    """A case a few days into speaking to the parent: a report with its screenshot and a later
    addition from the reporter, a parent, categories, a conversation."""
    group = MessagingGroupFactory(school=school, name="Year 4 parents")
    case = CaseFactory(
        school=school,
        status=Case.Status.SPEAKING_TO_PARENT,
        owner=slt,
        group=group,
        opened_at=timezone.now() - datetime.timedelta(days=6),
    )
    report = ReportFactory(
        case=case,
        group=group,
        occurred_on=timezone.localdate() - datetime.timedelta(days=7),
        person_concerned="Jordan Bloggs",
        reporter_name="Sam Reporter",
        description="A parent posted insulting comments about my child's teacher in the class "
        "group, and encouraged others to join in.",
    )
    evidence_store_all(case=case, report=report, images=[chat_screenshot(6, "chat.png")])
    CaseEventFactory(
        case=case,
        kind=CaseEvent.Kind.REPORTED,
        actor_label="Reporter",
        text="Concern received with 1 screenshot(s).",
    )
    case.parents.add(ParentFactory(school=school, full_name="Jordan Bloggs"))
    case.breach_categories.add(school.codes.get().breach_categories.get(key="abusive-comments"))
    report_add_information(
        report=report,
        text="The same parent posted again this morning.",
        images=[chat_screenshot(3, "again.png")],
    )
    case_record_conversation(
        case=case,
        by=slt,
        who="Jordan Bloggs",
        held_at=timezone.now() - datetime.timedelta(days=1),
        method="phone",
        summary="Explained the code of conduct; agreed to delete the posts today.",
    )
    return case


def test_case_page_leads_with_the_next_step_on_a_laptop_and_a_phone(
    new_context, sign_in, slt, worked_case, artifacts, shot
):
    page = sign_in(new_context(viewport=LAPTOP).new_page(), slt)
    page.goto(worked_case.get_absolute_url())
    actions = page.get_by_role("region", name="What you can do now")
    expect(actions.locator(".btn-primary")).to_have_text(
        ["Record a conversation", "Propose an escalation"]
    )
    expect(page.locator(".case-headline")).to_contain_text("Jordan Bloggs · Year 4 parents")
    reports = page.get_by_role("region", name="Reports")
    expect(reports).to_contain_text("The same parent posted again this morning.")
    expect(reports.get_by_role("img", name="Screenshot 2, again.png")).to_be_visible()
    expect(page.get_by_role("region", name="Conversations")).to_contain_text("Telephone")
    box = reports.get_by_role("img", name="Screenshot 1, chat.png").bounding_box()
    assert abs(box["width"] / box["height"] - 390 / 844) < 0.02  # the whole screenshot
    shot(page, "case-page-desktop")
    problems = axe_problems(page, "case-page-desktop", artifacts)

    # The keyboard alone: Tab to a menu, open it, Escape closes it and keeps the focus there.
    record = page.locator("summary", has_text="Record")
    for _ in range(60):
        page.keyboard.press("Tab")
        if record.evaluate("element => element === document.activeElement"):
            break
    else:
        raise AssertionError("Tab never reached the Record menu")
    page.keyboard.press("Enter")
    add_note = page.get_by_role("link", name="Add a note")
    expect(add_note).to_be_visible()
    shot(page, "case-page-desktop-menu", full_page=False)
    problems += axe_problems(page, "case-page-desktop-menu", artifacts)
    page.keyboard.press("Escape")
    expect(add_note).to_be_hidden()
    expect(record).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(add_note).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{worked_case.get_absolute_url()}note/")

    # Opening one menu closes another.
    page.goto(worked_case.get_absolute_url())
    page.locator("summary", has_text="Record").click()
    page.locator("summary", has_text="Ask someone").click()
    expect(page.get_by_role("link", name="Ask the moderator to remove a post")).to_be_visible()
    expect(add_note).to_be_hidden()

    page.set_viewport_size(PHONE_375)
    page.goto(worked_case.get_absolute_url())
    shot(page, "case-page-phone")
    shot(page, "case-page-phone-top", full_page=False)
    problems += axe_problems(page, "case-page-phone", artifacts)
    page.locator("summary", has_text="Close").click()
    merge = page.get_by_role("link", name="Merge into another case")
    expect(merge).to_be_visible()
    assert merge.bounding_box()["x"] >= 0  # opens in place, within the screen
    shot(page, "case-page-phone-menu", full_page=False)
    assert not problems, "\n".join(problems)
