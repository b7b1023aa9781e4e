"""A parent whose concern form comes back with an error keeps the screenshots they chose: shown as
attached (to that browser only), counted in every upload limit, attached when the form is sent,
and deleted then or an hour after they were kept."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone

from incidents.models import Evidence, KeptScreenshot, Report
from incidents.services.kept_screenshots import kept_screenshots_expire
from incidents.tasks import delete_expired_kept_screenshots
from incidents.tokens import submission_key_new
from tests import imagefiles
from tests.factories import KeptScreenshotFactory, MessagingGroupFactory

DESCRIPTION = "Mr X posted a photo of the class teacher with a rude caption."


@pytest.fixture
def concern(school):
    group = MessagingGroupFactory(school=school, name="Year 3 parents")
    key = submission_key_new()

    def build(**overrides):
        data = {
            "reporter_name": "Pat Parent",
            "reporter_email": "pat@example.org",
            "reporter_phone": "07700 900123",
            "group": str(group.pk),
            "other_group_name": "",
            "occurred_on": "2026-11-02",
            "occurred_at": "",
            "description": DESCRIPTION,
            "person_concerned": "Mr X",
            "safeguarding": "no",
            "declaration": "on",
            "website": "",
            "submission_key": key,
        }
        data.update(overrides)
        return data

    build.key = key
    return build


def browser(school) -> Client:
    """A browser that has opened the form, so it carries its signed id cookie."""
    visitor = Client()
    visitor.get(f"/s/{school.slug}/concern/")
    return visitor


def post(visitor, school, data):
    return visitor.post(f"/s/{school.slug}/concern/", data)


def kept_ids(page: str) -> list[str]:
    return re.findall(r'name="kept_screenshot" value="([0-9a-f-]+)"', page)


def on_disk(name: str) -> bool:
    return default_storage.exists(name)


def test_screenshots_survive_an_error_and_reach_the_report(
    school, concern, django_capture_on_commit_callbacks
):
    parent = browser(school)
    response = post(
        parent,
        school,
        concern(
            description="",
            screenshots=[imagefiles.png("chat-1.png"), imagefiles.png("chat-2.png", (300, 600))],
        ),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Describe what happened." in page
    assert "Pat Parent" in page and "07700 900123" in page  # what was typed is kept
    assert "Attached (2)" in page and "chat-1.png" in page and "chat-2.png" in page
    assert "please choose them again" not in page
    ids = kept_ids(page)
    assert len(ids) == 2
    kept = list(KeptScreenshot.objects.all())
    assert len(kept) == 2 and all(on_disk(k.file.name) and on_disk(k.thumbnail.name) for k in kept)
    assert all(k.file.name.startswith(f"kept/{school.pk}/") for k in kept)
    assert not Report.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = post(parent, school, concern(kept_screenshot=ids))
    assert response.status_code == 302
    report = Report.objects.get()
    evidence = list(report.evidence.order_by("id"))
    assert [e.original_name for e in evidence] == ["chat-1.png", "chat-2.png"]
    assert [(e.width, e.height) for e in evidence] == [(400, 300), (300, 600)]
    assert all(on_disk(e.file.name) and on_disk(e.thumbnail.name) for e in evidence)
    assert "2 screenshot(s)" in report.case.events.get().text
    # The kept copies are gone, rows and files.
    assert not KeptScreenshot.objects.exists()
    assert not any(on_disk(k.file.name) or on_disk(k.thumbnail.name) for k in kept)

    # Sent again (back, then Send): the first report stands, as for any resubmission.
    response = post(parent, school, concern(kept_screenshot=ids))
    assert response.status_code == 302 and response.url.endswith("/concern/received/")
    assert Report.objects.count() == 1 and Evidence.objects.count() == 2


def test_new_screenshots_chosen_when_correcting_are_added_to_the_kept_ones(school, concern):
    parent = browser(school)
    page = post(
        parent, school, concern(declaration="", screenshots=[imagefiles.png("first.png")])
    ).content.decode()
    assert "Please confirm the information is true" in page
    response = post(
        parent,
        school,
        concern(kept_screenshot=kept_ids(page), screenshots=[imagefiles.png("second.png")]),
    )
    assert response.status_code == 302
    names = list(Evidence.objects.order_by("id").values_list("original_name", flat=True))
    assert names == ["first.png", "second.png"]


def test_the_good_pictures_are_kept_when_one_is_refused(school, concern):
    parent = browser(school)
    page = post(
        parent,
        school,
        concern(screenshots=[imagefiles.png("good.png"), imagefiles.truncated_png("bad.png")]),
    ).content.decode()
    assert "“bad.png” seems to be damaged" in page
    assert "Attached (1)" in page and "good.png" in page
    assert list(KeptScreenshot.objects.values_list("original_name", flat=True)) == ["good.png"]


def test_the_thumbnail_is_shown_only_to_the_browser_that_chose_it(school, other_school, concern):
    parent = browser(school)
    page = post(
        parent, school, concern(description="", screenshots=[imagefiles.png()])
    ).content.decode()
    url = re.search(r'src="(/s/[^"]+/concern/attached/[0-9a-f-]+/)"', page).group(1)

    response = parent.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"

    assert browser(school).get(url).status_code == 404  # another browser
    assert Client().get(url).status_code == 404  # no browser id at all
    assert parent.get(url.replace(school.slug, other_school.slug)).status_code == 404


def test_another_browser_cannot_attach_or_remove_kept_screenshots(school, concern):
    parent = browser(school)
    page = post(
        parent, school, concern(description="", screenshots=[imagefiles.png("private.png")])
    ).content.decode()
    ids = kept_ids(page)

    # The attacker has somehow learnt the form's submission key and the picture's id.
    attacker = browser(school)
    response = post(attacker, school, concern(remove_screenshot=ids[0], kept_screenshot=ids))
    assert response.status_code == 200
    assert "private.png" not in response.content.decode()
    response = post(attacker, school, concern(kept_screenshot=ids))
    assert response.status_code == 200
    assert "kept for an hour only" in response.content.decode()
    assert not Report.objects.exists()
    assert KeptScreenshot.objects.count() == 1  # the parent's picture is untouched

    # A forged submission key keeps nothing, for anyone.
    response = post(
        parent,
        school,
        concern(submission_key="forged", description="", screenshots=[imagefiles.png()]),
    )
    assert "This form has expired" in response.content.decode()
    assert KeptScreenshot.objects.count() == 1


def test_the_parent_can_remove_a_kept_screenshot_without_sending(
    school, concern, django_capture_on_commit_callbacks
):
    parent = browser(school)
    page = post(
        parent,
        school,
        concern(
            description="", screenshots=[imagefiles.png("keep.png"), imagefiles.png("oops.png")]
        ),
    ).content.decode()
    ids = kept_ids(page)
    oops = KeptScreenshot.objects.get(original_name="oops.png")

    # Everything else is filled in: Remove still only removes.
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            parent, school, concern(kept_screenshot=ids, remove_screenshot=str(oops.public_id))
        )
    page = response.content.decode()
    assert response.status_code == 200
    assert not Report.objects.exists()
    assert "keep.png" in page and "oops.png" not in page
    assert DESCRIPTION in page
    assert "There is a problem" not in page  # nothing else was wrong
    assert not on_disk(oops.file.name)
    assert list(KeptScreenshot.objects.values_list("original_name", flat=True)) == ["keep.png"]

    response = post(parent, school, concern(kept_screenshot=kept_ids(page)))
    assert response.status_code == 302
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["keep.png"]


def test_kept_and_new_screenshots_count_together_against_the_number_allowed(school, concern):
    parent = browser(school)
    page = post(
        parent,
        school,
        concern(description="", screenshots=[imagefiles.png(f"{n}.png") for n in range(8)]),
    ).content.decode()
    assert KeptScreenshot.objects.count() == 8
    response = post(
        parent,
        school,
        concern(
            kept_screenshot=kept_ids(page),
            screenshots=[imagefiles.png(f"more-{n}.png") for n in range(3)],
        ),
    )
    assert "8 are already attached and you chose 3 more" in response.content.decode()
    assert not Report.objects.exists()
    assert KeptScreenshot.objects.count() == 8  # the three are not kept either


def test_repeated_error_posts_cannot_exceed_the_submission_budget(school, concern, settings):
    settings.UPLOAD_BUDGET_MEGAPIXELS = 1  # each 400 x 300 picture decodes 0.12 megapixels
    parent = browser(school)
    page = post(
        parent,
        school,
        concern(description="", screenshots=[imagefiles.png(f"{n}.png") for n in range(5)]),
    ).content.decode()
    ids = kept_ids(page)
    assert len(ids) == 5
    response = post(
        parent,
        school,
        concern(
            description="",
            kept_screenshot=ids,
            screenshots=[imagefiles.png(f"more-{n}.png") for n in range(5)],
        ),
    )
    assert "more than we can take in one go" in response.content.decode()
    assert KeptScreenshot.objects.count() == 5

    settings.UPLOAD_BUDGET_MB = 0  # what is kept is charged again when the form is sent
    response = post(parent, school, concern(kept_screenshot=ids))
    assert response.status_code == 200
    assert "more than we can take in one go" in response.content.decode()
    assert not Report.objects.exists()


def test_more_kept_than_allowed_is_refused_when_sent(school, concern):
    """Two error posts at once could each keep a full set; sending counts them all."""
    parent = browser(school)
    browser_id = parent.cookies["conductdesk_browser"].value.split(":")[0]
    kept = KeptScreenshotFactory.create_batch(
        11, school=school, submission_key=concern.key, browser=browser_id
    )
    response = post(parent, school, concern(kept_screenshot=[str(k.public_id) for k in kept]))
    assert response.status_code == 200
    assert "11 are already attached" in response.content.decode()
    assert not Report.objects.exists()


def test_kept_screenshots_expire_after_an_hour_with_their_files(
    school, concern, django_capture_on_commit_callbacks
):
    parent = browser(school)
    browser_id = parent.cookies["conductdesk_browser"].value.split(":")[0]
    old = KeptScreenshotFactory(
        school=school,
        submission_key=concern.key,
        browser=browser_id,
        kept_at=timezone.now() - datetime.timedelta(minutes=61),
    )
    fresh = KeptScreenshotFactory(school=school)

    # Before the clean-up runs, an expired picture is already not attached.
    response = post(parent, school, concern(kept_screenshot=[str(old.public_id)]))
    assert response.status_code == 200
    assert "kept for an hour only" in response.content.decode()
    assert not Report.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert delete_expired_kept_screenshots() == 1
    assert list(KeptScreenshot.objects.all()) == [fresh]
    assert not on_disk(old.file.name) and not on_disk(old.thumbnail.name)
    assert on_disk(fresh.file.name)
    files = [p for p in Path(django_settings.PRIVATE_MEDIA_ROOT).rglob("*") if p.is_file()]
    assert len(files) == 2  # the fresh picture and its thumbnail
    with django_capture_on_commit_callbacks(execute=True):
        assert kept_screenshots_expire(now=timezone.now() + datetime.timedelta(hours=1)) == 1
    assert not KeptScreenshot.objects.exists()


def test_the_clean_up_runs_on_beat():
    schedule = {
        entry["task"]: entry["schedule"] for entry in django_settings.CELERY_BEAT_SCHEDULE.values()
    }
    assert schedule["incidents.tasks.delete_expired_kept_screenshots"] <= 15 * 60


def test_contact_fields_help_a_phone_fill_them_in(client, school):
    page = client.get(f"/s/{school.slug}/concern/").content.decode()

    def field(name: str) -> str:
        return re.search(rf'<(input|textarea)[^>]*name="{name}"[^>]*>', page).group(0)

    assert 'type="tel"' in field("reporter_phone")
    assert 'autocomplete="tel"' in field("reporter_phone")
    assert 'autocomplete="name"' in field("reporter_name")
    assert 'type="email"' in field("reporter_email")
    assert 'autocomplete="email"' in field("reporter_email")
    # About someone else, or this one event: the browser's memory of other forms would mislead.
    for name in ("person_concerned", "other_group_name", "description", "occurred_on"):
        assert 'autocomplete="off"' in field(name), name


def test_removing_a_picture_does_not_use_up_the_parents_sends(school, concern, settings):
    settings.CONCERN_RATE_LIMIT = "2/10m"
    parent = browser(school)
    page = post(
        parent,
        school,
        concern(description="", screenshots=[imagefiles.png(f"{n}.png") for n in range(3)]),
    ).content.decode()
    ids = kept_ids(page)
    for removed in ids[:2]:
        page = post(
            parent, school, concern(kept_screenshot=kept_ids(page), remove_screenshot=removed)
        ).content.decode()
    assert kept_ids(page) == ids[2:]
    response = post(parent, school, concern(kept_screenshot=kept_ids(page)))
    assert response.status_code == 302
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["2.png"]
