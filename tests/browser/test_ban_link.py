"""A parent makes representations about an intended ban on their phone, at the private link
the notice carried: they see what the letter said, write, attach a photo of a document, and are
told it was received; the headteacher sees it on the decision page."""

import datetime
import re

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from incidents.models import Case, CaseEvent
from incidents.services.site_bans import site_ban_intend
from letters.models import Kind
from letters.services.drafting import letter_approve
from tests.browser.conftest import PHONE
from tests.factories import CaseFactory, ParentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _photo(tmp_path):
    path = tmp_path / "doctors-note.jpg"
    image = Image.new("RGB", (300, 400), "#fafafa")
    draw = ImageDraw.Draw(image)
    for top in range(40, 360, 24):
        draw.line((30, top, 270, top), fill="#555555", width=2)
    image.save(path, "JPEG")
    return path


def test_parent_makes_representations_at_the_link_on_a_phone(
    new_context, sign_in, shot, school, head, tmp_path
):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    case.parents.add(ParentFactory(school=school, full_name="Sam Example"))
    today = timezone.localdate()
    ban = site_ban_intend(
        case=case,
        by=head,
        parent=case.parents.get(),
        reasons="Threatening the class teacher at the gate on 2 November.",
        conditions="You may collect your children from the office by arrangement.",
        rules_breached=[school.codes.get().breach_categories.last()],
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=180),
        review_on=today + datetime.timedelta(days=90),
    )
    notice = ban.letters.get(kind=Kind.SITE_BAN_INTENDED)
    notice.body += "\n\nOr make them online: {{ representation_url }}"
    notice.save(update_fields=["body"])
    letter_approve(letter=notice, by=head)
    notice.refresh_from_db()
    path = re.search(r"/ban/[A-Za-z0-9_-]{43}/", notice.html).group(0)

    page = new_context(**PHONE).new_page()
    page.goto(path)
    expect(page.get_by_role("heading", name="What the letter said")).to_be_visible()
    expect(page.get_by_text("Threatening the class teacher at the gate")).to_be_visible()
    expect(page.get_by_text("collect your children from the office")).to_be_visible()
    shot(page, "ban-link-phone")
    page.get_by_label("Your representations").fill(
        "I was at the gate to collect my son and I did not threaten anyone. "
        "A photo of my doctor's note is attached."
    )
    page.get_by_label("Documents or screenshots").set_input_files(_photo(tmp_path))
    page.get_by_role("button", name="Send my representations").click()
    expect(page.get_by_role("status")).to_contain_text("received by the school")
    shot(page, "ban-link-phone-sent")
    event = CaseEvent.objects.get(case=case, data__step="representations")
    assert event.data["method"] == "online" and len(event.data["evidence"]) == 1

    staff = new_context().new_page()
    sign_in(staff, head, next_url=f"/staff/cases/{case.reference}/site-ban/{ban.pk}/decision/")
    expect(staff.get_by_text("Online, through the letter's private link")).to_be_visible()
    shot(staff, "ban-link-decision-page")
