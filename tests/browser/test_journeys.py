"""The main journey in a real browser: a parent on a phone raises a concern with a screenshot;
SLT triage it and propose a warning letter; the headteacher approves the escalation and the
letter, whose PDF is generated and downloaded; the bursar exports the case records as CSV.

Each person uses their own browser context (their own cookies), as they would their own
device. Screenshots of each step go to artifacts/browser/.
"""

import datetime
import re

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from incidents.models import Case
from letters.models import Letter
from tests.browser.conftest import PHONE
from tests.factories import MessagingGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)

GROUP = "Year 3 parents"
PERSON = "Alex Example"


@pytest.fixture
def screenshot_png(tmp_path):
    """A small PNG drawn like a phone screenshot of a group chat."""
    path = tmp_path / "chat-screenshot.png"
    image = Image.new("RGB", (240, 320), "#ece5dd")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 240, 36), fill="#075e54")
    draw.text((12, 12), "Year 3 parents", fill="#ffffff")
    for top, left, colour in [(52, 12, "#ffffff"), (112, 60, "#dcf8c6"), (172, 12, "#ffffff")]:
        draw.rounded_rectangle((left, top, left + 168, top + 44), radius=8, fill=colour)
        draw.text((left + 10, top + 16), "A message in the group", fill="#111111")
    image.save(path, "PNG")
    return path


def raise_concern(page, school, screenshot_png, shot) -> str:
    """(a) The parent, on a phone, fills in the form, attaches a screenshot and sends it."""
    page.goto(f"/s/{school.slug}/concern/")
    expect(page.get_by_role("heading", name="Raise a concern in confidence")).to_be_visible()
    page.get_by_label("Your name").fill("Sam Reporter")
    page.get_by_label("Your e-mail address").fill("sam.reporter@example.org")
    page.get_by_label("Which group was it in?").select_option(label=GROUP)
    happened = timezone.localdate() - datetime.timedelta(days=2)
    page.get_by_label("When did it happen?").fill(happened.isoformat())
    page.get_by_label("Abusive or personal comments").check()
    page.get_by_label("What happened?").fill(
        "A parent posted insulting comments about my child's teacher in the class group."
    )
    page.get_by_label("Who posted it?").fill(PERSON)
    page.get_by_role("group", name="Do you think a child is at risk?").get_by_label("No").check()
    page.get_by_label("Screenshots", exact=True).set_input_files(screenshot_png)
    page.get_by_label("The information I have given is true").check()
    shot(page, "01-parent-concern-form-phone-full")
    page.evaluate("window.scrollTo(0, 0)")
    shot(page, "01-parent-concern-form-phone", full_page=False)
    page.get_by_role("button", name="Send my concern").tap()

    page.wait_for_url(f"**/s/{school.slug}/concern/received/")
    expect(page.get_by_role("heading", name="Your concern has been sent")).to_be_visible()
    reference = page.locator(".reference").inner_text().strip()
    assert re.fullmatch(r"OF-\d{4}-\d{4}", reference), reference
    expect(page.locator("#follow-up-link")).to_have_attribute("href", re.compile(r"/concern/"))
    shot(page, "02-parent-concern-received-phone")
    return reference


def triage_and_propose(page, reference, shot):
    """(b) SLT accept the concern, link the parent, set the categories, propose a letter."""
    page.get_by_role("link", name=reference).first.click()
    page.wait_for_url(f"**/staff/cases/{reference}/")
    expect(page.locator(".case-status")).to_have_text("Reported")
    expect(page.get_by_role("img", name=re.compile("Screenshot 1"))).to_be_visible()
    shot(page, "03-slt-case-reported")

    page.get_by_role("link", name="Accept for triage").click()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".case-status")).to_have_text("Gathering information")

    page.get_by_role("link", name="Link the parent concerned").click()
    expect(page.get_by_label("New parent's name")).to_have_value(PERSON)
    page.get_by_label("New parent's e-mail").fill("alex.example@example.org")
    page.get_by_label("Year group(s) of their children").fill("Year 3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text(f"{PERSON} (Year 3)")).to_be_visible()

    # The concern came with its categories, so setting them is no longer a next step: it is
    # in the Record menu.
    page.locator("summary", has_text="Record").click()
    page.get_by_role("link", name="Set breach categories").click()
    page.get_by_label("Abusive or personal comments").check()
    page.get_by_role("button", name="Save").click()
    summary = page.get_by_role("region", name="Summary")
    expect(summary).to_contain_text("Abusive or personal comments")

    # Proposing is in the Escalate menu (a <details>): open it first, as staff would.
    page.locator("summary", has_text="Escalate").click()
    page.get_by_role("link", name="Propose an escalation").click()
    page.get_by_label("Proposed step").select_option(label="Warning letter")
    page.get_by_label("Reason").fill("Personal comments about a teacher; a first breach.")
    page.get_by_role("button", name="Send to the headteacher").click()
    page.wait_for_url(f"**/staff/cases/{reference}/")
    expect(page.get_by_role("region", name="Escalations")).to_contain_text("Warning letter")
    shot(page, "04-slt-case-page")


def approve_escalation_and_letter(page, reference, shot) -> bytes:
    """(c) The headteacher approves the proposal, then the drafted letter; the PDF appears."""
    page.get_by_role("link", name="Approvals").click()
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    page.get_by_role("link", name=f"Decide on {reference}").click()
    page.get_by_role("radio", name="Approve").check()
    shot(page, "05-head-decide-escalation")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_have_text(f"{reference}: escalation approved.")
    # The letter the approval drafted now waits for the headteacher instead.
    expect(page.get_by_text("Letter to approve")).to_be_visible()

    page.get_by_role("link", name="Cases", exact=True).click()
    page.get_by_role("link", name=reference).click()
    expect(page.locator(".case-status")).to_have_text("Warning letter")
    letters = page.get_by_role("region", name="Letters")
    expect(letters.get_by_text("Draft", exact=True)).to_be_visible()
    letters.get_by_role("listitem").get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/staff/letters/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Draft")
    shot(page, "06-head-letter-draft")

    page.get_by_role("link", name="Approve", exact=True).click()
    page.get_by_role("button", name="Approve this letter").click()
    download_link = page.get_by_role("link", name="Download the PDF")
    expect(download_link).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Approved")
    shot(page, "07-head-letter-approved")
    with page.expect_download() as download:
        download_link.click()
    return download.value.path().read_bytes()


def export_csv(page, shot) -> str:
    """(d) The bursar exports the school's case records as CSV."""
    page.get_by_role("link", name="Exports").click()
    expect(page.get_by_role("heading", name="Export case records")).to_be_visible()
    page.get_by_label("CSV").check()
    shot(page, "08-bursar-exports")
    with page.expect_download() as download:
        page.get_by_role("button", name="Export").click()
    assert download.value.suggested_filename.endswith(".csv")
    return download.value.path().read_text(encoding="utf-8-sig")


def test_concern_to_warning_letter_to_export(
    new_context, sign_in, shot, school, slt, head, bursar, screenshot_png
):
    MessagingGroupFactory(school=school, name=GROUP)

    parent = new_context(**PHONE).new_page()
    reference = raise_concern(parent, school, screenshot_png, shot)
    case = Case.objects.get(reference=reference)
    assert case.evidence.count() == 1

    staff = sign_in(new_context().new_page(), slt)
    triage_and_propose(staff, reference, shot)

    headteacher = sign_in(new_context().new_page(), head)
    pdf = approve_escalation_and_letter(headteacher, reference, shot)
    assert pdf.startswith(b"%PDF")
    letter = Letter.objects.get(case=case)
    assert letter.status == Letter.Status.APPROVED
    assert letter.recipient_name == PERSON

    bursar_page = sign_in(new_context().new_page(), bursar)
    exported = export_csv(bursar_page, shot)
    header, *rows = exported.splitlines()
    assert header.startswith("Reference,")
    assert any(row.startswith(f"{reference},") for row in rows)
    assert "insulting" not in exported  # report descriptions are never exported
