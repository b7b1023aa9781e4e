"""A parent who left a field out corrects it without choosing their screenshots again."""

import datetime

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from incidents.models import CaseEvent, Evidence, KeptScreenshot, Report
from incidents.tokens import token_hash
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import axe_problems
from tests.factories import MessagingGroupFactory, ReportFactory

pytestmark = pytest.mark.django_db(transaction=True)

WHAT_HAPPENED = "A parent posted insulting comments about my child's teacher in the class group."


def chat_screenshot(path, lines: list[str]):
    """Something that looks like a phone's screenshot of a group chat."""
    img = Image.new("RGB", (390, 700), "#ece5dd")
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 0, 390, 60), fill="#075e54")
    draw.text((16, 22), "Year 3 parents", fill="white")
    top = 80
    for n, line in enumerate(lines):
        left = 16 if n % 2 == 0 else 120
        draw.rounded_rectangle((left, top, left + 254, top + 56), 10, fill="white")
        draw.text((left + 12, top + 20), line, fill="#111111")
        top += 72
    img.save(path)
    return path


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_a_parent_corrects_an_error_without_choosing_screenshots_again(
    new_context, shot, artifacts, school, tmp_path, viewport
):
    MessagingGroupFactory(school=school, name="Year 3 parents")
    page = new_context(**(PHONE if viewport == "phone" else DESKTOP)).new_page()
    pictures = [
        chat_screenshot(tmp_path / "chat-monday.png", ["She is useless", "Totally agree"]),
        chat_screenshot(tmp_path / "chat-tuesday.png", ["Someone should sort her out", "lol"]),
    ]

    page.goto(f"/s/{school.slug}/concern/")
    page.get_by_label("Your name").fill("Pat Parent")
    page.get_by_label("Your e-mail address").fill("pat@example.org")
    page.get_by_label("Your phone number").fill("07700 900123")
    page.get_by_label("Which group was it in?").select_option(label="Year 3 parents")
    happened = timezone.localdate() - datetime.timedelta(days=2)
    page.get_by_label("When did it happen?").fill(happened.isoformat())
    # "What happened?" is left out.
    page.get_by_role("group", name="Do you think a child is at risk?").get_by_label("No").check()
    page.get_by_label("Screenshots", exact=True).set_input_files(pictures)
    page.get_by_label("The information I have given is true").check()
    page.get_by_role("button", name="Send my concern").click()

    expect(page.locator(".error-summary")).to_contain_text("Describe what happened.")
    expect(page.locator(".error-summary")).to_contain_text("The 2 screenshots you chose are still")
    expect(page.get_by_text("Attached (2)")).to_be_visible()
    thumbnails = page.get_by_role("img", name="Attached screenshot")
    expect(thumbnails).to_have_count(2)
    for n in range(2):  # served to this browser, and decoded
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=thumbnails.nth(n).element_handle()
        )
    expect(page.get_by_role("button", name="Remove chat-monday.png")).to_be_visible()
    expect(page.get_by_label("Your phone number")).to_have_value("07700 900123")
    expect(page.get_by_label("Add more screenshots")).to_have_value("")
    assert "please choose them again" not in page.locator(".error-summary").inner_text()
    shot(page, f"concern-kept-screenshots-{viewport}")
    assert axe_problems(page, f"concern-kept-screenshots-{viewport}", artifacts) == []
    page.get_by_text("Attached (2)").scroll_into_view_if_needed()
    shot(page, f"concern-kept-screenshots-{viewport}-attached", full_page=False)

    # Enter in a text field sends the form: it must not press a Remove button.
    page.get_by_label("Who posted it?").fill("Mr X")
    page.get_by_label("Who posted it?").press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("Describe what happened.")
    expect(page.get_by_text("Attached (2)")).to_be_visible()

    page.get_by_label("What happened?").fill(WHAT_HAPPENED)
    page.get_by_role("button", name="Send my concern").click()
    expect(page.get_by_role("heading", name="Your concern has been sent")).to_be_visible()
    shot(page, f"concern-kept-screenshots-{viewport}-sent")

    report = Report.objects.get()
    assert report.description == WHAT_HAPPENED and report.person_concerned == "Mr X"
    names = sorted(report.evidence.values_list("original_name", flat=True))
    assert names == ["chat-monday.png", "chat-tuesday.png"]
    assert not KeptScreenshot.objects.exists()


def test_a_reporter_on_a_phone_keeps_screenshots_on_the_follow_up_page(
    new_context, shot, artifacts, school, tmp_path
):
    token = "a-follow-up-token-for-the-browser-test-0123456789"
    report = ReportFactory(case__school=school, token_hash=token_hash(token))
    page = new_context(**PHONE).new_page()
    picture = chat_screenshot(tmp_path / "chat-friday.png", ["Same again today", "Unbelievable"])
    broken = tmp_path / "not-a-picture.png"
    broken.write_text("This is a note, not a picture.")

    page.goto(f"/concern/{token}/")
    page.get_by_label("Your message").fill("They posted the same thing again on Friday.")
    page.get_by_label("Screenshots (optional)").set_input_files([picture, broken])
    page.get_by_role("button", name="Send to the school").click()

    # The file that is not a picture is refused; the good one stays attached.
    expect(page.locator(".error-summary")).to_be_visible()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).exists()
    expect(page.locator(".error-summary")).to_contain_text("The 1 screenshot you chose is still")
    expect(page.get_by_text("Attached (1)")).to_be_visible()
    thumbnail = page.get_by_role("img", name="Attached screenshot 1: chat-friday.png")
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumbnail.element_handle()
    )
    expect(page.get_by_role("button", name="Remove chat-friday.png")).to_be_visible()
    shot(page, "follow-up-kept-screenshots-phone")
    assert axe_problems(page, "follow-up-kept-screenshots-phone", artifacts) == []

    expect(page.get_by_label("Your message")).to_have_value(
        "They posted the same thing again on Friday."
    )
    page.get_by_role("button", name="Send to the school").click()
    expect(page.get_by_text("added to your concern")).to_be_visible()
    shot(page, "follow-up-kept-screenshots-phone-sent")

    event = CaseEvent.objects.get(case=report.case, kind=CaseEvent.Kind.REPORTER_UPDATE)
    assert event.text == "They posted the same thing again on Friday."
    names = list(Evidence.objects.filter(report=report).values_list("original_name", flat=True))
    assert names == ["chat-friday.png"]
    assert not KeptScreenshot.objects.exists()
