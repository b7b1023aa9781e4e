"""A member of staff adds three files to a case, one of which is no picture: the two pictures
are added and shown on the case, and the form asks again for the refused one alone, on a laptop
and a phone. Screenshots: artifacts/browser/staff-evidence-partly-refused-*.png."""

import pytest
from playwright.sync_api import expect

from incidents.models import Case, Evidence
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import CaseFactory
from tests.imagefiles import html_renamed_png, jpeg, png

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_the_pictures_that_pass_are_added_and_the_refused_file_asked_for_again(
    new_context, sign_in, shot, school, slt, tmp_path, viewport
):
    case = CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    files = []
    for upload in (png("playground.png"), html_renamed_png("notes.png"), jpeg("chat.jpg")):
        path = tmp_path / upload.name
        path.write_bytes(upload.read())
        files.append(path)
    page = sign_in(new_context(**(PHONE if viewport == "phone" else DESKTOP)).new_page(), slt)

    page.goto(f"/staff/cases/{case.reference}/evidence/")
    page.get_by_label("Files").set_input_files(files)
    page.get_by_role("button", name="Save").click()

    expect(
        page.get_by_text("2 file(s) added to the case: “playground.png”, “chat.jpg”")
    ).to_be_visible()
    expect(page.locator(".invalid-feedback, .errorlist").first).to_contain_text("notes.png")
    expect(page.get_by_text("please choose them again")).to_have_count(0)
    shot(page, f"staff-evidence-partly-refused-{viewport}")
    assert sorted(Evidence.objects.filter(case=case).values_list("original_name", flat=True)) == [
        "chat.jpg",
        "playground.png",
    ]

    page.goto(case.get_absolute_url())
    expect(page.get_by_text("2 file(s) added.")).to_be_visible()
