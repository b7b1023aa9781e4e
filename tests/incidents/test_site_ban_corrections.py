"""An intended ban can be corrected or withdrawn by the headteacher before the decision."""

import datetime

import pytest
from django.utils import timezone

from incidents.models import Case, CaseEvent, SiteBan
from letters.models import Kind, Letter
from tests.factories import CaseFactory, ParentFactory, SiteBanFactory


@pytest.fixture
def ban(school, head):
    case = CaseFactory(school=school, status=Case.Status.SITE_BAN)
    parent = ParentFactory(school=school, full_name="Sam Threat")
    case.parents.add(parent)
    today = timezone.localdate()
    ban = SiteBanFactory(
        case=case,
        parent=parent,
        reasons="Threats in the car park.",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=120),
        review_on=today + datetime.timedelta(days=60),
    )
    Letter.objects.create(
        case=case,
        kind=Kind.SITE_BAN_INTENDED,
        parent=parent,
        site_ban=ban,
        title="Notice",
        body="{{ ban_reasons }}",
        created_by=head,
    )
    return ban


def url(ban, step):
    return f"/staff/cases/{ban.case.reference}/site-ban/{ban.pk}/{step}/"


def correction(ban, **changes):
    data = {
        "reasons": ban.reasons,
        "conditions": ban.conditions,
        "starts_on": ban.starts_on.isoformat(),
        "ends_on": ban.ends_on.isoformat(),
        "review_on": ban.review_on.isoformat(),
        "representation_deadline": ban.representation_deadline.isoformat(),
    }
    data.update(changes)
    return data


def ban_events(ban):
    return CaseEvent.objects.filter(case=ban.case, kind=CaseEvent.Kind.SITE_BAN)


def test_head_corrects_an_intended_ban_and_the_chronology_shows_before_and_after(client, ban, head):
    client.force_login(head)
    assert client.get(url(ban, "correct")).status_code == 200
    new_end = ban.ends_on + datetime.timedelta(days=10)
    response = client.post(
        url(ban, "correct"),
        correction(
            ban,
            reasons="Threats to a teacher in the car park.",
            conditions="May collect the children at the gate.",
            ends_on=new_end.isoformat(),
        ),
    )
    assert response.status_code == 302
    ban.refresh_from_db()
    assert (ban.reasons, ban.conditions, ban.ends_on) == (
        "Threats to a teacher in the car park.",
        "May collect the children at the gate.",
        new_end,
    )
    event = ban_events(ban).get()
    assert "Reasons: Threats in the car park. → Threats to a teacher in the car park." in event.text
    assert f"Ends on: {ban.ends_on - datetime.timedelta(days=10):%-d %B %Y} → " in event.text
    assert event.actor == head and set(event.data["changes"]) == {
        "reasons",
        "conditions",
        "ends_on",
    }


def test_a_correction_keeps_the_date_rules_and_what_was_typed(client, ban, head):
    client.force_login(head)
    late = (ban.ends_on + datetime.timedelta(days=1)).isoformat()
    response = client.post(
        url(ban, "correct"), correction(ban, reasons="A new reason typed", review_on=late)
    )
    page = response.content.decode()
    assert response.status_code == 200 and "before it ends" in page and "A new reason typed" in page
    ban.refresh_from_db()
    assert ban.reasons == "Threats in the car park." and not ban_events(ban).exists()


def test_a_decided_ban_cannot_be_corrected_or_withdrawn(client, ban, head):
    SiteBan.objects.filter(pk=ban.pk).update(state=SiteBan.State.CONFIRMED)
    client.force_login(head)
    page = client.post(url(ban, "correct"), correction(ban, reasons="Changed")).content.decode()
    assert "Only an intended ban can be corrected or withdrawn" in page
    page = client.post(url(ban, "withdraw"), {"reason": "Mistake"}).content.decode()
    assert "Only an intended ban can be corrected or withdrawn" in page
    ban.refresh_from_db()
    assert (ban.state, ban.reasons) == (SiteBan.State.CONFIRMED, "Threats in the car park.")


def test_slt_can_neither_correct_nor_withdraw_a_ban(client, ban, slt):
    client.force_login(slt)
    assert client.post(url(ban, "correct"), correction(ban, reasons="x")).status_code == 403
    assert client.post(url(ban, "withdraw"), {"reason": "x"}).status_code == 403
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.INTENDED


def test_a_ban_recorded_by_mistake_is_withdrawn_at_once_and_its_draft_notice_cancelled(
    client, ban, head
):
    assert ban.representation_deadline > timezone.localdate()  # no waiting for the deadline
    client.force_login(head)
    response = client.post(url(ban, "withdraw"), {"reason": "Recorded on the wrong case."})
    assert response.status_code == 302
    ban.refresh_from_db()
    assert (ban.state, ban.decided_by) == (SiteBan.State.WITHDRAWN, head)
    assert list(ban.letters.values_list("kind", "status")) == [
        (Kind.SITE_BAN_INTENDED, Letter.Status.CANCELLED)
    ]
    assert "withdrawn. Recorded on the wrong case." in ban_events(ban).get().text
    page = client.get(ban.case.get_absolute_url()).content.decode()
    assert url(ban, "decision") not in page and url(ban, "withdraw") not in page


def test_withdrawing_after_the_notice_was_sent_drafts_a_withdrawal_letter(client, ban, head):
    ban.letters.update(status=Letter.Status.SENT)
    client.force_login(head)
    client.post(url(ban, "withdraw"), {"reason": "The parent has apologised to the teacher."})
    withdrawal = ban.letters.get(status=Letter.Status.DRAFT)
    assert (withdrawal.kind, withdrawal.parent) == (Kind.SITE_BAN_WITHDRAWN, ban.parent)


def test_withdrawal_needs_a_reason(client, ban, head):
    client.force_login(head)
    response = client.post(url(ban, "withdraw"), {"reason": "  "})
    assert response.status_code == 200 and "There is a problem" in response.content.decode()
    ban.refresh_from_db()
    assert ban.state == SiteBan.State.INTENDED
