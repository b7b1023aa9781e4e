import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AccessEvent
from tests.factories import EvidenceFactory, ReportFactory, UserFactory

SECRET = "Allegation text that must never reach the audit"


@pytest.fixture
def case(school):
    return ReportFactory(case__school=school, description=SECRET).case


def only_event():
    """The one access event besides signing in (force_login signs in too)."""
    (event,) = AccessEvent.objects.exclude(action="sign_in")
    assert SECRET not in str(event.__dict__)
    return event


def test_viewing_a_case_is_recorded_without_allegation_text(client, case, slt):
    client.force_login(slt)
    client.get(case.get_absolute_url(), REMOTE_ADDR="203.0.113.7")
    event = only_event()
    assert (event.actor, event.role, event.action) == (slt, "slt", "view_case")
    assert (event.object_type, event.object_label, event.client_address) == (
        "case",
        case.reference,
        "203.0.113.7",
    )


def test_opening_evidence_is_recorded(client, school, slt):
    evidence = EvidenceFactory(case__school=school)
    client.force_login(slt)
    client.get(f"/staff/evidence/{evidence.public_id}/")
    event = only_event()
    assert (event.action, event.object_id) == ("open_evidence", str(evidence.public_id))


def test_refused_evidence_is_not_recorded_as_opened(client, school, bursar):
    evidence = EvidenceFactory(case__school=school)
    client.force_login(bursar)
    assert client.get(f"/staff/evidence/{evidence.public_id}/").status_code == 403
    assert not AccessEvent.objects.exclude(action="sign_in").exists()


def test_sign_in_success_and_failure_are_recorded(client, db):
    user = UserFactory(username="pat")
    client.post("/accounts/login/", {"username": "pat", "password": "wrong-password"})
    client.post("/accounts/login/", {"username": "pat", "password": "pw-for-tests-1"})
    failed, succeeded = AccessEvent.objects.order_by("at", "id")
    assert (failed.action, failed.username, failed.actor) == ("sign_in_failed", "pat", None)
    assert (succeeded.action, succeeded.actor) == ("sign_in", user)
    assert "wrong-password" not in str(failed.__dict__)


def test_headteacher_sees_who_has_viewed_the_case(client, case, slt, head):
    client.force_login(slt)
    client.get(case.get_absolute_url())
    slt_page = client.get(case.get_absolute_url()).content.decode()
    assert "Who has viewed this case" not in slt_page
    assert client.get(f"/staff/cases/{case.reference}/viewers/").status_code == 403
    client.force_login(head)
    assert "Who has viewed this case" in client.get(case.get_absolute_url()).content.decode()
    page = client.get(f"/staff/cases/{case.reference}/viewers/").content.decode()
    assert slt.get_full_name() in page


def test_the_application_cannot_change_or_delete_audit_rows(client, case, slt):
    client.force_login(slt)
    client.get(case.get_absolute_url())
    event = AccessEvent.objects.get(action="view_case")
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AccessEvent.objects.update(role="head")
    with pytest.raises(TypeError):
        AccessEvent.objects.all().delete()


def test_postgresql_refuses_updates_and_deletes_in_the_database(client, case, slt):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL (CI)")
    client.force_login(slt)
    client.get(case.get_absolute_url())
    for sql in ("UPDATE audit_accessevent SET role = 'x'", "DELETE FROM audit_accessevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AccessEvent.objects.get(action="view_case").role == "slt"


def test_exporting_is_recorded(client, school, bursar):
    client.force_login(bursar)
    response = client.post(
        "/staff/exports/",
        {"format": "csv", "opened_from": "", "opened_to": "", "status": ""},
    )
    assert response.status_code in (200, 302)
    event = only_event()
    assert (event.action, event.role, event.object_type) == ("export", "bursar", "export")
