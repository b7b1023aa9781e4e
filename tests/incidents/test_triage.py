import pytest

from incidents.models import Case, CaseEvent, Evidence, Parent, Report
from incidents.selectors.case_detail import case_timeline
from tests.factories import (
    CaseEventFactory,
    CaseFactory,
    EvidenceFactory,
    ParentFactory,
    ReportFactory,
)


@pytest.fixture
def case(school):
    return ReportFactory(case__school=school, person_concerned="Jo Bloggs").case


def url(case, action):
    return f"/staff/cases/{case.reference}/{action}/"


def test_assign_owner_writes_the_chronology(client, case, slt, head):
    client.force_login(slt)
    client.post(url(case, "owner"), {"owner": head.pk})
    case.refresh_from_db()
    assert case.owner == head
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.OWNER_ASSIGNED).exists()


def test_owner_must_be_staff_of_this_school(client, case, slt, other_head, bursar):
    client.force_login(slt)
    for outsider in (other_head, bursar):
        page = client.post(url(case, "owner"), {"owner": outsider.pk}).content.decode()
        assert "Select a valid choice" in page
    case.refresh_from_db()
    assert case.owner is None


def test_link_parent_prefills_who_posted_it_and_creates_the_parent(client, case, slt):
    client.force_login(slt)
    assert 'value="Jo Bloggs"' in client.get(url(case, "parent")).content.decode()
    client.post(url(case, "parent"), {"full_name": "Jo Bloggs", "year_groups": "Year 4"})
    parent = Parent.objects.get()
    assert (parent.school, list(case.parents.all())) == (case.school, [parent])
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.PARENT_LINKED).exists()


def test_link_existing_parent_of_this_school_only(client, case, slt, other_school):
    mine = ParentFactory(school=case.school)
    theirs = ParentFactory(school=other_school)
    client.force_login(slt)
    client.post(url(case, "parent"), {"parent": theirs.pk})
    assert not case.parents.exists()
    client.post(url(case, "parent"), {"parent": mine.pk})
    assert list(case.parents.all()) == [mine]


def test_categories_come_from_the_schools_code(client, case, slt, other_school):
    own = case.school.codes.get().breach_categories.first()
    foreign = other_school.codes.get().breach_categories.first()
    client.force_login(slt)
    client.post(url(case, "categories"), {"categories": [foreign.pk]})
    assert not case.breach_categories.exists()
    client.post(url(case, "categories"), {"categories": [own.pk]})
    assert list(case.breach_categories.all()) == [own]


def test_dismiss_needs_a_reason(client, case, slt):
    client.force_login(slt)
    page = client.post(url(case, "do/dismiss"), {"note": ""}).content.decode()
    assert "This field is required" in page
    case.refresh_from_db()
    assert case.status == Case.Status.REPORTED
    client.post(url(case, "do/dismiss"), {"note": "Not about a class group"})
    case.refresh_from_db()
    assert (case.status, case.outcome) == (Case.Status.CLOSED, Case.Outcome.DISMISSED)


def test_merge_keeps_every_report_file_and_event(client, school, slt):
    source = ReportFactory(case__school=school).case
    target = ReportFactory(case__school=school).case
    EvidenceFactory(case=source)
    CaseEventFactory(case=source, text="Source note")
    CaseEventFactory(case=target, text="Target note")
    source.parents.add(ParentFactory(school=school))
    events_before = CaseEvent.objects.count()
    client.force_login(slt)
    response = client.post(url(source, "merge"), {"into": target.reference})
    assert response.status_code == 302
    source.refresh_from_db()
    assert source.status == Case.Status.CLOSED
    assert (source.outcome, source.merged_into) == (Case.Outcome.DUPLICATE, target)
    assert Report.objects.filter(case=target).count() == 2
    assert Evidence.objects.filter(case=target).count() == 1
    assert target.parents.count() == 1
    # nothing deleted: two new events (the closing transition and the merge note)
    assert CaseEvent.objects.count() == events_before + 2
    texts = [e.text for e in case_timeline(case=target)]
    assert "Source note" in texts and "Target note" in texts
    page = client.get(target.get_absolute_url()).content.decode()
    assert "Source note" in page and f"from {source.reference}" in page


def test_cannot_merge_into_another_schools_case(client, school, other_school, slt):
    source = CaseFactory(school=school)
    foreign = CaseFactory(school=other_school)
    client.force_login(slt)
    page = client.post(url(source, "merge"), {"into": foreign.reference}).content.decode()
    assert "Select a valid choice" in page
    source.refresh_from_db()
    assert source.status == Case.Status.REPORTED


@pytest.mark.parametrize("action", ["owner", "parent", "categories", "merge", "note"])
def test_bursar_gets_403_and_nothing_changes(client, case, bursar, action):
    client.force_login(bursar)
    events = CaseEvent.objects.count()
    assert client.post(url(case, action), {"text": "x", "full_name": "X"}).status_code == 403
    assert CaseEvent.objects.count() == events
