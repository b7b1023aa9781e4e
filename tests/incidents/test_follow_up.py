import datetime

import pytest
from django.utils import timezone

from incidents.models import Case, CaseEvent, Evidence
from incidents.services.errors import NotNow
from incidents.services.reports import FollowUpLimitReached, report_add_information
from tests import imagefiles
from tests.factories import CaseEventFactory, ReportFactory

TOKEN = "a-follow-up-token-for-tests-0123456789abcdefghij"


@pytest.fixture
def report(school):
    from incidents.tokens import token_hash

    return ReportFactory(case__school=school, token_hash=token_hash(TOKEN))


def test_wrong_token_is_404(client, report):
    assert client.get("/concern/not-the-right-token/").status_code == 404


def test_right_token_shows_status_in_plain_words(client, report):
    response = client.get(f"/concern/{TOKEN}/")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    page = response.content.decode()
    assert report.reference in page and "Received" in page


def test_follow_up_never_shows_internal_notes_or_staff_names(client, report, slt):
    CaseEventFactory(case=report.case, actor=slt, text="Internal: spoke to the head privately")
    page = client.get(f"/concern/{TOKEN}/").content.decode()
    assert "Internal: spoke" not in page
    assert slt.last_name not in page and slt.username not in page


def test_reporter_adds_information_and_a_screenshot_to_the_chronology(client, report):
    response = client.post(
        f"/concern/{TOKEN}/",
        {"text": "They posted again this morning.", "screenshots": [imagefiles.png()]},
    )
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=report.case, kind=CaseEvent.Kind.REPORTER_UPDATE)
    assert event.text == "They posted again this morning."
    evidence = Evidence.objects.get(case=report.case)
    assert evidence.report == report and evidence.added_by_reporter
    assert "added to your concern" in client.get(response.url).content.decode()


def test_empty_follow_up_is_refused_with_a_message(client, report):
    page = client.post(f"/concern/{TOKEN}/", {"text": ""}).content.decode()
    assert "Please write something or attach a screenshot." in page
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).exists()


def test_bad_follow_up_screenshot_keeps_the_text(client, report):
    page = client.post(
        f"/concern/{TOKEN}/",
        {"text": "More detail here", "screenshots": [imagefiles.svg_with_script()]},
    ).content.decode()
    assert "More detail here" in page
    assert not Evidence.objects.exists()


@pytest.fixture
def closed_report(school):
    from incidents.tokens import token_hash

    return ReportFactory(
        case__school=school, case__status=Case.Status.CLOSED, token_hash=token_hash(TOKEN)
    )


def test_adding_to_a_closed_concern_is_refused_and_nothing_is_kept(client, closed_report):
    response = client.post(
        f"/concern/{TOKEN}/",
        {"text": "Posting anyway.", "screenshots": [imagefiles.png()]},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "This concern is closed, so nothing more can be added" in page
    assert 'name="text"' not in page
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).exists()
    assert not Evidence.objects.exists()


def test_the_service_refuses_to_add_to_a_closed_case(closed_report):
    with pytest.raises(NotNow):
        report_add_information(report=closed_report, text="More.", images=[])
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).exists()


def add_earlier_additions(report, count, *, hours_ago=1):
    at = timezone.now() - datetime.timedelta(hours=hours_ago)
    for _ in range(count):
        CaseEventFactory(
            case=report.case,
            kind=CaseEvent.Kind.REPORTER_UPDATE,
            actor=None,
            actor_label="Reporter",
            data={"report": report.pk},
            created_at=at,
        )


def test_additions_through_the_link_are_capped_per_day_and_the_text_kept(
    client, report, settings, monkeypatch
):
    settings.FOLLOW_UP_DAILY_LIMIT = 3
    add_earlier_additions(report, 3)
    monkeypatch.setattr(
        "incidents.forms.fields.image_process", lambda *a, **k: pytest.fail("decoded")
    )
    response = client.post(
        f"/concern/{TOKEN}/",
        {"text": "One more thing they posted.", "screenshots": [imagefiles.png()]},
    )
    page = response.content.decode()
    assert response.status_code == 429
    assert "3 times in the last 24 hours" in page
    assert "One more thing they posted." in page
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).count() == 3
    assert not Evidence.objects.exists()


def test_additions_more_than_a_day_old_do_not_count_towards_the_cap(client, report, settings):
    settings.FOLLOW_UP_DAILY_LIMIT = 3
    add_earlier_additions(report, 3, hours_ago=25)
    response = client.post(f"/concern/{TOKEN}/", {"text": "Still happening."})
    assert response.status_code == 302
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).count() == 4


def test_the_service_refuses_an_addition_past_the_cap(report, settings):
    settings.FOLLOW_UP_DAILY_LIMIT = 2
    add_earlier_additions(report, 1)
    report_add_information(report=report, text="Second", images=[])
    with pytest.raises(FollowUpLimitReached):
        report_add_information(report=report, text="Third", images=[])
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).count() == 2
