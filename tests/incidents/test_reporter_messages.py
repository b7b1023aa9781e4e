"""Messages between the school and a reporter: staff write from the case page (starting from the
school's standard replies), the reporter reads and replies on their follow-up page, and is told
by an e-mail that says nothing but that there is a message.

The attacker's tests try each thing the reporter's link must not open: another case, another
reporter's report or screenshots on a merged case, staff-added evidence, internal entries.
"""

import re

import pytest
from django.core import mail
from django.test import Client

from incidents.models import Case, CaseEvent, Evidence, Notification, StandardReply
from incidents.services.errors import NotPermitted
from incidents.services.reporter_messages import DEFAULT_REPLIES, reporter_message_send
from incidents.services.triage import case_merge
from incidents.tokens import token_hash
from tests import imagefiles
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EvidenceFactory,
    ParentFactory,
    ReportFactory,
    SchoolFactory,
)
from tests.incidents.test_site_ban_link import approve_notice, intend

TOKEN = "a-follow-up-token-for-messages-0123456789abcdefgh"
OTHER_TOKEN = "another-reporters-token-for-messages-0123456789ab"
SECRET = "MARKER-SECRET"


@pytest.fixture
def report(school):
    return ReportFactory(
        case__school=school,
        case__status=Case.Status.GATHERING_INFORMATION,
        token_hash=token_hash(TOKEN),
        reporter_email="pat@example.org",
        description="They posted my child's photo with a mocking caption.",
    )


def send(client, user, case, report, text):
    client.force_login(user)
    return client.post(
        f"/staff/cases/{case.reference}/message/", {"report": report.pk, "text": text}
    )


def test_every_school_gets_the_standard_replies_and_outcome_messages(school):
    replies = StandardReply.objects.filter(school=school)
    assert replies.count() == len(DEFAULT_REPLIES)
    everyday = [r.title for r in replies if not r.outcome]
    assert "We need more information" in everyday
    assert replies.get(outcome=Case.Outcome.RESOLVED).text.startswith("We have finished")


def test_the_administrator_edits_a_standard_reply_and_staff_start_from_it(
    admin_client, client, school, slt, report
):
    reply = StandardReply.objects.get(school=school, title="We need more information")
    response = admin_client.post(
        f"/admin/incidents/standardreply/{reply.pk}/change/",
        {
            "school": school.pk,
            "title": reply.title,
            "text": "Please send us the date and a screenshot.",
            "outcome": "",
            "position": reply.position,
        },
    )
    assert response.status_code == 302
    client.force_login(slt)
    page = client.get(f"/staff/cases/{report.case.reference}/message/?reply={reply.pk}")
    assert "Please send us the date and a screenshot.</textarea>" in page.content.decode()


def test_staff_message_is_on_the_chronology_and_the_reporters_page(
    client, school, slt, report, django_capture_on_commit_callbacks
):
    client.force_login(slt)
    before = client.get(report.case.get_absolute_url()).content.decode()  # cached
    assert "Message sent to the reporter" not in before
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, slt, report.case, report, "Thank you, we are looking into it.")
    assert response.status_code == 302
    event = CaseEvent.objects.get(case=report.case, kind=CaseEvent.Kind.REPORTER_MESSAGE)
    assert event.actor == slt and event.data == {"report": report.pk}
    case_page = client.get(report.case.get_absolute_url()).content.decode()
    assert "Message sent to the reporter" in case_page
    assert "Sent to the reporter by" in case_page
    page = Client().get(f"/concern/{TOKEN}/").content.decode()
    assert "Thank you, we are looking into it." in page
    assert f"From {school.name}" in page
    assert "They posted my child&#x27;s photo with a mocking caption." in page


def test_the_email_says_only_that_there_is_a_message(
    client, slt, report, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client, slt, report.case, report, f"{SECRET} we spoke to the other family")
    [email] = [m for m in mail.outbox if m.to == ["pat@example.org"]]
    assert Notification.objects.get(kind=Notification.Kind.REPORTER_MESSAGE).recipient == (
        "pat@example.org"
    )
    assert "has written to you" in email.body
    everything = email.subject + email.body + str(email.message())
    assert SECRET not in everything and "other family" not in everything
    assert TOKEN not in everything and "/concern/" not in everything


def test_no_email_for_a_reporter_who_gave_no_address(
    client, slt, report, django_capture_on_commit_callbacks
):
    report.reporter_email = ""
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        send(client, slt, report.case, report, "We are looking into it.")
    assert not Notification.objects.filter(kind=Notification.Kind.REPORTER_MESSAGE).exists()
    assert "We are looking into it." in Client().get(f"/concern/{TOKEN}/").content.decode()


def test_the_reporter_replies_with_a_screenshot_and_staff_see_it_with_their_report(
    client, slt, report
):
    reporter_message_send(report=report, text="Which day was it?", by=slt)
    reporter = Client()
    response = reporter.post(
        f"/concern/{TOKEN}/",
        {"text": "It was Tuesday evening.", "screenshots": [imagefiles.png()]},
    )
    assert response.status_code == 302
    page = reporter.get(response.url).content.decode()
    assert page.index("Which day was it?") < page.index("It was Tuesday evening.")
    screenshot = Evidence.objects.get(report=report)
    thumbnail = f"/concern/{TOKEN}/screenshot/{screenshot.public_id}/"
    assert thumbnail in page
    assert reporter.get(thumbnail)["Content-Type"] == "image/jpeg"
    client.force_login(slt)
    case_page = client.get(report.case.get_absolute_url()).content.decode()
    assert "From the reporter" in case_page and "It was Tuesday evening." in case_page


def test_a_reply_is_validated_as_at_intake_and_keeps_the_text(client, report):
    response = Client().post(
        f"/concern/{TOKEN}/",
        {"text": "My reply", "screenshots": [imagefiles.svg_with_script()]},
    )
    assert "My reply" in response.content.decode()
    assert not Evidence.objects.exists()
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).exists()


def test_the_reporter_never_sees_internal_entries_or_staff_evidence(client, slt, report):
    case = report.case
    for kind in CaseEvent.Kind.values:
        if kind not in (CaseEvent.Kind.REPORTER_MESSAGE, CaseEvent.Kind.REPORTER_UPDATE):
            CaseEventFactory(case=case, kind=kind, actor=slt, text=f"{SECRET}-{kind}")
    # An entry of a reporter's kind that names no report is not for this reporter either.
    CaseEventFactory(case=case, kind=CaseEvent.Kind.REPORTER_MESSAGE, text=f"{SECRET}-no-report")
    staff_file = EvidenceFactory(case=case, report=None, added_by=slt, original_name="staff.png")
    page = Client().get(f"/concern/{TOKEN}/").content.decode()
    assert SECRET not in page
    assert str(staff_file.public_id) not in page
    assert Client().get(f"/concern/{TOKEN}/screenshot/{staff_file.public_id}/").status_code == 404


def test_a_reporter_on_a_merged_case_sees_only_their_own_report_and_screenshots(
    client, school, slt, report
):
    other = ReportFactory(
        case__school=school,
        token_hash=token_hash(OTHER_TOKEN),
        description=f"{SECRET}-other-report",
    )
    theirs = EvidenceFactory(case=other.case, report=other, added_by_reporter=True)
    mine = EvidenceFactory(case=report.case, report=report, added_by_reporter=True)
    reporter_message_send(report=other, text=f"{SECRET}-to-the-other-reporter", by=slt)
    reporter_message_send(report=report, text="To you, before the merge.", by=slt)
    case_merge(case=other.case, into=report.case, by=slt)
    reporter_message_send(report=report, text="To you, after the merge.", by=slt)

    reporter = Client()
    page = reporter.get(f"/concern/{TOKEN}/").content.decode()
    assert "To you, before the merge." in page and "To you, after the merge." in page
    assert SECRET not in page
    assert str(mine.public_id) in page and str(theirs.public_id) not in page
    assert reporter.get(f"/concern/{TOKEN}/screenshot/{theirs.public_id}/").status_code == 404
    # The other reporter still reads their own message, on the case it was merged into.
    other_page = Client().get(f"/concern/{OTHER_TOKEN}/").content.decode()
    assert f"{SECRET}-to-the-other-reporter" in other_page
    assert "To you, before the merge." not in other_page


def test_another_cases_token_does_not_open_this_cases_screenshots(school, report):
    ReportFactory(case__school=school, token_hash=token_hash(OTHER_TOKEN))
    mine = EvidenceFactory(case=report.case, report=report, added_by_reporter=True)
    other = Client()
    assert other.get(f"/concern/{OTHER_TOKEN}/screenshot/{mine.public_id}/").status_code == 404
    assert other.get(f"/concern/not-a-token/screenshot/{mine.public_id}/").status_code == 404
    assert str(mine.public_id) not in other.get(f"/concern/{OTHER_TOKEN}/").content.decode()


def test_the_bursar_cannot_message_the_reporter(client, bursar, report):
    client.force_login(bursar)
    assert client.get(f"/staff/cases/{report.case.reference}/message/").status_code == 403
    assert send(client, bursar, report.case, report, "Hello").status_code == 403
    with pytest.raises(NotPermitted):
        reporter_message_send(report=report, text="Hello", by=bursar)
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_MESSAGE).exists()
    page = client.get(report.case.get_absolute_url()).content.decode()
    assert "Message the reporter" not in page


def test_another_schools_staff_get_a_404_and_nothing_is_sent(client, other_head, report):
    assert send(client, other_head, report.case, report, "Hello").status_code == 404
    with pytest.raises(NotPermitted):
        reporter_message_send(report=report, text="Hello", by=other_head)
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_MESSAGE).exists()


def test_a_report_of_another_case_cannot_be_chosen(client, school, slt, report):
    elsewhere = ReportFactory(case__school=school)
    response = send(client, slt, report.case, elsewhere, "Hello")
    assert response.status_code == 200
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_MESSAGE).exists()


def test_closing_sends_the_outcome_message_as_edited(
    client, head, report, django_capture_on_commit_callbacks
):
    client.force_login(head)
    url = f"/staff/cases/{report.case.reference}/do/close/"
    form = client.get(url).content.decode()
    assert 'id="outcome-messages"' in form and "We have finished looking into" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {"outcome": "resolved", "note": "", "reporter_message": "We have acted. Thank you."},
        )
    assert response.status_code == 302
    report.case.refresh_from_db()
    assert report.case.status == Case.Status.CLOSED
    message = CaseEvent.objects.get(kind=CaseEvent.Kind.REPORTER_MESSAGE)
    assert message.text == "We have acted. Thank you." and message.actor == head
    assert [m.to for m in mail.outbox if m.to == ["pat@example.org"]]
    page = Client().get(f"/concern/{TOKEN}/").content.decode()
    assert "We have acted. Thank you." in page and "This concern is closed" in page


def test_dismissing_proposes_the_standard_message_and_an_empty_one_sends_nothing(
    client, school, slt
):
    report = ReportFactory(case__school=school, token_hash=token_hash(TOKEN))
    client.force_login(slt)
    url = f"/staff/cases/{report.case.reference}/do/dismiss/"
    dismissed = StandardReply.objects.get(school=school, outcome=Case.Outcome.DISMISSED).text
    assert dismissed in client.get(url).content.decode()
    response = client.post(url, {"note": "Not about a parent.", "reporter_message": ""})
    assert response.status_code == 302
    report.case.refresh_from_db()
    assert report.case.status == Case.Status.CLOSED
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_MESSAGE).exists()


def test_a_refused_close_sends_no_message(client, slt, report):
    """SLT may not close a case at the warning-letter step: nothing reaches the reporter."""
    Case.objects.filter(pk=report.case.pk).update(status=Case.Status.WARNING_LETTER)
    client.force_login(slt)
    client.post(
        f"/staff/cases/{report.case.reference}/do/close/",
        {"outcome": "resolved", "reporter_message": "Closed."},
    )
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_MESSAGE).exists()


def test_a_new_schools_defaults_come_from_the_signal(db):
    school = SchoolFactory()
    assert StandardReply.objects.filter(school=school, outcome="").count() == 3


def test_the_reporters_page_reads_in_a_fixed_number_of_queries(
    slt, report, django_assert_max_num_queries
):
    for number in range(5):
        reporter_message_send(report=report, text=f"Message {number}", by=slt)
        EvidenceFactory(case=report.case, report=report, added_by_reporter=True)
    with django_assert_max_num_queries(3):  # the report, its screenshots, its entries
        page = Client().get(f"/concern/{TOKEN}/").content.decode()
    assert len(re.findall(r"/screenshot/", page)) == 5


def test_the_parent_the_case_is_about_never_sees_the_messages(school, head, slt):
    """The site-ban parent's own link page shows what their letter said, never the reporter's
    conversation with the school."""
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    case.parents.add(ParentFactory(school=school, full_name="Sam Threat"))
    report = ReportFactory(case=case, school=school, token_hash=token_hash(TOKEN))
    reporter_message_send(report=report, text=f"{SECRET}-to-the-reporter", by=head)
    Client().post(f"/concern/{TOKEN}/", {"text": f"{SECRET}-reply", "screenshots": []})
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REPORTER_UPDATE).exists()
    link = approve_notice(intend(case, head), head)
    page = Client().get(link).content.decode()
    assert "Intended ban" in page
    assert SECRET not in page
