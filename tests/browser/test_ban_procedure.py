"""The whole site-ban procedure, as the headteacher and the parent live it: the ban is recorded
as intended, its notice approved with the parent's private link, the parent makes
representations at the link on a phone with a screenshot, the headteacher decides with them on
screen, the confirmation letter is drafted in its own words, the ban is reviewed on its review
date and ends by itself after its end date. The clock is moved as the days pass."""

import datetime
import io
import re

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from pypdf import PdfReader

from incidents.models import Case, CaseEvent, Notification, SiteBan
from incidents.services.reminders import reminders_due, reminders_plan
from incidents.tasks import move_site_bans_on
from letters.models import Kind, Letter
from policies.schooldays import representation_deadline
from tests.browser.conftest import PHONE
from tests.factories import CaseFactory, EvidenceFactory, ParentFactory, ReportFactory

pytestmark = pytest.mark.django_db(transaction=True)

INTERNAL = "Governors briefed by phone; police log 4471."
REASONS_TO_PARENT = "Your representations do not explain the messages sent on 2 November."


def _screenshot(tmp_path):
    """A phone screenshot of a chat, as a parent would attach one."""
    path = tmp_path / "chat.png"
    image = Image.new("RGB", (390, 700), "#ece5dd")
    draw = ImageDraw.Draw(image)
    for n, top in enumerate(range(30, 650, 70)):
        left = 20 if n % 2 else 120
        draw.rounded_rectangle((left, top, left + 250, top + 50), 12, fill="#ffffff")
    image.save(path, "PNG")
    return path


def _pdf_text(letter: Letter, artifacts) -> str:
    """The letter's PDF as text; the PDF is kept beside the screenshots, to look at."""
    letter.render.refresh_from_db()
    with default_storage.open(letter.render.pdf.name, "rb") as f:
        pdf = f.read()
    (artifacts / f"ban-procedure-{letter.kind}.pdf").write_bytes(pdf)
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def clock(monkeypatch):
    """clock(day) makes `day` today for the site and the periodic task (same process)."""
    real = timezone.localdate

    def set_today(day: datetime.date):
        monkeypatch.setattr(
            timezone, "localdate", lambda value=None, tz=None: real(value, tz) if value else day
        )

    return set_today


def register_group(page, heading: str):
    """The table (or empty message) under one of the register's headings."""
    return page.get_by_role("heading", name=heading).locator(
        "xpath=following-sibling::*[not(self::p[contains(@class, 'small')])][1]"
    )


def approve(page, letter: Letter, shot, name: str):
    page.goto(f"/staff/letters/{letter.pk}/")
    expect(page.get_by_role("heading", name=letter.title)).to_be_visible()
    page.get_by_role("link", name="Approve").click()
    page.get_by_role("button", name="Approve this letter").click()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    shot(page, name)
    letter.refresh_from_db()
    assert letter.status == Letter.Status.APPROVED


def test_the_whole_site_ban_procedure(
    new_context, sign_in, shot, artifacts, school, head, slt, tmp_path, clock
):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    case.parents.add(
        ParentFactory(
            school=school,
            full_name="Sam Example",
            email="s@example.org",
            postal_address="1 Any Street\nExampleton",
        )
    )
    report = ReportFactory(case=case, school=school, reporter_name="Robin Reporter")
    EvidenceFactory(case=case, report=report)
    today = timezone.localdate()
    deadline = representation_deadline(today, school=school)
    starts = deadline + datetime.timedelta(days=3)
    review = starts + datetime.timedelta(days=60)
    ends = starts + datetime.timedelta(days=120)

    # 1. The headteacher records the intended ban.
    staff = new_context().new_page()
    sign_in(staff, head, next_url=f"/staff/cases/{case.reference}/site-ban/")
    staff.locator("#id_parent").select_option(label="Sam Example")
    staff.locator("#id_reasons").fill(
        "On 2 November you sent the class teacher messages threatening to wait for her at the "
        "school gate."
    )
    staff.get_by_label("Threatening behaviour").check()
    staff.locator("#id_conditions").fill(
        "Your children may be dropped off and collected at the main gate by another adult.\n"
        "Contact the school through the office only."
    )
    staff.locator("#id_description").fill("Tall; grey hooded coat; usually with a black dog.")
    staff.locator("#id_starts_on").fill(starts.isoformat())
    staff.locator("#id_ends_on").fill(ends.isoformat())
    staff.locator("#id_review_on").fill(review.isoformat())
    shot(staff, "ban-procedure-1-intend")
    staff.get_by_role("button", name="Save").click()
    staff.wait_for_url(f"**/staff/cases/{case.reference}/")
    ban = SiteBan.objects.get(case=case)
    assert (ban.state, ban.representation_deadline) == (SiteBan.State.INTENDED, deadline)
    shot(staff, "ban-procedure-1-case-page")

    # 2. The notice is approved and carries the parent's private link.
    notice = ban.letters.get(kind=Kind.SITE_BAN_INTENDED)
    approve(staff, notice, shot, "ban-procedure-2-notice-approved")
    path = re.search(r"/ban/[A-Za-z0-9_-]{43}/", notice.html).group(0)
    assert path in "".join(_pdf_text(notice, artifacts).split())
    staff.get_by_label("Printed for post").check()
    staff.get_by_role("button", name="Send").click()
    expect(staff.get_by_text("Sent", exact=True)).to_be_visible()
    notice.refresh_from_db()
    assert notice.status == Letter.Status.SENT
    preview = staff.frame_locator("iframe.letter-preview")
    expect(preview.get_by_text("private link: printed only in the letter")).to_be_visible()
    assert path not in staff.content()
    assert path not in preview.locator("body").inner_html()
    shot(staff, "ban-procedure-2-notice-sent")

    # 3. The parent opens the link on a phone and makes representations with a screenshot.
    parent = new_context(**PHONE).new_page()
    parent.goto(path)
    expect(parent.get_by_role("heading", name="What the letter said")).to_be_visible()
    expect(parent.get_by_text("threatening to wait for her")).to_be_visible()
    expect(parent.get_by_text("Contact the school through the office only.")).to_be_visible()
    for secret in ("Robin Reporter", "grey hooded coat", case.reference):
        assert secret not in parent.content()
    shot(parent, "ban-procedure-3-parent-link")
    parent.get_by_label("Your representations").fill(
        "I was angry and wrote things I regret, but I never went to the gate. The screenshot "
        "shows my apology to the teacher the next morning."
    )
    parent.get_by_label("Documents or screenshots").set_input_files(_screenshot(tmp_path))
    parent.get_by_role("button", name="Send my representations").click()
    expect(parent.get_by_role("status")).to_contain_text("received by the school")
    shot(parent, "ban-procedure-3-parent-acknowledged")
    told = Notification.objects.get(kind=Notification.Kind.REPRESENTATIONS_ONLINE)
    assert told.recipient == head.email

    # 4. The headteacher decides with the representation on screen.
    staff.goto(f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/")
    expect(staff.get_by_text("I never went to the gate")).to_be_visible()
    expect(staff.get_by_text("Online, through the letter's private link")).to_be_visible()
    expect(staff.get_by_role("img", name="Attachment 1")).to_be_visible()
    staff.get_by_label("Confirm the ban").check()
    staff.get_by_label("Reasons given to the parent").fill(REASONS_TO_PARENT)
    staff.get_by_label("Internal note (optional)").fill(INTERNAL)
    staff.get_by_label("Review date (when confirming)").fill(review.isoformat())
    shot(staff, "ban-procedure-4-decision")
    staff.get_by_role("button", name="Save").click()
    staff.wait_for_url(f"**/staff/cases/{case.reference}/")
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.CONFIRMED
    assert CaseEvent.objects.filter(case=case, data__ban=ban.pk, data__step="confirm").exists()

    # 5. The confirmation letter, in its own words, without the internal note.
    confirmed = ban.letters.get(kind=Kind.SITE_BAN_DECISION)
    approve(staff, confirmed, shot, "ban-procedure-5-confirmed-letter")
    letter_text = " ".join(_pdf_text(confirmed, artifacts).split())
    assert "decided to confirm the ban" in letter_text and REASONS_TO_PARENT in letter_text
    assert "Governors briefed" not in letter_text and "4471" not in letter_text
    assert "has decided: confirmed." not in letter_text
    staff.goto("/staff/bans/")
    expect(register_group(staff, "Starting later")).to_contain_text("Sam Example")
    expect(register_group(staff, "In force today")).to_contain_text("No ban is in force today.")
    shot(staff, "ban-procedure-5-register-starting-later")
    parent.goto(path)
    expect(parent.get_by_text(REASONS_TO_PARENT)).to_be_visible()
    assert "Send my representations" not in parent.content() and "4471" not in parent.content()
    shot(parent, "ban-procedure-5-parent-sees-decision")

    # 6. On the review date the review is in the headteacher's queue; she records its outcome.
    clock(review)
    assert move_site_bans_on() == [1, 0]
    due = [d for d in reminders_due() if d.kind == Notification.Kind.BAN_REVIEW_DUE]
    assert [(d.subject_key, d.recipients) for d in due] == [(f"ban:{ban.pk}", [head.email])]
    staff.goto("/staff/")
    queue = staff.locator("section", has=staff.get_by_role("heading", name="Site bans needing"))
    expect(queue).to_contain_text("Sam Example")
    expect(queue).to_contain_text("under review")
    shot(staff, "ban-procedure-6-queue")
    staff.goto("/staff/bans/")
    expect(register_group(staff, "In force today")).to_contain_text("Sam Example")
    expect(register_group(staff, "In force today")).to_contain_text("grey hooded coat")
    shot(staff, "ban-procedure-6-register-in-force")
    staff.goto(f"/staff/cases/{case.reference}/site-ban/{ban.pk}/review/")
    staff.get_by_label("The ban continues to its end date").check()
    staff.get_by_label("Reasons for the outcome").fill(
        "There has been no further contact, but the ban runs its course."
    )
    shot(staff, "ban-procedure-6-review")
    staff.get_by_role("button", name="Save").click()
    staff.wait_for_url(f"**/staff/cases/{case.reference}/")
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.CONFIRMED
    reviewed = ban.letters.get(kind=Kind.BAN_REVIEW)
    approve(staff, reviewed, shot, "ban-procedure-6-review-letter")
    letter_text = " ".join(_pdf_text(reviewed, artifacts).split())
    assert f"the ban continues until {ends:%-d %B %Y}" in letter_text
    assert "no further contact" in letter_text and "4471" not in letter_text
    parent.goto(path)
    expect(parent.get_by_text("no further contact")).to_be_visible()
    shot(parent, "ban-procedure-6-parent-sees-review")

    # 7. After its end date the periodic task ends the ban; it never needs action again.
    clock(ends + datetime.timedelta(days=1))
    assert move_site_bans_on() == [0, 1]
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.ENDED
    ended = CaseEvent.objects.get(case=case, data__ban=ban.pk, data__step=SiteBan.State.ENDED)
    assert "ended on" in ended.text
    reminders_plan()
    assert slt.email in Notification.objects.filter(kind=Notification.Kind.BAN_ENDED).values_list(
        "recipient", flat=True
    )
    staff.goto("/staff/")
    expect(staff.get_by_text("No bans need a decision or review.")).to_be_visible()
    staff.goto("/staff/bans/")
    assert "Sam Example" not in staff.content()
    staff.goto(f"/staff/cases/{case.reference}/")
    expect(staff.get_by_text("ended on", exact=False).first).to_be_visible()
    shot(staff, "ban-procedure-7-ended")
