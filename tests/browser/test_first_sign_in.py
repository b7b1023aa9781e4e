"""First sign-in in a real browser, on a phone: an account given a temporary password chooses
its own, then sets up an authenticator app from the key on the page and keeps the backup codes.
Screenshots of each step go to artifacts/browser/."""

import base64
import re

import pytest
from django_otp.oath import totp
from playwright.sync_api import expect

from policies.models import Membership
from tests.browser.conftest import PASSWORD, PHONE
from tests.factories import MembershipFactory, StaffProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "a-new-and-long-passphrase-7"


def test_first_sign_in_with_a_temporary_password(new_context, school, shot):
    user = MembershipFactory(school=school, role=Membership.Role.SLT, user__username="new-slt").user
    StaffProfileFactory(user=user, must_change_password=True)
    page = new_context(**PHONE).new_page()

    page.goto("/accounts/login/?next=/staff/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Choose your own password")).to_be_visible()
    shot(page, "first-sign-in-1-choose-password")
    page.get_by_label("Temporary password").fill(PASSWORD)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()

    expect(page.get_by_role("heading", name="Set up two-step sign-in")).to_be_visible()
    shot(page, "first-sign-in-2-enrol")
    secret = page.locator(".secret-key").inner_text()
    page.get_by_label("Code").fill(f"{totp(base64.b32decode(secret)):06d}")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", name="Two-step sign-in is set up")).to_be_visible()
    expect(page.locator(".backup-codes li")).to_have_count(10)
    shot(page, "first-sign-in-3-backup-codes")
    page.get_by_role("link", name="I have saved them — continue").click()
    page.wait_for_url("**/staff/")
    page.get_by_role("button", name="Menu").click()
    expect(page.locator("#staff-nav")).to_have_class(re.compile(r"\bshow\b"))
    page.locator("header summary", has_text="Account of").click()
    expect(page.get_by_role("link", name="Change password")).to_be_visible()
    shot(page, "first-sign-in-4-dashboard")
