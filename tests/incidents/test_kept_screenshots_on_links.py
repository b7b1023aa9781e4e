"""The reporter's follow-up page and the site-ban parent's link page keep the screenshots chosen
on a form that came back with an error, as the concern form does: shown as attached to the
browser that chose them on that page, counted in the limits, attached when the form is sent."""

import re

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from incidents.models import CaseEvent, Evidence, KeptScreenshot, SiteBan
from incidents.tokens import token_hash
from tests import imagefiles
from tests.factories import CaseFactory, ParentFactory, ReportFactory
from tests.incidents.test_site_ban_link import approve_notice, intend

TOKEN = "a-follow-up-token-for-kept-tests-0123456789abcde"
OTHER_TOKEN = "another-follow-up-token-for-kept-tests-012345678"
TOO_LONG = "They posted again. " + "x" * 10000


@pytest.fixture(params=["follow_up", "ban_link"])
def page(request, school, head):
    """The page's path, and what sending it records."""
    if request.param == "follow_up":
        report = ReportFactory(case__school=school, token_hash=token_hash(TOKEN))
        return {"path": f"/concern/{TOKEN}/", "case": report.case, "sent": "added=1"}
    case = CaseFactory(school=school, status="site_ban")
    case.parents.add(ParentFactory(school=school, full_name="Sam Threat"))
    path = approve_notice(intend(case, head), head)
    return {"path": path, "case": case, "sent": "sent=1"}


def opened(page) -> Client:
    """A browser that has opened the page: its id cookie, and the form's submission key."""
    visitor = Client()
    visitor.key = submission_key(visitor.get(page["path"]).content.decode())
    return visitor


def submission_key(html: str) -> str:
    return re.search(r'name="submission_key" value="([^"]+)"', html).group(1)


def kept_ids(html: str) -> list[str]:
    return re.findall(r'name="kept_screenshot" value="([0-9a-f-]+)"', html)


def post(visitor, path, **data):
    return visitor.post(path, {"submission_key": visitor.key, **data})


def sent_evidence(page) -> list[str]:
    return list(
        Evidence.objects.filter(case=page["case"])
        .order_by("id")
        .values_list("original_name", flat=True)
    )


def test_an_error_keeps_the_screenshots_and_the_corrected_form_attaches_them(
    page, django_capture_on_commit_callbacks
):
    parent = opened(page)
    screenshots = [imagefiles.png("chat-1.png"), imagefiles.png("chat-2.png", (300, 600))]
    response = post(parent, page["path"], text=TOO_LONG, screenshots=screenshots)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "at most 10000" in html
    assert "They posted again." in html  # what was typed is kept
    assert "Attached (2)" in html and "chat-1.png" in html and "chat-2.png" in html
    assert "please choose them again" not in html
    assert submission_key(html) == parent.key
    ids = kept_ids(html)
    assert len(ids) == 2
    thumbnail = re.search(r'src="(/s/[^"]+/concern/attached/[0-9a-f-]+/)"', html).group(1)
    assert parent.get(thumbnail).status_code == 200
    assert sent_evidence(page) == []
    kept = list(KeptScreenshot.objects.all())

    with django_capture_on_commit_callbacks(execute=True):
        response = post(parent, page["path"], text="They posted again.", kept_screenshot=ids)
    assert response.status_code == 302 and response.url.endswith(page["sent"])
    assert sent_evidence(page) == ["chat-1.png", "chat-2.png"]
    assert not KeptScreenshot.objects.exists()
    assert not any(default_storage.exists(k.file.name) for k in kept)
    if "concern" in page["path"]:
        event = CaseEvent.objects.get(kind=CaseEvent.Kind.REPORTER_UPDATE)
        assert event.text == "They posted again." and len(event.data["evidence"]) == 2
    else:
        ban = SiteBan.objects.get(case=page["case"])
        assert "They posted again." in ban.representations


def test_kept_screenshots_alone_can_be_sent_from_the_follow_up_page(school):
    """The follow-up form takes a message or a picture: pictures kept count as attached."""
    report = ReportFactory(case__school=school, token_hash=token_hash(TOKEN))
    parent = opened({"path": f"/concern/{TOKEN}/"})
    html = post(
        parent, f"/concern/{TOKEN}/", text=TOO_LONG, screenshots=[imagefiles.png()]
    ).content.decode()
    response = post(parent, f"/concern/{TOKEN}/", text="", kept_screenshot=kept_ids(html))
    assert response.status_code == 302
    assert Evidence.objects.get(case=report.case).report == report


def test_the_parent_can_remove_a_kept_screenshot(page, django_capture_on_commit_callbacks):
    parent = opened(page)
    html = post(
        parent,
        page["path"],
        text=TOO_LONG,
        screenshots=[imagefiles.png("keep.png"), imagefiles.png("oops.png")],
    ).content.decode()
    oops = KeptScreenshot.objects.get(original_name="oops.png")
    with django_capture_on_commit_callbacks(execute=True):
        response = post(
            parent,
            page["path"],
            text="Fine now.",
            kept_screenshot=kept_ids(html),
            remove_screenshot=str(oops.public_id),
        )
    html = response.content.decode()
    assert response.status_code == 200 and "There is a problem" not in html
    assert "keep.png" in html and "oops.png" not in html and "Fine now." in html
    assert not default_storage.exists(oops.file.name)
    response = post(parent, page["path"], text="Fine now.", kept_screenshot=kept_ids(html))
    assert response.status_code == 302
    assert sent_evidence(page) == ["keep.png"]


def test_another_browser_cannot_see_remove_or_attach_them(page):
    parent = opened(page)
    html = post(
        parent, page["path"], text=TOO_LONG, screenshots=[imagefiles.png("private.png")]
    ).content.decode()
    ids = kept_ids(html)
    thumbnail = re.search(r'src="(/s/[^"]+/concern/attached/[0-9a-f-]+/)"', html).group(1)

    # The attacker has somehow learnt the form's submission key and the picture's id.
    attacker = opened(page)
    attacker.key = parent.key
    assert attacker.get(thumbnail).status_code == 404
    response = post(attacker, page["path"], text="Mine.", remove_screenshot=ids[0])
    assert "private.png" not in response.content.decode()
    response = post(attacker, page["path"], text="Mine.", kept_screenshot=ids)
    assert response.status_code == 200 and "kept for an hour only" in response.content.decode()
    assert sent_evidence(page) == []
    assert KeptScreenshot.objects.count() == 1  # the parent's picture is untouched


def test_a_picture_kept_on_one_link_cannot_be_attached_through_another(page, school):
    """Same browser, same submission key: the concern form and another reporter's follow-up
    link are other pages, and find nothing."""
    parent = opened(page)
    html = post(
        parent, page["path"], text=TOO_LONG, screenshots=[imagefiles.png("here.png")]
    ).content.decode()
    ids = kept_ids(html)
    other = ReportFactory(case__school=school, token_hash=token_hash(OTHER_TOKEN))
    response = post(parent, f"/concern/{OTHER_TOKEN}/", text="Elsewhere.", kept_screenshot=ids)
    assert response.status_code == 200 and "kept for an hour only" in response.content.decode()
    assert not Evidence.objects.filter(case=other.case).exists()
    response = post(parent, f"/s/{school.slug}/concern/", kept_screenshot=ids)
    assert "here.png" not in response.content.decode()
    assert not Evidence.objects.exists()
    assert KeptScreenshot.objects.count() == 1


def test_kept_and_new_screenshots_count_together_against_the_number_allowed(page):
    parent = opened(page)
    html = post(
        parent,
        page["path"],
        text=TOO_LONG,
        screenshots=[imagefiles.png(f"{n}.png") for n in range(8)],
    ).content.decode()
    assert KeptScreenshot.objects.count() == 8
    response = post(
        parent,
        page["path"],
        text="Corrected.",
        kept_screenshot=kept_ids(html),
        screenshots=[imagefiles.png(f"more-{n}.png") for n in range(3)],
    )
    assert "8 are already attached and you chose 3 more" in response.content.decode()
    assert sent_evidence(page) == []
    assert KeptScreenshot.objects.count() == 8


def test_what_is_kept_is_charged_to_the_budget_when_sent(page, settings):
    parent = opened(page)
    html = post(
        parent, page["path"], text=TOO_LONG, screenshots=[imagefiles.png()]
    ).content.decode()
    settings.UPLOAD_BUDGET_MB = 0
    response = post(parent, page["path"], text="Corrected.", kept_screenshot=kept_ids(html))
    assert response.status_code == 200
    assert "more than we can take in one go" in response.content.decode()
    assert sent_evidence(page) == []
