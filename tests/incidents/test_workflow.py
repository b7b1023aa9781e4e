"""Escalations and transitions through the workflow service (incidents.services.workflow)."""

import datetime
import re
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from incidents.models import Case, CaseEvent, EscalationRequest
from incidents.services.errors import NotNow
from incidents.services.workflow import escalation_decide
from policies.models import Membership
from tests.factories import CaseFactory, EscalationRequestFactory, MembershipFactory


@pytest.fixture
def case(school):
    return CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)


def propose(client, case, target=Case.Status.WARNING_LETTER, reason="Posted again after we spoke."):
    return client.post(
        f"/staff/cases/{case.reference}/escalate/", {"target": target, "reason": reason}
    )


def test_slt_proposes_and_nothing_moves_until_the_head_approves(client, case, slt):
    client.force_login(slt)
    assert propose(client, case).status_code == 302
    proposal = EscalationRequest.objects.get(case=case)
    case.refresh_from_db()
    assert case.status == Case.Status.SPEAKING_TO_PARENT
    assert proposal.decision == EscalationRequest.Decision.PENDING
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ESCALATION_PROPOSED).exists()


def test_head_approval_moves_the_case_and_records_both_names(client, case, slt, head):
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    client.force_login(head)
    response = client.post(
        f"/staff/approvals/{proposal.pk}/", {"decision": "approve", "note": "Agreed"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    proposal.refresh_from_db()
    assert case.status == Case.Status.WARNING_LETTER
    assert (proposal.decision, proposal.decided_by) == ("approved", head)
    transition = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.TRANSITION)
    assert transition.actor == head and transition.data["requested_by"] == slt.pk
    approved = CaseEvent.objects.get(case=case, kind=CaseEvent.Kind.ESCALATION_APPROVED)
    assert approved.data["requested_by"] == slt.get_full_name()


def test_head_rejection_records_the_reason_and_nothing_moves(client, case, slt, head):
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    client.force_login(head)
    client.post(
        f"/staff/approvals/{proposal.pk}/", {"decision": "reject", "note": "Speak to them first"}
    )
    case.refresh_from_db()
    proposal.refresh_from_db()
    assert case.status == Case.Status.SPEAKING_TO_PARENT
    assert (proposal.decision, proposal.decision_note) == ("rejected", "Speak to them first")
    assert not CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TRANSITION).exists()


def test_rejection_needs_a_reason(client, case, slt, head):
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    client.force_login(head)
    page = client.post(f"/staff/approvals/{proposal.pk}/", {"decision": "reject"}).content.decode()
    assert "reason for rejecting" in page
    proposal.refresh_from_db()
    assert proposal.decision == "pending"


def test_slt_cannot_approve_an_escalation(client, case, slt):
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    client.force_login(slt)
    response = client.post(f"/staff/approvals/{proposal.pk}/", {"decision": "approve"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    case.refresh_from_db()
    assert proposal.decision == "pending" and case.status == Case.Status.SPEAKING_TO_PARENT


def test_another_schools_head_cannot_see_or_decide(client, case, slt, other_head):
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    client.force_login(other_head)
    assert (
        client.post(f"/staff/approvals/{proposal.pk}/", {"decision": "approve"}).status_code == 404
    )
    assert proposal.case.reference not in client.get("/staff/approvals/").content.decode()


def test_second_proposal_while_one_is_pending_is_refused(client, case, slt):
    client.force_login(slt)
    propose(client, case)
    response = propose(client, case, target=Case.Status.MEETING)
    assert "already has a proposal" in response.content.decode()  # on the form, as typed
    assert EscalationRequest.objects.filter(case=case).count() == 1


def test_proposal_must_be_above_the_current_step(client, school, slt):
    case = CaseFactory(school=school, status=Case.Status.MEETING)
    client.force_login(slt)
    page = propose(client, case, target=Case.Status.WARNING_LETTER).content.decode()
    assert "Select a valid choice" in page
    assert not EscalationRequest.objects.exists()


def test_head_may_escalate_directly_skipping_steps(client, school, head):
    case = CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    client.force_login(head)
    client.post(f"/staff/cases/{case.reference}/do/escalate_to_site_ban/", {"note": "Threats"})
    case.refresh_from_db()
    assert case.status == Case.Status.SITE_BAN


def test_deciding_twice_tells_the_second_person(case, slt, head):
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    escalation_decide(escalation=proposal, by=head, approve=True)
    with pytest.raises(NotNow, match="already approved"):
        escalation_decide(escalation=proposal, by=head, approve=True)
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TRANSITION).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_approvals_at_once_make_exactly_one_transition(school):
    if connection.vendor != "postgresql":
        pytest.skip("needs real concurrent transactions (CI runs it on PostgreSQL)")
    heads = [
        MembershipFactory(school=school, role=Membership.Role.HEADTEACHER).user for _ in range(2)
    ]
    slt = MembershipFactory(school=school, role=Membership.Role.SLT).user
    case = CaseFactory(school=school, status=Case.Status.SPEAKING_TO_PARENT)
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(head):
        try:
            barrier.wait()
            escalation_decide(escalation=proposal, by=head, approve=True)
            outcomes.append("approved")
        except NotNow as refusal:
            outcomes.append(str(refusal))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve, args=(h,)) for h in heads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o[:8] for o in outcomes) == ["This pro", "approved"]
    assert "already approved" in next(o for o in outcomes if o != "approved")
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.TRANSITION).count() == 1
    case.refresh_from_db()
    assert case.status == Case.Status.WARNING_LETTER


def test_approvals_page_shows_twenty_oldest_then_the_rest(client, school, head, slt):
    start = timezone.now() - datetime.timedelta(days=30)
    proposals = [
        EscalationRequestFactory(
            case__school=school, requested_by=slt, requested_at=start + datetime.timedelta(hours=n)
        )
        for n in range(25)
    ]
    client.force_login(head)
    first = client.get("/staff/approvals/").content.decode()
    assert all(p.case.reference in first for p in proposals[:20])
    assert not any(p.case.reference in first for p in proposals[20:])
    after = re.search(r'href="\?after=([^"]+)">Next<', first).group(1)
    second = client.get(f"/staff/approvals/?after={after}").content.decode()
    assert all(p.case.reference in second for p in proposals[20:])
    assert "Next<" not in second and "First page" in second


def test_approvals_row_shows_the_start_of_a_long_reason(client, school, head, slt):
    EscalationRequestFactory(case__school=school, requested_by=slt, reason="a" * 199 + "bc" * 60)
    EscalationRequestFactory(case__school=school, requested_by=slt, reason="Short reason.")
    client.force_login(head)
    page = client.get("/staff/approvals/").content.decode()
    assert "a" * 199 + "b…" in page and "bc…" not in page
    assert "Short reason.<" in page
