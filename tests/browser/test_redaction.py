"""Redaction in the browser: the headteacher draws a rectangle on a screenshot on the
disclosure's review screen, produces the PDF, and the box is black in the PDF's image."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw
from playwright.sync_api import expect
from pypdf import PdfReader

from exports.models import Disclosure
from incidents.models import Case
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import axe_problems
from tests.factories import CaseFactory, EvidenceFactory, ReportFactory

pytestmark = pytest.mark.django_db(transaction=True)


def screenshot_png() -> bytes:
    """A white 'screenshot' with a red band where another parent's name would be."""
    image = Image.new("RGB", (400, 300), "white")
    ImageDraw.Draw(image).rectangle([120, 110, 280, 190], fill=(220, 40, 40))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def test_a_rectangle_drawn_on_a_screenshot_is_black_in_the_pdf(
    page, new_context, sign_in, shot, artifacts, school, head
):
    case = CaseFactory(school=school, status=Case.Status.LEGAL_ADVICE)
    ReportFactory(case=case, reporter_name="Rita", reporter_phone="07700 900123")
    evidence = EvidenceFactory(
        case=case,
        file=ContentFile(screenshot_png(), name="shot.png"),
        width=400,
        height=300,
        original_width=400,
        original_height=300,
    )
    original = default_storage.open(evidence.file.name).read()

    sign_in(page, head, next_url=f"/staff/exports/disclosures/new/{case.reference}/")
    page.get_by_label("Subject access request").check()
    page.get_by_role("button", name="Review what it would include").click()
    expect(page.get_by_role("heading", name="Review the disclosure")).to_be_visible()

    item = page.locator(f'[data-item="evidence:{evidence.pk}"]')
    picture = item.locator("[data-redact-image] img")
    picture.scroll_into_view_if_needed()
    expect(picture).to_be_visible()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
    )
    box = picture.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.3)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5, steps=5)
    page.mouse.move(box["x"] + box["width"] * 0.75, box["y"] + box["height"] * 0.7, steps=5)
    page.mouse.up()
    form = item.locator('[data-redaction-form="area"]')
    assert 0.2 < float(form.locator('[name="left"]').input_value()) < 0.3
    assert 0.35 < float(form.locator('[name="height"]').input_value()) < 0.45
    form.get_by_label("Why").fill("Another parent's name")
    form.get_by_role("button", name="Redact it").click()

    item = page.locator(f'[data-item="evidence:{evidence.pk}"]')
    expect(item.locator(".redact-box")).to_have_count(1)
    expect(item.get_by_text("Another parent's name")).to_be_visible()
    item.scroll_into_view_if_needed()
    shot(page, "disclosure-review-area", full_page=False)
    shot(page, "disclosure-review")
    assert axe_problems(page, "disclosure-review", artifacts) == []

    page.get_by_role("button", name="Confirm the suggested redactions").click()
    page.get_by_role("button", name="Produce the redacted PDF").click()
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    shot(page, "disclosure-bundle-ready")

    disclosure = Disclosure.objects.get(case=case)
    data = default_storage.open(disclosure.bundle.pdf.name).read()
    (artifacts / "disclosure.pdf").write_bytes(data)  # to look at (pdftoppm -png)
    reader = PdfReader(io.BytesIO(data))
    images = {
        img.image.convert("RGB").tobytes(): img.image.convert("RGB")
        for p in reader.pages
        for img in p.images
    }
    [pdf_picture] = images.values()
    w, h = pdf_picture.size
    assert pdf_picture.getpixel((w // 2, h // 2)) == (0, 0, 0)  # the red band, blacked out
    assert pdf_picture.getpixel((int(w * 0.3), int(h * 0.35))) == (0, 0, 0)
    assert pdf_picture.getpixel((int(w * 0.1), int(h * 0.1))) == (255, 255, 255)
    assert pdf_picture.getpixel((int(w * 0.9), int(h * 0.9))) == (255, 255, 255)
    assert default_storage.open(evidence.file.name).read() == original
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Rita" not in text and "900123" not in text

    # On a phone the produced disclosure reads in one column, its log scrolling sideways.
    # The same session (a second sign-in would reuse the authenticator's code in its window).
    phone = new_context(**PHONE, storage_state=page.context.storage_state()).new_page()
    phone.goto(f"/staff/exports/disclosures/{disclosure.public_id}/")
    expect(phone.get_by_text("The PDF has been produced")).to_be_visible()
    shot(phone, "disclosure-review-phone")
