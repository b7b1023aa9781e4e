"""With a read replica configured (DATABASE_REPLICA_URL), an export reads its cases there and
writes its record to the primary; every other page reads the primary. The replica here is the
test database itself, under its own connection (config.settings_test)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from exports.models import ExportRecord
from tests.exports.conftest import csv_rows
from tests.factories import CaseFactory

on_both_databases = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def _tables(queries) -> str:
    return " ".join(query["sql"] for query in queries.captured_queries)


@on_both_databases
def test_an_export_reads_the_replica_and_records_itself_on_the_primary(
    settings, export_csv, school, bursar
):
    settings.REPORTS_DATABASE = "replica"
    cases = CaseFactory.create_batch(3, school=school)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        rows = csv_rows(export_csv(bursar))
    assert [row["Reference"] for row in rows] == [case.reference for case in cases]
    assert '"incidents_report"' in _tables(replica) and '"incidents_case"' in _tables(replica)
    assert '"incidents_report"' not in _tables(primary)
    assert "INSERT" not in _tables(replica)
    assert ExportRecord.objects.using("default").filter(school=school).count() == 1


@on_both_databases
def test_without_a_replica_an_export_reads_the_primary(settings, export_csv, school, bursar):
    assert settings.REPORTS_DATABASE == "default"
    CaseFactory(school=school)
    with CaptureQueriesContext(connections["replica"]) as replica:
        rows = csv_rows(export_csv(bursar))
    assert len(rows) == 1 and replica.captured_queries == []


@on_both_databases
def test_casework_pages_read_the_primary_even_with_a_replica(settings, client, school, head):
    settings.REPORTS_DATABASE = "replica"
    case = CaseFactory(school=school)
    client.force_login(head)
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/staff/cases/").status_code == 200
        assert client.get(case.get_absolute_url()).status_code == 200
    assert replica.captured_queries == []


@on_both_databases
def test_the_governors_report_reads_its_figures_on_the_replica(settings, client, school, head):
    settings.REPORTS_DATABASE = "replica"
    CaseFactory.create_batch(3, school=school)
    client.force_login(head)
    with (
        CaptureQueriesContext(connections["replica"]) as replica,
        CaptureQueriesContext(connections["default"]) as primary,
    ):
        response = client.get("/staff/reports/", {"period": "this_year"})
    assert response.status_code == 200
    assert '"incidents_casemonthcount"' in _tables(replica)
    assert '"incidents_casemonthcount"' not in _tables(primary)
    # Who may read it is checked on the primary, and the audit row written there.
    assert '"policies_membership"' in _tables(primary)
    assert '"audit_accessevent"' in _tables(primary)
    assert "INSERT" not in _tables(replica)
