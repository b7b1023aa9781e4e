"""A member of staff writes to the reporter from the case page; the reporter reads it on their
phone through their follow-up link and replies with a screenshot; staff see the reply."""

import re

import pytest
from playwright.sync_api import expect

from incidents.models import Case, CaseEvent, Evidence
from incidents.tokens import token_hash
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import axe_problems
from tests.browser.test_kept_screenshots import chat_screenshot
from tests.factories import EvidenceFactory, ReportFactory

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "a-follow-up-token-for-the-browser-0123456789abcdef"


def test_a_reporter_reads_a_staff_message_on_a_phone_and_replies_with_a_screenshot(
    new_context, sign_in, shot, artifacts, school, slt, tmp_path
):
    report = ReportFactory(
        case__school=school,
        case__status=Case.Status.GATHERING_INFORMATION,
        token_hash=token_hash(TOKEN),
        reporter_name="Pat Parent",
        description="A parent posted insulting comments about my child's teacher.",
    )
    sent = chat_screenshot(tmp_path / "sent.png", ["She is useless", "Totally agree"])
    EvidenceFactory(
        case=report.case,
        report=report,
        added_by_reporter=True,
        thumbnail__from_path=str(sent),
        width=390,
        height=700,
    )

    staff = new_context().new_page()
    sign_in(staff, slt, next_url=report.case.get_absolute_url())
    staff.locator("details[data-menu=ask] summary").click()
    staff.get_by_role("link", name="Message the reporter").click()
    staff.get_by_role("link", name="We need more information").click()
    message = staff.get_by_label("Message")
    expect(message).to_have_value(
        "Thank you for raising this concern. To look into it properly we need more "
        "information. Could you please reply here with what happened, when, and a screenshot "
        "if you have one?"
    )
    message.fill("Thank you. Which day was this posted? A screenshot of the post would help.")
    shot(staff, "reporter-message-staff-form")
    staff.get_by_role("button", name="Send to the reporter").click()
    expect(staff.get_by_text("Message sent.")).to_be_visible()
    expect(staff.locator(".chronology")).to_contain_text("Message sent to the reporter")

    phone = new_context(**PHONE).new_page()
    phone.goto(f"/concern/{TOKEN}/")
    expect(phone.get_by_role("heading", name="What you sent")).to_be_visible()
    own = phone.get_by_role("img", name="Your screenshot")
    expect(own).to_have_count(1)
    assert own.evaluate("img => img.complete && img.naturalWidth > 0")
    expect(phone.locator(".from-school")).to_contain_text("Which day was this posted?")
    shot(phone, "reporter-message-phone-read")
    assert axe_problems(phone, "follow-up-with-messages", artifacts) == []

    phone.get_by_label("Your message").fill("It was Tuesday evening, about 9pm.")
    reply = chat_screenshot(tmp_path / "reply.png", ["Tuesday 21:04", "Someone sort her out"])
    phone.get_by_label("Screenshots (optional)").set_input_files([reply])
    phone.get_by_role("button", name="Send to the school").click()
    expect(phone.get_by_role("status")).to_contain_text("sent to the school")
    expect(phone.locator(".from-you")).to_contain_text("It was Tuesday evening")
    expect(phone.get_by_role("img", name="Your screenshot")).to_have_count(2)
    shot(phone, "reporter-message-phone-replied")
    assert axe_problems(phone, "follow-up-after-reply", artifacts) == []
    assert Evidence.objects.filter(report=report).count() == 2
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).exists()

    staff.reload()
    reports = staff.locator("section[aria-labelledby=reports-title]")
    expect(reports).to_contain_text("Sent to the reporter by")
    expect(reports).to_contain_text("From the reporter")
    expect(reports).to_contain_text("It was Tuesday evening, about 9pm.")
    reports.scroll_into_view_if_needed()
    shot(staff, "reporter-message-staff-sees-reply")


def test_closing_proposes_the_outcomes_message_and_keeps_what_staff_wrote(
    new_context, sign_in, shot, artifacts, school, head
):
    report = ReportFactory(
        case__school=school,
        case__status=Case.Status.GATHERING_INFORMATION,
        token_hash=token_hash(TOKEN),
    )
    page = new_context().new_page()
    close = f"/staff/cases/{report.case.reference}/do/close/"
    sign_in(page, head, next_url=close)
    message = page.get_by_label("Message to the reporter")
    expect(message).to_have_value("")
    page.get_by_label("Outcome").select_option(label="Unfounded")
    expect(message).to_have_value(re.compile(r"^We have looked into your concern carefully"))
    page.get_by_label("Outcome").select_option(label="Resolved")
    expect(message).to_have_value(re.compile(r"^We have finished looking into your concern"))
    message.fill("We have finished looking into this. Thank you for telling us.")
    page.get_by_label("Outcome").select_option(label="No further action")
    expect(message).to_have_value("We have finished looking into this. Thank you for telling us.")
    shot(page, "reporter-message-close-form")
    assert axe_problems(page, "close-with-reporter-message", artifacts) == []
    page.get_by_role("button", name="Close the case").click()
    expect(page.locator(".chronology")).to_contain_text("Message sent to the reporter")

    phone = new_context(**PHONE).new_page()
    phone.goto(f"/concern/{TOKEN}/")
    expect(phone.locator(".from-school")).to_contain_text("We have finished looking into this.")
    expect(phone.get_by_text("This concern is closed.")).to_be_visible()
