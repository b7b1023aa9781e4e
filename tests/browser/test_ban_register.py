"""The school office's ban register on a desktop and a phone: who, how to recognise them, the
conditions and the dates, and the link to print it."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from incidents.models import SiteBan
from tests.browser.conftest import PHONE
from tests.factories import SiteBanFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_register_shows_who_to_look_out_for_and_what_they_may_do(
    new_context, sign_in, shot, school, slt, device
):
    today = timezone.localdate()
    SiteBanFactory(
        case__school=school,
        parent__full_name="Jordan Example",
        description="Tall, grey hooded coat, usually with a black spaniel.",
        conditions="May drop off at the gate but not enter the playground.",
        state=SiteBan.State.CONFIRMED,
        review_on=today + datetime.timedelta(days=40),
    )
    SiteBanFactory(
        case__school=school,
        parent__full_name="Alex Sample",
        description="Drives a green van; parks by the north gate.",
        conditions="Contact through the office only.",
    )
    page = new_context(**(PHONE if device == "phone" else {})).new_page()
    sign_in(page, slt, next_url="/staff/bans/")
    expect(page.get_by_role("heading", name="Site-ban register")).to_be_visible()
    expect(page.get_by_role("cell", name="Jordan Example")).to_be_visible()
    expect(page.get_by_role("cell", name="black spaniel", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Print for the office (PDF)")).to_be_visible()
    shot(page, f"ban-register-{device}")
