"""Side actions, conversations, meetings and moderator requests (incidents.services.actions)."""

import datetime

import pytest
from django.utils import timezone

from incidents.models import Case, CaseEvent, Meeting, ModerationRequest
from tests import imagefiles
from tests.factories import CaseFactory, MeetingFactory, ModerationRequestFactory


@pytest.fixture
def case(school):
    return CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)


def url(case, action):
    return f"/staff/cases/{case.reference}/{action}/"


@pytest.mark.parametrize(
    "kind, event",
    [
        ("police", CaseEvent.Kind.POLICE_REFERRAL),
        ("safeguarding-advice", CaseEvent.Kind.SAFEGUARDING_ADVICE),
        ("removed-from-group", CaseEvent.Kind.REMOVED_FROM_GROUP),
    ],
)
def test_side_action_is_recorded_on_the_chronology(client, case, slt, kind, event):
    client.force_login(slt)
    client.post(url(case, f"action/{kind}"), {"note": "Called 101, crime ref 123"})
    recorded = CaseEvent.objects.get(case=case, kind=event)
    assert (recorded.actor, recorded.text) == (slt, "Called 101, crime ref 123")


def test_side_actions_are_refused_on_a_closed_case(client, school, slt):
    case = CaseFactory(school=school, status=Case.Status.CLOSED)
    client.force_login(slt)
    response = client.post(url(case, "action/police"), {"note": "x"})
    assert "This case is closed" in response.content.decode()
    assert not CaseEvent.objects.filter(case=case).exists()


def test_note_and_conversation(client, case, slt):
    client.force_login(slt)
    client.post(url(case, "note"), {"text": "Spoke to the class teacher."})
    client.post(
        url(case, "conversation"),
        {
            "who": "Head and Mr X",
            "held_at": "2026-11-20T15:30",
            "method": "phone",
            "summary": "Mr X agreed to delete the post.",
        },
    )
    kinds = list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert kinds == [CaseEvent.Kind.NOTE, CaseEvent.Kind.CONVERSATION]
    conversation = CaseEvent.objects.get(kind=CaseEvent.Kind.CONVERSATION)
    assert conversation.data["method"] == "phone" and conversation.data["who"] == "Head and Mr X"


def test_meeting_scheduled_and_outcome_recorded(client, case, slt):
    client.force_login(slt)
    client.post(
        url(case, "meeting"),
        {"starts_at": "2026-12-01T09:00", "place": "Office", "attendees": "Head\nParent"},
    )
    meeting = Meeting.objects.get(case=case)
    client.post(url(case, f"meeting/{meeting.pk}/outcome"), {"outcome": "Apology given."})
    meeting.refresh_from_db()
    assert meeting.outcome == "Apology given." and meeting.outcome_recorded_at
    kinds = set(CaseEvent.objects.filter(case=case).values_list("kind", flat=True))
    assert {CaseEvent.Kind.MEETING_SCHEDULED, CaseEvent.Kind.MEETING_OUTCOME} <= kinds


def test_moderator_request_and_answer(client, case, slt):
    client.force_login(slt)
    follow_up = timezone.localdate() + datetime.timedelta(days=3)
    client.post(
        url(case, "moderation"), {"moderator": "Year 3 rep", "follow_up_on": follow_up.isoformat()}
    )
    request = ModerationRequest.objects.get(case=case)
    assert request.follow_up_on == follow_up and request.answer == "awaiting"
    client.post(url(case, f"moderation/{request.pk}/answer"), {"answer": "removed"})
    request.refresh_from_db()
    assert request.answer == "removed" and request.answered_at
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.MODERATION_ANSWERED).exists()


def test_staff_add_evidence(client, case, slt):
    client.force_login(slt)
    client.post(url(case, "evidence"), {"screenshots": [imagefiles.png()]})
    evidence = case.evidence.get()
    assert evidence.added_by == slt and not evidence.added_by_reporter
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.EVIDENCE_ADDED).exists()


def test_another_cases_meeting_or_request_is_404(client, school, case, slt):
    other = CaseFactory(school=school, status=Case.Status.MEETING)
    meeting = MeetingFactory(case=other)
    request = ModerationRequestFactory(case=other)
    client.force_login(slt)
    assert (
        client.post(url(case, f"meeting/{meeting.pk}/outcome"), {"outcome": "x"}).status_code == 404
    )
    assert (
        client.post(url(case, f"moderation/{request.pk}/answer"), {"answer": "removed"}).status_code
        == 404
    )


@pytest.mark.parametrize(
    "action", ["action/police", "conversation", "meeting", "moderation", "evidence"]
)
def test_bursar_may_not_act(client, case, bursar, action):
    client.force_login(bursar)
    assert client.post(url(case, action), {"note": "x"}).status_code == 403
    assert not CaseEvent.objects.filter(case=case).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_side_action_is_not_found_with_a_way_back(client, case, slt, method):
    client.force_login(slt)
    response = getattr(client, method)(url(case, "action/fly-to-the-moon"), {"note": "x"})
    assert response.status_code == 404
    page = response.content.decode()
    assert "There is no such action on a case" in page and case.get_absolute_url() in page
    assert not CaseEvent.objects.filter(case=case).exists()
