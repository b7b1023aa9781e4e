import datetime
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from kombu.exceptions import OperationalError

from incidents.models import Case, CaseEvent, Notification
from incidents.services.reminders import case_reminders, reminders_plan
from jobs.tasks import sweep_jobs
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EscalationRequestFactory,
    MeetingFactory,
    ModerationRequestFactory,
    NotificationFactory,
    ParentFactory,
    ReportFactory,
    SiteBanFactory,
)

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _grace(settings):
    settings.SWEEP_GRACE_SECONDS = 0
    settings.DIGEST_HOUR = 0


def days(n):
    return datetime.timedelta(days=n)


def rows(kind):
    return list(Notification.objects.filter(kind=kind).values_list("recipient", flat=True))


def test_planning_twice_writes_each_reminder_once(school, slt, head):
    EscalationRequestFactory(case__school=school, requested_by=slt).__class__.objects.update(
        requested_at=timezone.now() - days(3)
    )
    first = reminders_plan()
    assert first and reminders_plan() == []
    assert rows(Notification.Kind.ESCALATION_WAITING) == [head.email]


def test_escalation_reminder_waits_n_days(school, slt, head, settings):
    settings.ESCALATION_REMINDER_DAYS = 2
    proposal = EscalationRequestFactory(case__school=school, requested_by=slt)
    reminders_plan()
    assert rows(Notification.Kind.ESCALATION_WAITING) == []
    proposal.__class__.objects.update(requested_at=timezone.now() - days(2))
    reminders_plan()
    assert rows(Notification.Kind.ESCALATION_WAITING) == [head.email]


def test_meeting_reminder_the_day_before(school, slt, head):
    case = CaseFactory(school=school, status=Case.Status.MEETING, owner=slt)
    MeetingFactory(
        case=case, created_by=slt, starts_at=timezone.now() + days(1), place="Main office"
    )
    reminders_plan()
    assert sorted(rows(Notification.Kind.MEETING_TOMORROW)) == sorted([slt.email, head.email])
    assert "Main office" in Notification.objects.get(recipient=slt.email).body


def test_moderator_without_an_answer(school, slt):
    ModerationRequestFactory(case__school=school, created_by=slt, follow_up_on=TODAY - days(1))
    ModerationRequestFactory(case__school=school, created_by=slt, follow_up_on=TODAY + days(2))
    reminders_plan()
    assert rows(Notification.Kind.MODERATION_NO_ANSWER) == [slt.email]


def test_ban_deadline_passed_and_review_due(school, head):
    SiteBanFactory(case__school=school, representation_deadline=TODAY - days(1))
    SiteBanFactory(case__school=school, state="confirmed", review_on=TODAY)
    reminders_plan()
    assert rows(Notification.Kind.REPRESENTATIONS_DUE) == [head.email]
    assert rows(Notification.Kind.BAN_REVIEW_DUE) == [head.email]


def test_code_of_conduct_review_is_announced_ahead(school, head, settings):
    settings.CODE_REVIEW_NOTICE_DAYS = 30
    code = school.codes.get()
    code.review_date = TODAY + days(40)
    code.save()
    reminders_plan()
    assert rows(Notification.Kind.CODE_REVIEW_DUE) == []
    code.review_date = TODAY + days(20)
    code.save()
    reminders_plan()
    assert rows(Notification.Kind.CODE_REVIEW_DUE) == [head.email]


def test_daily_digest_lists_untriaged_and_overdue_without_allegations(school, slt):
    overdue = ReportFactory(case__school=school, description="Secret allegation text").case
    Case.objects.filter(pk=overdue.pk).update(triage_due=TODAY - days(1))
    fresh = CaseFactory(school=school)
    reminders_plan()
    digest = Notification.objects.get(kind=Notification.Kind.DIGEST)
    assert digest.recipient == slt.email
    assert f"{overdue.reference}, received" in digest.body and "(triage overdue)" in digest.body
    assert fresh.reference in digest.body and "Secret allegation" not in digest.body
    assert "1 overdue" in digest.subject


def test_sweep_sends_each_due_row_once(school, head):
    NotificationFactory(case__school=school, school=school, recipient="a@example.org")
    NotificationFactory(
        case__school=school, school=school, recipient="later@example.org", due_on=TODAY + days(1)
    )
    assert sweep_jobs() == 1
    assert sweep_jobs() == 0
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_row_stuck_sending_after_a_worker_died_is_sent_again(school, settings):
    settings.JOB_STALE_SECONDS = 60
    stuck = NotificationFactory(
        case__school=school,
        school=school,
        status=Notification.Status.RUNNING,
        attempts=1,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    sweep_jobs()
    stuck.refresh_from_db()
    assert stuck.status == Notification.Status.DONE and len(mail.outbox) == 1


def test_attempt_cap_marks_a_stuck_row_failed(school, settings):
    settings.JOB_STALE_SECONDS = 60
    stuck = NotificationFactory(
        case__school=school,
        school=school,
        status=Notification.Status.RUNNING,
        attempts=3,
        heartbeat_at=timezone.now() - datetime.timedelta(minutes=5),
    )
    sweep_jobs()
    stuck.refresh_from_db()
    assert stuck.status == Notification.Status.FAILED and mail.outbox == []


def test_broker_outage_never_becomes_an_error_page(
    client, school, slt, django_capture_on_commit_callbacks
):
    from incidents.tasks import send_notification
    from incidents.tokens import submission_key_new
    from tests.factories import MessagingGroupFactory

    group = MessagingGroupFactory(school=school)
    data = {
        "group": str(group.pk),
        "occurred_on": "2026-11-02",
        "description": "Rude post",
        "safeguarding": "no",
        "declaration": "on",
        "submission_key": submission_key_new(),
    }
    with (
        mock.patch.object(
            send_notification, "delay", side_effect=OperationalError("Redis is down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(f"/s/{school.slug}/concern/", data)
    assert response.status_code == 302
    pending = Notification.objects.get(kind=Notification.Kind.NEW_CONCERN)
    assert pending.status == Notification.Status.PENDING and mail.outbox == []
    sweep_jobs()  # the broker is back
    pending.refresh_from_db()
    assert pending.status == Notification.Status.DONE and mail.outbox[0].to == [slt.email]


def test_failed_emails_are_listed_for_the_head_with_a_retry(
    client, school, head, slt, django_capture_on_commit_callbacks
):
    failed = NotificationFactory(
        case__school=school, school=school, status=Notification.Status.FAILED, attempts=5
    )
    client.force_login(slt)
    assert client.get("/staff/letters/failed/").status_code == 403
    client.force_login(head)
    assert failed.recipient in client.get("/staff/letters/failed/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/staff/letters/failed/notification/{failed.pk}/retry/")
    failed.refresh_from_db()
    assert failed.status == Notification.Status.DONE and len(mail.outbox) == 1


def test_dashboard_shows_what_is_due_today(client, school, head):
    SiteBanFactory(case__school=school, state="confirmed", review_on=TODAY)
    reminders_plan()
    client.force_login(head)
    assert "is due for review" in client.get("/staff/").content.decode()


def test_case_page_shows_upcoming_reminders(client, school, slt):
    case = CaseFactory(school=school, status=Case.Status.MEETING)
    case.parents.add(ParentFactory(school=school))
    MeetingFactory(case=case, created_by=slt, starts_at=timezone.now() + days(3))
    ModerationRequestFactory(case=case, created_by=slt, follow_up_on=TODAY + days(5))
    for kind in (CaseEvent.Kind.MEETING_SCHEDULED, CaseEvent.Kind.MODERATION_REQUESTED):
        CaseEventFactory(case=case, kind=kind)  # as the services write them
    assert [what for _, what in case_reminders(case)[1]] == [
        "Reminder of tomorrow's meeting",
        "Follow up with Class rep",
    ]
    client.force_login(slt)
    page = client.get(case.get_absolute_url()).content.decode()
    assert "Upcoming reminders" in page and "Follow up with Class rep" in page
