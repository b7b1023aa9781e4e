"""Disposal: the headteacher approves, the personal data goes for good, a record stays."""

import pytest
from django.core.cache import caches

from audit.models import AccessEvent
from incidents.models import Case, CaseStamp, CaseStatusCount, Parent
from retention.models import DisposalRecord, DueItem, Series
from retention.services.due import due_list_refresh
from retention.services.holds import legal_hold_set
from tests.factories import CaseFactory, LegalHoldFactory, ParentFactory
from tests.retention.conftest import MARKERS
from tests.retention.scan import files_text, markers_in, tables_text
from vault.models import FileKey

DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "conductdesk_cache",
    }
}


def case_item(case) -> DueItem:
    items = [item for item in due_list_refresh(school=case.school) if item.case_id == case.pk]
    assert len(items) == 1
    return items[0]


def approve(client, user, *items):
    """The list's form, then the confirmation page's."""
    client.force_login(user)
    ids = [item.pk for item in items]
    first = client.post("/staff/retention/dispose/", {"items": ids})
    second = client.post("/staff/retention/dispose/", {"items": ids, "confirmed": "on"})
    return first, second


def test_after_disposal_no_marker_is_in_any_table_or_file(
    client, admin_client, settings, marked_case, head
):
    # The database cache keeps the case page's body in a table: it must go too.
    settings.CACHES = DATABASE_CACHE
    client.force_login(head)
    assert client.get(marked_case.get_absolute_url()).status_code == 200
    # An administrator's look at the parent is audited, and the audit outlives the case.
    parent = marked_case.parents.get()
    assert admin_client.get(f"/admin/incidents/parent/{parent.pk}/change/").status_code == 200
    before = markers_in({**tables_text(), **files_text()}, MARKERS)
    # The scan finds every marker while the case exists: in its rows, the cached page, the
    # evidence files, the letter PDF, the bundle PDF and the XLSX export.
    assert set(before) == set(MARKERS)
    assert "conductdesk_cache" in before["zqxnote"]
    files = {where for places in before.values() for where in places if "/" in where}
    assert {where.split("/")[1] for where in files} >= {"evidence", "letters", "exports"}
    names = [where.split("/", 1)[1] for where in files]  # under MEDIA_ROOT/private
    assert FileKey.objects.filter(name__in=names).count() == len(files)

    item = case_item(marked_case)
    first, second = approve(client, head, item)
    assert first.status_code == 200 and marked_case.reference in first.content.decode()
    assert second.status_code == 302

    assert markers_in({**tables_text(), **files_text()}, MARKERS) == {}
    # The files' keys go with them: a backup copy of a file decrypts no more than the file.
    assert not FileKey.objects.filter(name__in=names).exists()
    assert not Case.objects.filter(pk=marked_case.pk).exists()
    assert not CaseStamp.objects.filter(case_id=marked_case.pk).exists()
    record = DisposalRecord.objects.get(reference=marked_case.reference)
    assert record.approved_by == head and record.series == Series.CLOSED_CASES
    destroyed = dict(map(tuple, record.categories))
    assert destroyed["Evidence files"] == 1 and destroyed["Letters and their PDFs"] == 1
    assert destroyed["Parents' names and contact details"] == 1
    assert destroyed["Safeguarding alerts and the DSL's decisions"] == 1
    assert record.outcome == "Resolved" and "complaints files" in record.rule
    certificate = client.get(f"/staff/retention/records/{record.pk}/").content.decode()
    assert "Certificate of destruction" in certificate and marked_case.reference in certificate
    assert CaseStatusCount.objects.get(school=marked_case.school, status="closed").count == 0
    # The access audit keeps its rows (under its own schedule row): references, not people.
    assert AccessEvent.objects.filter(case_id=marked_case.pk).exists()


def test_a_parent_linked_to_another_case_stays_with_that_case(client, school, head):
    old = CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=_years_ago(7))
    current = CaseFactory(school=school)
    shared, alone = ParentFactory(school=school), ParentFactory(school=school)
    old.parents.add(shared, alone)
    current.parents.add(shared)
    approve(client, head, case_item(old))
    assert list(current.parents.all()) == [shared]
    assert not Parent.objects.filter(pk=alone.pk).exists()


def _years_ago(years):
    from tests.retention.conftest import years_ago

    return years_ago(years)


def test_a_held_case_past_retention_is_listed_as_held_and_not_disposed_of(client, school, head):
    hold = LegalHoldFactory(case__school=school, set_by=head)
    item = case_item(hold.case)
    assert item.held
    client.force_login(head)
    page = client.get("/staff/retention/").content.decode()
    assert "Legal hold" in page and f'value="{item.pk}"' not in page
    _, second = approve(client, head, item)
    assert second.status_code == 302
    assert Case.objects.filter(pk=hold.case.pk).exists()
    assert not DisposalRecord.objects.exists()
    assert "legal hold" in " ".join(m.message for m in second.wsgi_request._messages)


def test_a_hold_set_after_the_list_was_made_still_stops_the_disposal(client, school, head):
    case = CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=_years_ago(7))
    item = case_item(case)
    legal_hold_set(case=case, reason="A claim was issued this morning.", by=head)
    DueItem.objects.filter(pk=item.pk).update(held=False)  # as if listed before the hold
    approve(client, head, item)
    assert Case.objects.filter(pk=case.pk).exists() and not DisposalRecord.objects.exists()


@pytest.mark.parametrize("who", ["slt", "bursar", "other_head"])
def test_only_the_headteacher_approves_disposal(client, request, school, head, who):
    case = CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=_years_ago(7))
    item = case_item(case)
    first, second = approve(client, request.getfixturevalue(who), item)
    # Another school's headteacher reaches their own (empty) list: the item is not theirs.
    expected = 302 if who == "other_head" else 403
    assert first.status_code == second.status_code == expected
    assert Case.objects.filter(pk=case.pk).exists()
    assert DueItem.objects.filter(pk=item.pk).exists()
    assert not DisposalRecord.objects.exists()


def test_a_case_not_yet_due_is_not_listed(school):
    CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=_years_ago(5))
    CaseFactory(school=school, status=Case.Status.GATHERING_INFORMATION)
    assert due_list_refresh(school=school) == []


def test_a_dismissed_concern_is_due_after_its_own_shorter_row(school):
    case = CaseFactory(
        school=school,
        status=Case.Status.CLOSED,
        outcome=Case.Outcome.DISMISSED,
        closed_at=_years_ago(1),
    )
    assert case_item(case).series == Series.DISMISSED_CONCERNS


def test_disposal_forgets_the_cached_case_page(client, settings, school, head):
    # An in-process cache whose keys the test can list, whichever cache the run uses.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    stored = caches["default"]._cache
    case = CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=_years_ago(7))
    client.force_login(head)
    client.get(case.get_absolute_url())
    assert any(f"case-page:{case.pk}:" in key for key in stored)
    approve(client, head, case_item(case))
    assert not any(f"case-page:{case.pk}:" in key for key in stored)
