"""SLT send a draft letter to the headteacher for approval: it waits in their queue, the
chronology says so, and the headteacher is e-mailed a link (never the wording)."""

import pytest

from incidents.models import CaseEvent, Notification
from letters.models import Letter
from tests.factories import LetterFactory


@pytest.fixture
def draft(case, slt):
    return LetterFactory(case=case, parent=case.parents.get(), created_by=slt)


def request_approval(client, letter):
    return client.post(f"/staff/letters/{letter.pk}/request-approval/")


def approval_events(letter):
    return CaseEvent.objects.filter(
        case=letter.case, kind=CaseEvent.Kind.LETTER, data__step="approval_requested"
    )


def test_slt_sends_a_draft_for_approval_and_the_headteacher_is_told(
    client, draft, slt, head, django_capture_on_commit_callbacks, mailoutbox
):
    slt.first_name, slt.last_name = "Sam", "Leader"
    slt.save()
    client.force_login(slt)
    with django_capture_on_commit_callbacks(execute=True):
        response = request_approval(client, draft)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.awaiting_approval and draft.status == Letter.Status.DRAFT
    assert draft.approval_requested_by == slt
    event = approval_events(draft).get()
    assert event.actor == slt and draft.title in event.text
    note = Notification.objects.get(kind=Notification.Kind.LETTER_APPROVAL)
    assert note.recipient == head.email and note.case == draft.case
    assert f"/staff/letters/{draft.pk}/" in note.body and "Sam Leader" in note.body
    assert "breached" not in note.body  # the wording stays in ConductDesk
    assert [m.to for m in mailoutbox] == [[head.email]]
    page = client.get(f"/staff/letters/{draft.pk}/").content.decode()
    assert "Waiting for the headteacher's approval since" in page
    assert "Send to the headteacher for approval</a>" not in page


def test_the_button_is_offered_to_slt_on_a_draft_only(client, draft, slt, head):
    client.force_login(slt)
    assert "Send to the headteacher for approval</a>" in (
        client.get(f"/staff/letters/{draft.pk}/").content.decode()
    )
    client.force_login(head)  # the headteacher approves it instead
    assert "Send to the headteacher for approval</a>" not in (
        client.get(f"/staff/letters/{draft.pk}/").content.decode()
    )


def test_sending_twice_is_refused_and_written_once(client, draft, slt, head):
    client.force_login(slt)
    request_approval(client, draft)
    response = request_approval(client, draft)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages][-1:]
    assert messages == ["This letter is already waiting for the headteacher's approval."]
    assert approval_events(draft).count() == 1
    assert Notification.objects.filter(kind=Notification.Kind.LETTER_APPROVAL).count() == 1


@pytest.mark.parametrize("status", [Letter.Status.APPROVED, Letter.Status.CANCELLED])
def test_only_a_draft_can_be_sent_for_approval(client, case, slt, status):
    letter = LetterFactory(case=case, status=status)
    client.force_login(slt)
    request_approval(client, letter)
    letter.refresh_from_db()
    assert letter.approval_requested_at is None and not approval_events(letter).exists()


def test_bursar_is_refused_and_nothing_changes(client, draft, bursar):
    client.force_login(bursar)
    assert request_approval(client, draft).status_code == 403
    draft.refresh_from_db()
    assert draft.approval_requested_at is None and not approval_events(draft).exists()


def test_another_schools_slt_cannot_send_it(client, draft, other_slt):
    client.force_login(other_slt)
    assert request_approval(client, draft).status_code == 404
    draft.refresh_from_db()
    assert draft.approval_requested_at is None
    assert not Notification.objects.exists()


def test_anonymous_is_sent_to_sign_in(client, draft):
    response = request_approval(client, draft)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    draft.refresh_from_db()
    assert draft.approval_requested_at is None


def test_a_headteachers_own_draft_waits_for_their_approval_at_once(case, slt, head):
    from tests.letters.helpers import approve_escalation

    letter = approve_escalation(case, slt, head)
    assert letter.awaiting_approval and letter.approval_requested_by == head
    assert not approval_events(letter).exists()  # its "Draft" entry says it all


def test_an_slt_draft_does_not_wait_until_sent(client, case, slt):
    client.force_login(slt)
    parent = case.parents.get()
    client.post(f"/staff/letters/new/{case.reference}/", {"kind": "warning", "parent": parent.pk})
    letter = Letter.objects.get(case=case)
    assert not letter.awaiting_approval
