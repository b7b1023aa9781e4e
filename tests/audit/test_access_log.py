import datetime

import pytest
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from audit.models import AccessEvent
from audit.services import access_events_dispose
from exports.models import CaseBundle, ExportJob
from tests.factories import (
    AccessEventFactory,
    CaseBundleFactory,
    EvidenceFactory,
    ExportJobFactory,
    LetterFactory,
    ReportFactory,
    UserFactory,
)

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


def test_behind_the_configured_proxy_the_audit_records_the_client_not_the_proxy(
    client, case, slt, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    client.force_login(slt)
    client.get(
        case.get_absolute_url(),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9",
    )
    assert only_event().client_address == "203.0.113.9"


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


def test_reading_a_letter_preview_is_recorded(client, school, slt):
    letter = LetterFactory(case__school=school, html="<p>Letter</p>")
    client.force_login(slt)
    assert client.get(f"/staff/letters/{letter.pk}/preview/").status_code == 200
    event = only_event()
    assert (event.action, event.object_type, event.object_id) == (
        "view_letter",
        "letter",
        str(letter.pk),
    )
    assert event.case_id == letter.case_id


def test_downloading_a_case_bundle_is_recorded(client, school, head):
    bundle = CaseBundleFactory(
        case__school=school,
        status=CaseBundle.Status.DONE,
        pdf=ContentFile(b"%PDF-1.7 test", name="bundle.pdf"),
    )
    client.force_login(head)
    assert client.get(f"/staff/exports/bundles/{bundle.public_id}/download/").status_code == 200
    event = only_event()
    assert (event.action, event.object_id, event.case_id) == (
        "download_bundle",
        str(bundle.public_id),
        bundle.case_id,
    )


def test_downloading_a_background_export_is_recorded(client, school, bursar):
    job = ExportJobFactory(
        school=school,
        status=ExportJob.Status.DONE,
        file=ContentFile(b"Reference\r\n", name="export.csv"),
    )
    client.force_login(bursar)
    assert client.get(f"/staff/exports/jobs/{job.public_id}/download/").status_code == 200
    event = only_event()
    assert (event.action, event.role, event.object_id) == (
        "download_export",
        "bursar",
        str(job.public_id),
    )


def test_who_has_viewed_a_case_is_grouped_by_person_and_day_with_role_names(
    client, case, slt, head
):
    evidence = EvidenceFactory(case=case)
    letter = LetterFactory(case=case, html="<p>Letter</p>")
    yesterday = timezone.now() - datetime.timedelta(days=1)
    AccessEvent.objects.create(
        actor=slt,
        role="slt",
        action="view_case",
        object_type="case",
        object_id=str(case.pk),
        at=yesterday,  # written before looks carried their case: found by its object
    )
    client.force_login(slt)
    client.get(case.get_absolute_url())
    client.get(case.get_absolute_url())
    client.get(f"/staff/evidence/{evidence.public_id}/")
    client.get(f"/staff/letters/{letter.pk}/preview/")
    client.get(ReportFactory(case__school=case.school).case.get_absolute_url())  # not this case
    client.force_login(head)
    response = client.get(f"/staff/cases/{case.reference}/viewers/")
    today, earlier = [v for v in response.context["visits"] if v.person == slt.get_full_name()]
    assert today.roles == ["Senior leadership team"]
    assert today.opened == {"case page": 2, "evidence": 1, "letter": 1}
    assert today.first <= today.last and today.day == timezone.localdate()
    assert earlier.opened == {"case page": 1}
    assert earlier.day == timezone.localdate(yesterday)
    page = response.content.decode()
    assert "Senior leadership team" in page and "Evidence" in page and "\u00d72" in page


def test_postgresql_lets_through_only_the_retention_schedules_deletes(school):
    if connection.vendor != "postgresql":
        pytest.skip("the trigger exists on PostgreSQL (CI)")
    now = timezone.now()
    old = AccessEventFactory(school_id=school.pk, at=now - datetime.timedelta(days=3000))
    recent = AccessEventFactory(school_id=school.pk, at=now - datetime.timedelta(days=10))
    cutoff = now - datetime.timedelta(days=2000)
    # Naming a cutoff in the transaction licenses deleting rows before it, and nothing else.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT set_config('conductdesk.audit_disposal_before', %s, true)",
            [cutoff.isoformat()],
        )
        cursor.execute("DELETE FROM audit_accessevent WHERE id = %s", [recent.pk])
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(
            "SELECT set_config('conductdesk.audit_disposal_before', %s, true)",
            [cutoff.isoformat()],
        )
        cursor.execute("UPDATE audit_accessevent SET role = 'x' WHERE id = %s", [old.pk])
    assert access_events_dispose(school_id=school.pk, before=cutoff) == 1
    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    # The licence ended with the call: a plain delete of the rest is refused again.
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM audit_accessevent")


def test_the_sanctioned_delete_keeps_rows_at_and_after_the_cutoff(school):
    now = timezone.now()
    old = AccessEventFactory(school_id=school.pk, at=now - datetime.timedelta(days=3000))
    recent = AccessEventFactory(school_id=school.pk, at=now - datetime.timedelta(days=10))
    assert access_events_dispose(school_id=school.pk, before=now - datetime.timedelta(days=20))
    assert not AccessEvent.objects.filter(pk=old.pk).exists()
    assert AccessEvent.objects.filter(pk=recent.pk).exists()
