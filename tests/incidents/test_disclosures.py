"""Whoever calls them, the services that show case content refuse a person without the right
and write the access-audit row before anything is shown; the file views find a file only in the
school the person is working in."""

import pytest
from django.db import DatabaseError

from audit.models import AccessEvent
from incidents.selectors.case_detail import case_for_page
from incidents.services.disclosures import case_page_open, case_record_open, evidence_open
from incidents.services.errors import NotPermitted
from policies.models import Membership
from tests.factories import CaseFactory, EvidenceFactory, MembershipFactory


def url(evidence, thumbnail=False):
    return f"/staff/evidence/{evidence.public_id}/{'thumbnail/' if thumbnail else ''}"


def work_in(client, school):
    assert client.post("/staff/school/", {"school": school.pk}).status_code == 302


@pytest.fixture
def two_school_head(head, other_school):
    """The head of Oakfield, who is also on Elmwood's SLT."""
    Membership.objects.create(user=head, school=other_school, role=Membership.Role.SLT)
    return head


@pytest.mark.parametrize("thumbnail", [False, True])
def test_working_in_one_school_another_schools_evidence_is_not_found(
    client, two_school_head, school, other_school, thumbnail
):
    elsewhere = EvidenceFactory(case__school=other_school)
    client.force_login(two_school_head)
    work_in(client, school)
    assert client.get(url(elsewhere, thumbnail)).status_code == 404
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.OPEN_EVIDENCE).exists()


def test_after_switching_school_its_evidence_opens(client, two_school_head, other_school):
    elsewhere = EvidenceFactory(case__school=other_school)
    client.force_login(two_school_head)
    work_in(client, other_school)
    assert client.get(url(elsewhere)).status_code == 200
    event = AccessEvent.objects.get(action=AccessEvent.Action.OPEN_EVIDENCE)
    assert (event.role, event.school_id, event.case_id) == (
        Membership.Role.SLT,
        other_school.pk,
        elsewhere.case_id,
    )


def test_bursar_opening_evidence_directly_is_refused_and_nothing_recorded(school, bursar):
    evidence = EvidenceFactory(case__school=school)
    with pytest.raises(NotPermitted):
        evidence_open(evidence=evidence, by=bursar)
    assert not AccessEvent.objects.exists()


def test_another_schools_head_opening_evidence_directly_is_refused(school, other_head):
    evidence = EvidenceFactory(case__school=school)
    with pytest.raises(NotPermitted):
        evidence_open(evidence=evidence, by=other_head)
    assert not AccessEvent.objects.exists()


def test_evidence_is_not_served_when_its_opening_cannot_be_recorded(
    client, school, slt, monkeypatch
):
    evidence = EvidenceFactory(case__school=school)

    def broken(**kwargs):
        raise DatabaseError("audit table unavailable")

    client.force_login(slt)
    monkeypatch.setattr(AccessEvent.objects, "create", broken)
    with pytest.raises(DatabaseError):
        client.get(url(evidence))


def test_bursar_opening_the_case_page_directly_is_refused(school, bursar):
    case = CaseFactory(school=school)
    with pytest.raises(NotPermitted):
        case_page_open(case=case_for_page(school=school, reference=case.reference), by=bursar)
    assert not AccessEvent.objects.exists()


def test_another_schools_bursar_opening_a_record_directly_is_refused(school, other_school):
    other_bursar = MembershipFactory(school=other_school, role=Membership.Role.BURSAR).user
    case = CaseFactory(school=school)
    with pytest.raises(NotPermitted):
        case_record_open(case=case, by=other_bursar)
    assert not AccessEvent.objects.exists()


def test_bursar_opening_a_record_is_recorded_against_the_case(school, bursar):
    case = CaseFactory(school=school)
    case_record_open(case=case, by=bursar, address="192.0.2.1")
    event = AccessEvent.objects.get()
    assert (event.action, event.role, event.case_id, event.client_address) == (
        AccessEvent.Action.VIEW_RECORD,
        Membership.Role.BURSAR,
        case.pk,
        "192.0.2.1",
    )
