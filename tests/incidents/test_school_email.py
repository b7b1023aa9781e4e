"""E-mail on the school's behalf: from the school's name, replies to its office; and asking a
group's moderator by e-mail from a takedown request."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from incidents.models import Case, CaseEvent, ModerationRequest, Notification
from incidents.services.notifications import notifications_for_new_report
from jobs.services import job_queue
from tests.factories import CaseFactory, MessagingGroupFactory, ReportFactory


@pytest.fixture
def case(school):
    return CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)


def url(case, action):
    return f"/staff/cases/{case.reference}/{action}/"


def _follow_up():
    return (timezone.localdate() + datetime.timedelta(days=3)).isoformat()


def test_the_reporters_acknowledgement_is_from_the_school_and_replies_go_to_its_office(
    case, django_capture_on_commit_callbacks
):
    school = case.school
    school.name, school.office_email = "Oak Field Primary", "office@oak.example.org"
    school.save()
    report = ReportFactory(case=case, reporter_email="parent@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for row in notifications_for_new_report(report=report):
            job_queue(row)
    (ack,) = [m for m in mail.outbox if m.to == ["parent@example.org"]]
    headers = ack.message()
    assert headers["From"] == "Oak Field Primary <conductdesk@example.org>"
    assert headers["Reply-To"] == "office@oak.example.org"


def test_without_an_office_address_replies_go_to_the_concern_address(
    case, django_capture_on_commit_callbacks
):
    report = ReportFactory(case=case, reporter_email="parent@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for row in notifications_for_new_report(report=report):
            job_queue(row)
    (ack,) = [m for m in mail.outbox if m.to == ["parent@example.org"]]
    assert ack.reply_to == [case.school.concern_email]
    assert ack.message()["From"] == f"{case.school.name} <conductdesk@example.org>"


def test_a_moderator_is_emailed_from_the_takedown_request(
    client, case, slt, django_capture_on_commit_callbacks
):
    group = MessagingGroupFactory(school=case.school, moderator_email="rep3@example.org")
    report = ReportFactory(case=case, group=group, description="What the reporter told us.")
    client.force_login(slt)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(case, "moderation"),
            {
                "group": group.pk,
                "moderator": "Sam Rep",
                "follow_up_on": _follow_up(),
                "send_email": "on",
                "message": "The message posted at 21:40 on 3 March about <Mr Smith>.",
            },
        )
    assert response.status_code == 302
    request = ModerationRequest.objects.get(case=case)
    (message,) = mail.outbox
    assert message.to == ["rep3@example.org"]
    assert message.reply_to == [case.school.reply_to]
    assert case.school.name in message.message()["From"]
    assert "Dear Sam Rep" in message.body and "about <Mr Smith>" in message.body
    assert case.reference in message.body
    # the report itself never leaves the school
    assert report.description not in message.body and report.reporter_name not in message.body
    event = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.MODERATION_REQUESTED)
    assert "by e-mail to rep3@example.org" in event.text and event.data["request"] == request.pk
    notification = Notification.objects.get(kind=Notification.Kind.MODERATION_REQUEST)
    assert notification.status == Notification.Status.DONE


def test_a_group_without_a_moderator_address_is_refused_and_the_form_keeps_what_was_typed(
    client, case, slt
):
    group = MessagingGroupFactory(school=case.school, moderator_email="")
    client.force_login(slt)
    page = client.post(
        url(case, "moderation"),
        {
            "group": group.pk,
            "moderator": "Sam Rep",
            "follow_up_on": _follow_up(),
            "send_email": "on",
            "message": "Typed words to keep",
        },
    ).content.decode()
    assert "no e-mail address for this group" in page and "Typed words to keep" in page
    assert not ModerationRequest.objects.exists() and not Notification.objects.exists()
    assert not mail.outbox


def test_another_schools_group_cannot_be_emailed(client, case, slt, other_school):
    group = MessagingGroupFactory(school=other_school, moderator_email="theirs@example.org")
    client.force_login(slt)
    client.post(
        url(case, "moderation"),
        {
            "group": group.pk,
            "moderator": "Their rep",
            "follow_up_on": _follow_up(),
            "send_email": "on",
        },
    )
    assert not ModerationRequest.objects.exists() and not Notification.objects.exists()


def test_the_bursar_cannot_email_a_moderator(client, case, bursar):
    group = MessagingGroupFactory(school=case.school, moderator_email="rep3@example.org")
    client.force_login(bursar)
    response = client.post(
        url(case, "moderation"),
        {"group": group.pk, "moderator": "x", "follow_up_on": _follow_up(), "send_email": "on"},
    )
    assert response.status_code == 403
    assert not Notification.objects.exists()
