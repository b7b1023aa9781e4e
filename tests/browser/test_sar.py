"""A subject access request on a phone: SLT log it, confirm the case found for the requester
and mark it ready; the headteacher confirms it has been sent."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sar.models import SarMatch, SubjectAccessRequest
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import axe_problems
from tests.factories import ReportFactory, SubjectAccessRequestFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_slt_log_a_request_and_confirm_a_match_and_the_head_marks_it_sent(
    new_context, sign_in, shot, artifacts, school, slt, head
):
    theirs = ReportFactory(
        case__school=school, reporter_name="R. Example", reporter_phone="+44 7700 900123"
    )
    ReportFactory(case__school=school, reporter_name="Someone Else", reporter_phone="07700 900999")
    received = timezone.localdate() - datetime.timedelta(days=3)
    page = new_context(**PHONE).new_page()
    sign_in(page, slt, next_url="/staff/sar/")
    expect(page.get_by_text("No subject access requests have been logged")).to_be_visible()
    shot(page, "sar-empty-phone")
    page.get_by_role("link", name="Log a request").click()
    page.get_by_label("Requester's name").fill("Rita Example")
    page.get_by_label("Requester's phone").fill("07700 900123")
    page.get_by_label("Received on").fill(received.isoformat())
    page.get_by_label("How it arrived").select_option("letter")
    page.get_by_label("How identity was verified").fill("Seen at reception with a passport.")
    shot(page, "sar-log-phone")
    page.get_by_role("button", name="Log the request").click()
    expect(page.get_by_role("heading", name="Request from Rita Example")).to_be_visible()
    match = page.locator(".sar-match", has_text=theirs.case.reference)
    expect(match).to_contain_text("reporter: phone")
    expect(page.locator(".sar-match")).to_have_count(1)
    shot(page, "sar-found-phone")
    assert axe_problems(page, "sar-detail", artifacts) == []
    match.get_by_role("button", name="Confirm").click()
    expect(match).to_contain_text("Confirmed")
    page.get_by_role("button", name="Mark ready for review").click()
    expect(page.get_by_text("Produce the disclosure of each confirmed case")).to_be_visible()
    match = page.locator(".sar-match", has_text=theirs.case.reference)
    match.get_by_role("button", name="Prepare the disclosure").click()
    expect(page.get_by_role("heading", name="Review the disclosure")).to_be_visible()
    page.get_by_role("button", name="Confirm the suggested redactions").click()

    sar = SubjectAccessRequest.objects.get()
    page = new_context(**PHONE).new_page()
    sign_in(page, head, next_url=sar.get_absolute_url())
    page.get_by_role("link", name="Review the redactions").click()
    page.get_by_role("button", name="Produce the redacted PDF").click()
    page.goto(sar.get_absolute_url())
    match = page.locator(".sar-match", has_text=theirs.case.reference)
    expect(match).to_contain_text("PDF produced")
    expect(match.get_by_role("link", name="Download the PDF")).to_be_visible()
    match.get_by_text("Redaction log").click()
    expect(match).to_contain_text("Suggestions confirmed")
    shot(page, "sar-disclosure-produced-phone")
    page.get_by_role("button", name="Mark ready for review").click()
    expect(page.get_by_text("Ready for review", exact=True).first).to_be_visible()
    shot(page, "sar-ready-phone")
    page.get_by_role("link", name="Mark as sent…").click()
    expect(page.get_by_role("heading", name="Mark the request as sent?")).to_be_visible()
    shot(page, "sar-confirm-sent-phone")
    page.get_by_role("button", name="Yes, it has been sent").click()
    expect(page.get_by_text("History")).to_be_visible()
    shot(page, "sar-sent-phone")
    sar.refresh_from_db()
    assert sar.state == SubjectAccessRequest.State.SENT
    assert sar.matches.get().decision == SarMatch.Decision.CONFIRMED


def test_the_dashboard_lists_a_request_due_within_the_week(
    new_context, sign_in, shot, artifacts, school, head
):
    SubjectAccessRequestFactory(
        school=school,
        requester_name="Sam Late",
        received_on=timezone.localdate() - datetime.timedelta(days=40),
    )
    due = SubjectAccessRequestFactory(
        school=school,
        requester_name="Rita Example",
        received_on=timezone.localdate() - datetime.timedelta(days=27),
    )
    page = new_context(**PHONE).new_page()
    sign_in(page, head, next_url="/staff/")
    panel = page.get_by_role("region", name="Subject access requests due within a week")
    expect(panel.get_by_role("link", name="Rita Example")).to_be_visible()
    expect(panel.get_by_role("listitem").filter(has_text="Sam Late")).to_contain_text(
        "Overdue was due"
    )
    panel.scroll_into_view_if_needed()
    shot(page, "sar-dashboard-phone")
    assert axe_problems(page, "sar-dashboard", artifacts) == []
    panel.get_by_role("link", name="Rita Example").click()
    expect(page).to_have_url(re.compile(f"{due.get_absolute_url()}$"))
