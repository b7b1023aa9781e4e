"""Each school's retention schedule: defaults from the IRMS toolkit, edited by the
administrator, and what it makes due."""

import datetime

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from audit.models import AccessEvent
from exports.models import ExportJob, ExportRecord
from incidents.models import Case, CaseEvent, Evidence
from retention.models import DisposalRecord, RetentionRule, Series
from retention.services.due import due_list_refresh
from retention.services.schedule import DEFAULTS, years_after
from tests.factories import (
    AccessEventFactory,
    CaseFactory,
    EvidenceFactory,
    ExportJobFactory,
    ExportRecordFactory,
    SchoolFactory,
)
from tests.retention.conftest import years_ago


def test_a_new_school_gets_every_row_of_the_default_schedule(db):
    school = SchoolFactory()
    rules = {r.series: r for r in RetentionRule.objects.filter(school=school)}
    assert set(rules) == set(Series.values) == set(DEFAULTS)
    assert rules[Series.CLOSED_CASES].years == 6
    assert "IRMS" in rules[Series.CLOSED_CASES].basis


def test_the_administrator_edits_a_row_in_the_admin(admin_client, school):
    rule = RetentionRule.objects.get(school=school, series=Series.CLOSED_CASES)
    url = f"/admin/retention/retentionrule/{rule.pk}/change/"
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(
        url, {"years": 10, "trigger": "case closed", "basis": "Trust policy: ten years."}
    )
    assert response.status_code == 302
    rule.refresh_from_db()
    assert rule.years == 10 and rule.basis == "Trust policy: ten years."


def test_a_longer_row_keeps_a_case_off_the_list(school):
    RetentionRule.objects.filter(school=school, series=Series.CLOSED_CASES).update(years=10)
    CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=years_ago(7))
    assert due_list_refresh(school=school) == []


def test_29_february_plus_years_is_28_february():
    assert years_after(datetime.date(2024, 2, 29), 1) == datetime.date(2025, 2, 28)
    assert years_after(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)


def test_evidence_files_go_first_under_a_shorter_row(client, school, head):
    RetentionRule.objects.filter(school=school, series=Series.EVIDENCE_FILES).update(years=2)
    case = CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=years_ago(3))
    evidence = EvidenceFactory(case=case)
    names = [evidence.file.name, evidence.thumbnail.name]
    [item] = due_list_refresh(school=school)
    assert item.series == Series.EVIDENCE_FILES
    client.force_login(head)
    client.post("/staff/retention/dispose/", {"items": [item.pk], "confirmed": "on"})
    assert not Evidence.objects.filter(case=case).exists()
    assert not any(default_storage.exists(name) for name in names)
    assert Case.objects.filter(pk=case.pk).exists()
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.RETENTION).exists()
    assert DisposalRecord.objects.get().categories == [["Evidence files", 1]]


def test_old_access_audit_rows_go_under_their_own_row_and_newer_ones_stay(
    client, school, head, other_school
):
    old = AccessEventFactory(school_id=school.pk, at=years_ago(8))
    recent = AccessEventFactory(school_id=school.pk, at=years_ago(6))
    elsewhere = AccessEventFactory(school_id=other_school.pk, at=years_ago(8))
    [item] = due_list_refresh(school=school)
    assert item.series == Series.ACCESS_AUDIT and item.rows == 1
    client.force_login(head)
    client.post("/staff/retention/dispose/", {"items": [item.pk], "confirmed": "on"})
    remaining = set(AccessEvent.objects.values_list("pk", flat=True))
    assert old.pk not in remaining and {recent.pk, elsewhere.pk} <= remaining
    record = DisposalRecord.objects.get()
    assert record.series == Series.ACCESS_AUDIT
    assert record.categories == [["Access audit rows", 1]]


def test_old_export_history_goes_with_its_files(client, school, head):
    job = ExportJobFactory(
        school=school,
        status=ExportJob.Status.DONE,
        file=ContentFile(b"Reference\r\n", name="export.csv"),
    )
    name = job.file.name
    ExportRecordFactory(school=school, user=head, job=job, created_at=years_ago(8))
    kept = ExportRecordFactory(school=school, user=head, created_at=years_ago(1))
    [item] = due_list_refresh(school=school)
    assert item.series == Series.EXPORT_HISTORY
    client.force_login(head)
    client.post("/staff/retention/dispose/", {"items": [item.pk], "confirmed": "on"})
    assert list(ExportRecord.objects.all()) == [kept]
    assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert not default_storage.exists(name)


def test_the_review_page_lists_items_in_a_fixed_number_of_queries(
    client, school, head, django_assert_max_num_queries
):
    for _ in range(5):
        CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=years_ago(7))
    due_list_refresh(school=school)
    client.force_login(head)
    with django_assert_max_num_queries(14):
        page = client.get("/staff/retention/")
    assert page.text.count('name="items"') == 5
