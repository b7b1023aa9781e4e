"""An over-size request to a public form is refused from its Content-Length, unread."""

import pytest
from django.http import multipartparser

from incidents.models import CaseEvent, Report
from incidents.tokens import token_hash
from incidents.views import public
from tests import imagefiles
from tests.factories import ReportFactory

TOKEN = "a-follow-up-token-for-body-limit-tests-0123456789"


@pytest.fixture
def never_parsed(monkeypatch):
    """Fails the test if anything parses a multipart body or a public form view runs."""

    def refuse(*args, **kwargs):
        pytest.fail("the request body was parsed or the view ran")

    monkeypatch.setattr(multipartparser.MultiPartParser, "parse", refuse)
    monkeypatch.setattr(public.ConcernView, "post", refuse)
    monkeypatch.setattr(public.FollowUpView, "post", refuse)


def big_picture():
    return imagefiles.oversized("big.png", nbytes=1_200_000)  # over a 1 MB limit


def test_over_size_concern_is_refused_with_413_before_the_body_is_read(
    client, school, settings, never_parsed
):
    settings.PUBLIC_MAX_BODY_MB = 1
    response = client.post(
        f"/s/{school.slug}/concern/", {"description": "x", "screenshots": [big_picture()]}
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "Too much to send at once" in page
    assert "more than 1 MB" in page and "fewer pictures, or smaller ones" in page
    assert not Report.objects.exists()


def test_over_size_follow_up_is_refused_with_413_before_the_body_is_read(
    client, school, settings, never_parsed
):
    report = ReportFactory(case__school=school, token_hash=token_hash(TOKEN))
    settings.PUBLIC_MAX_BODY_MB = 1
    response = client.post(f"/concern/{TOKEN}/", {"text": "x", "screenshots": [big_picture()]})
    assert response.status_code == 413
    assert not CaseEvent.objects.filter(case=report.case).exists()


def test_a_body_within_the_limit_reaches_the_form(client, school, settings):
    settings.PUBLIC_MAX_BODY_MB = 2
    response = client.post(
        f"/s/{school.slug}/concern/", {"description": "x", "screenshots": [big_picture()]}
    )
    assert response.status_code == 200
    assert "Choose the group it was posted in" in response.content.decode()  # the form ran


def test_other_paths_are_not_limited_by_the_public_body_limit(client, settings):
    settings.PUBLIC_MAX_BODY_MB = 1
    response = client.post("/accounts/login/", {"username": "x", "picture": big_picture()})
    assert response.status_code != 413


def test_django_upload_settings_stay_within_the_public_body_limit(settings):
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < settings.PUBLIC_MAX_BODY_MB * 1024 * 1024
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024  # larger files wait on disk
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES > 10  # eleven files get the form's own message
