"""The headteacher's queue in a real browser: the headteacher clears it (approves a proposal,
then the letter it drafted, then sends the letter); SLT send a draft letter for approval and
see it waiting. Screenshots of each step go to artifacts/browser/."""

import re

import pytest
from playwright.sync_api import expect

from incidents.models import Case, CaseEvent, Notification
from letters.models import Kind, Letter
from letters.services.drafting import letter_draft
from tests.browser.conftest import PHONE
from tests.factories import CaseFactory, EscalationRequestFactory, ParentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def case(school):
    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)
    case.parents.add(
        ParentFactory(
            school=school,
            full_name="Robin Example",
            email="robin@example.org",
            postal_address="1 Any Street\nExampleton",
        )
    )
    case.breach_categories.add(school.codes.get().breach_categories.get(key="abusive-comments"))
    return case


def test_the_headteacher_clears_the_queue(page, sign_in, shot, case, slt, head):
    EscalationRequestFactory(
        case=case, requested_by=slt, reason="Personal comments about a teacher."
    )
    reference = case.reference
    sign_in(page, head)
    waiting = page.get_by_role("region", name="Waiting for you")
    expect(waiting.get_by_text("Escalation")).to_be_visible()
    shot(page, "queue-01-head-dashboard")

    page.get_by_role("link", name="Approvals").click()
    expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
    expect(page.get_by_text("Waiting since today")).to_be_visible()
    shot(page, "queue-02-head-queue-proposal")
    page.get_by_role("link", name=f"Decide on {reference}").click()
    page.get_by_role("radio", name="Approve").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status")).to_have_text(f"{reference}: escalation approved.")

    # The approval drafted the warning letter, which now waits for the headteacher.
    expect(page.get_by_text("Letter to approve")).to_be_visible()
    shot(page, "queue-03-head-queue-letter-to-approve")
    page.get_by_role("link", name=re.compile(f"Read and approve .* on {reference}")).click()
    page.wait_for_url(re.compile(r"/staff/letters/\d+/$"))
    page.get_by_role("link", name="Approve", exact=True).click()
    page.get_by_role("button", name="Approve this letter").click()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()

    page.get_by_role("link", name="Approvals").click()
    expect(page.get_by_text("Letter to send")).to_be_visible()
    shot(page, "queue-04-head-queue-letter-to-send")
    page.get_by_role("link", name=re.compile(f"Send .* on {reference}")).click()
    page.get_by_label("Printed for post").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("status").first).to_contain_text("Marked as printed for post.")

    page.get_by_role("link", name="Approvals").click()
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()
    shot(page, "queue-05-head-queue-empty")
    letter = Letter.objects.get(case=case)
    assert (letter.status, letter.delivery) == (Letter.Status.SENT, Letter.Delivery.POST)
    case.refresh_from_db()
    assert case.status == Case.Status.WARNING_LETTER


def test_slt_send_a_draft_for_approval(new_context, sign_in, shot, case, slt, head):
    letter = letter_draft(case=case, kind=Kind.WARNING, by=slt, parent=case.parents.get())
    page = sign_in(new_context().new_page(), slt)
    page.goto(case.get_absolute_url())
    page.get_by_role("region", name="Letters").get_by_role("link", name=letter.title).click()
    page.get_by_role("link", name="Send to the headteacher for approval").click()
    shot(page, "queue-06-slt-confirm-send-for-approval")
    page.get_by_role("button", name="Send to the headteacher for approval").click()
    expect(page.get_by_text("Sent to the headteacher for approval.")).to_be_visible()
    expect(page.get_by_text("Waiting for the headteacher's approval since")).to_be_visible()
    shot(page, "queue-07-slt-letter-awaiting-approval")

    page.get_by_role("link", name="Dashboard").click()
    mine = page.get_by_role("region", name="Waiting for the headteacher")
    expect(mine.get_by_text("Letter to approve")).to_be_visible()
    expect(mine.get_by_role("link", name=case.reference, exact=True)).to_be_visible()
    expect(mine.get_by_text("Sent by you")).to_be_visible()
    expect(mine.get_by_role("link", name=re.compile("approve"))).to_have_count(0)
    shot(page, "queue-08-slt-dashboard-waiting")

    assert CaseEvent.objects.filter(case=case, data__step="approval_requested").count() == 1
    told = Notification.objects.filter(kind=Notification.Kind.LETTER_APPROVAL)
    assert list(told.values_list("recipient", flat=True)) == [head.email]

    head_page = sign_in(new_context().new_page(), head)
    waiting = head_page.get_by_role("region", name="Waiting for you")
    expect(waiting.get_by_role("link", name=case.reference, exact=True)).to_be_visible()
    expect(waiting.get_by_text("Sent for approval by")).to_be_visible()
    shot(head_page, "queue-09-head-dashboard-letter-waiting")


def test_the_demo_headteacher_finds_the_queue_populated(new_context, sign_in, shot, settings):
    """What `make run` shows a newcomer (README screenshot: docs/screenshots/)."""
    import io

    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from tests.browser.conftest import PASSWORD

    settings.DEMO_PASSWORD = PASSWORD
    call_command("seed_demo", "--walkthrough", stdout=io.StringIO())
    head = get_user_model().objects.get(username="joy-lane-head")
    page = sign_in(new_context().new_page(), head)
    waiting = page.get_by_role("region", name="Waiting for you")
    expect(waiting.get_by_text("Letter to approve")).to_be_visible()
    shot(page, "queue-10-demo-head-dashboard")
    page.get_by_role("link", name="Approvals").click()
    for kind in ("Escalation", "Letter to approve", "Site ban"):
        expect(page.get_by_text(kind, exact=True)).to_be_visible()
    shot(page, "queue-11-demo-head-queue")

    page.set_viewport_size(PHONE["viewport"])  # the same session, on a phone-sized screen
    page.reload()
    expect(page.get_by_text("Letter to approve")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], width  # nothing runs off the side
    shot(page, "queue-12-demo-head-queue-phone")
