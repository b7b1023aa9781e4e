"""The records view: a case's record is its export row, searched by reference only, audited."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AccessEvent
from exports.columns import HEADER
from tests.exports.conftest import csv_rows, full_case, plain_cases, when
from tests.factories import CaseFactory, UserFactory

# The user, device and membership; the page's cases; then each relation the export counts.
RECORDS_LIST_QUERIES = 12


def test_a_cases_record_holds_the_same_facts_as_its_export_row(export_csv, client, school, bursar):
    owner = UserFactory(first_name="Alex", last_name="Owner")
    case = full_case(school, owner=owner)
    (exported,) = csv_rows(export_csv(bursar))
    page = client.get(f"/staff/records/{case.reference}/")
    record = dict(page.context["record"])
    assert list(record) == HEADER
    assert record["Breach categories"] == exported["Breach categories"]
    assert record["Parents concerned"] == exported["Parents concerned"] == "Robin Example"
    assert record["Owner"] == exported["Owner"] == "Alex Owner"
    assert (record["Reports"], record["Letters"]) == (exported["Reports"], exported["Letters"])
    assert record["Opened"] == "12 Jan 2026" and exported["Opened"] == "2026-01-12"
    assert record["Warning letter on"] == "20 Jan 2026"
    assert record["Site-ban status"] == exported["Site-ban status"] == "Confirmed"
    assert record["Closed"] == "—" and exported["Closed"] == ""


def test_records_are_listed_newest_first_and_found_by_reference_only(client, school, bursar):
    older = CaseFactory(school=school, opened_at=when(datetime.date(2026, 1, 5)))
    newer = CaseFactory(school=school, opened_at=when(datetime.date(2026, 2, 5)))
    client.force_login(bursar)
    page = client.get("/staff/records/").content.decode()
    assert page.index(newer.reference) < page.index(older.reference)
    found = client.get("/staff/records/", {"q": older.reference[-4:]}).content.decode()
    assert older.reference in found and newer.reference not in found
    closed_only = client.get("/staff/records/", {"status": "closed"}).content.decode()
    assert "No case matches" in closed_only


def test_another_schools_record_does_not_exist_for_you(client, other_school, bursar):
    case = CaseFactory(school=other_school)
    client.force_login(bursar)
    assert client.get(f"/staff/records/{case.reference}/").status_code == 404
    assert case.reference not in client.get("/staff/records/").content.decode()


def test_opening_a_record_is_audited(client, school, bursar):
    case = CaseFactory(school=school)
    client.force_login(bursar)
    client.get(f"/staff/records/{case.reference}/")
    event = AccessEvent.objects.get(action="view_record")
    assert (event.actor, event.role, event.case_id) == (bursar, "bursar", case.pk)


def test_the_records_list_costs_the_same_queries_however_many_cases(client, school, bursar):
    plain_cases(school, 2)
    client.force_login(bursar)
    client.get("/staff/records/")
    with CaptureQueriesContext(connection) as few:
        client.get("/staff/records/")
    plain_cases(school, 30)
    with CaptureQueriesContext(connection) as many:
        client.get("/staff/records/")
    assert len(many) == len(few) <= RECORDS_LIST_QUERIES
