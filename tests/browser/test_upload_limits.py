"""A parent on a phone who chooses too much: the budget's form error, and the 413 page."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import imagefiles
from tests.browser.conftest import PHONE
from tests.factories import MessagingGroupFactory

pytestmark = pytest.mark.django_db(transaction=True)

WHAT_HAPPENED = "A parent posted insulting comments about my child's teacher in the class group."


def fill_in(page, school, pictures):
    page.goto(f"/s/{school.slug}/concern/")
    page.get_by_label("Which group was it in?").select_option(label="Year 3 parents")
    happened = timezone.localdate() - datetime.timedelta(days=2)
    page.get_by_label("When did it happen?").fill(happened.isoformat())
    page.get_by_label("What happened?").fill(WHAT_HAPPENED)
    page.get_by_role("group", name="Do you think a child is at risk?").get_by_label("No").check()
    page.get_by_label("Screenshots", exact=True).set_input_files(pictures)
    page.get_by_label("The information I have given is true").check()
    page.get_by_role("button", name="Send my concern").tap()


def files(tmp_path, uploads):
    paths = []
    for upload in uploads:
        path = tmp_path / upload.name
        path.write_bytes(upload.read())
        paths.append(path)
    return paths


def test_pictures_over_the_budget_get_a_form_error_and_the_text_stays(
    new_context, shot, school, settings, tmp_path
):
    MessagingGroupFactory(school=school, name="Year 3 parents")
    settings.UPLOAD_BUDGET_MEGAPIXELS = 1
    page = new_context(**PHONE).new_page()
    pictures = files(tmp_path, [imagefiles.png(f"shot-{n}.png", (640, 480)) for n in range(4)])
    fill_in(page, school, pictures)
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("more than we can take in one go")
    expect(page.get_by_label("What happened?")).to_have_value(WHAT_HAPPENED)
    shot(page, "uploads-over-budget-phone")


def test_an_over_size_request_gets_the_413_page(new_context, shot, school, settings, tmp_path):
    MessagingGroupFactory(school=school, name="Year 3 parents")
    settings.PUBLIC_MAX_BODY_MB = 1
    page = new_context(**PHONE).new_page()
    fill_in(page, school, files(tmp_path, [imagefiles.oversized("big.png", nbytes=1_500_000)]))
    expect(page.get_by_role("heading", name="Too much to send at once")).to_be_visible()
    shot(page, "uploads-413-phone")
