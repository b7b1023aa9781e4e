"""What one concern may send: large photos scaled down within the budget, the rest refused."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage

from incidents.models import Evidence, Report
from incidents.tokens import submission_key_new
from tests import imagefiles
from tests.factories import MessagingGroupFactory

DESCRIPTION = "Posts about a teacher in the Year 3 group."


@pytest.fixture
def concern(school):
    group = MessagingGroupFactory(school=school)

    def build(screenshots):
        return {
            "group": str(group.pk),
            "occurred_on": "2026-11-02",
            "description": DESCRIPTION,
            "safeguarding": "no",
            "declaration": "on",
            "submission_key": submission_key_new(),
            "screenshots": screenshots,
        }

    return build


def post(client, school, data):
    return client.post(f"/s/{school.slug}/concern/", data)


def stored_bytes() -> int:
    """Files and thumbnails, as they lie on disk."""
    return sum(
        p.stat().st_size for p in Path(django_settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()
    )


def test_ten_large_grainy_photos_are_stored_scaled_down_within_the_byte_budget(
    client, school, concern, settings
):
    # Ten grainy phone photos: re-encoded at full size they would not fit the stored budget.
    photos = [imagefiles.noisy_jpeg(f"IMG_{n}.JPG", 12, 2_500_000) for n in range(10)]
    response = post(client, school, concern(photos))
    assert response.status_code == 302
    evidence = list(Evidence.objects.all())
    assert len(evidence) == 10
    assert {(e.width, e.height) for e in evidence} == {(3000, 2250)}
    assert {(e.original_width, e.original_height) for e in evidence} == {(4000, 3000)}
    assert stored_bytes() <= settings.UPLOAD_BUDGET_MB * 1024 * 1024
    assert sum(e.size for e in evidence) < sum(e.original_size for e in evidence)


def test_phone_screenshot_is_stored_unscaled(client, school, concern):
    response = post(client, school, concern([imagefiles.png("shot.png", size=(1170, 2532))]))
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.width, evidence.height) == (1170, 2532)
    assert (evidence.original_width, evidence.original_height) == (1170, 2532)


def assert_refused_with_the_text_kept(response):
    page = response.content.decode()
    assert response.status_code == 200
    assert "more than we can take in one go" in page
    assert "choose fewer pictures, or smaller ones" in page
    assert DESCRIPTION in page
    assert not Report.objects.exists() and not Evidence.objects.exists()
    assert not default_storage.exists("evidence")


def test_pictures_over_the_byte_budget_are_refused_with_a_clear_error(
    client, school, concern, settings
):
    settings.UPLOAD_BUDGET_MB = 5
    pictures = [imagefiles.noise_png(f"n{n}.png", size=(1000, 1000), seed=n) for n in range(2)]
    assert_refused_with_the_text_kept(post(client, school, concern(pictures)))


def test_pictures_over_the_pixel_budget_are_refused_with_a_clear_error(
    client, school, concern, settings
):
    settings.UPLOAD_BUDGET_MEGAPIXELS = 1
    pictures = [imagefiles.png(f"s{n}.png", size=(640, 480)) for n in range(4)]
    assert_refused_with_the_text_kept(post(client, school, concern(pictures)))


def test_form_states_the_total_size_allowed(client, school, settings):
    settings.PUBLIC_MAX_BODY_MB = 64
    page = client.get(f"/s/{school.slug}/concern/").content.decode()
    assert "each up to 10 MB and 64 MB in all" in page
