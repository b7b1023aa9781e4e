"""Export and bundle services refuse by themselves, and write the access-audit row in the same
transaction as the export's own record: if either cannot be written, neither is."""

import pytest
from django.db import DatabaseError

from audit.models import AccessEvent
from exports.models import CaseBundle, ExportJob, ExportRecord, Format
from exports.selectors import ExportFilters
from exports.services.bundles import bundle_request
from exports.services.downloads import bundle_download_open, export_download_open
from exports.services.exports import export_request
from incidents.services.errors import NotPermitted
from policies.models import Membership
from tests.factories import (
    CaseBundleFactory,
    CaseFactory,
    ExportJobFactory,
    MembershipFactory,
)


def broken(**kwargs):
    raise DatabaseError("audit table unavailable")


def test_bundle_request_records_the_access_against_the_case(school, head):
    case = CaseFactory(school=school)
    bundle_request(
        case=case,
        by=head,
        purpose=CaseBundle.Purpose.LEGAL_ADVICE,
        include_reporter=False,
        address="192.0.2.9",
    )
    event = AccessEvent.objects.get()
    assert (event.action, event.case_id, event.client_address) == (
        AccessEvent.Action.EXPORT,
        case.pk,
        "192.0.2.9",
    )


def test_no_bundle_is_made_when_its_access_cannot_be_recorded(school, head, monkeypatch):
    case = CaseFactory(school=school)
    monkeypatch.setattr(AccessEvent.objects, "create", broken)
    with pytest.raises(DatabaseError):
        bundle_request(
            case=case, by=head, purpose=CaseBundle.Purpose.LEGAL_ADVICE, include_reporter=False
        )
    assert not CaseBundle.objects.exists()
    assert not ExportRecord.objects.exists()


def test_slt_requesting_a_bundle_directly_is_refused(school, slt):
    with pytest.raises(NotPermitted):
        bundle_request(
            case=CaseFactory(school=school),
            by=slt,
            purpose=CaseBundle.Purpose.LEGAL_ADVICE,
            include_reporter=True,
        )
    assert not CaseBundle.objects.exists() and not AccessEvent.objects.exists()


def test_no_export_is_started_when_its_access_cannot_be_recorded(school, bursar, monkeypatch):
    CaseFactory(school=school)
    monkeypatch.setattr(AccessEvent.objects, "create", broken)
    with pytest.raises(DatabaseError):
        export_request(school=school, by=bursar, filters=ExportFilters(), format=Format.XLSX)
    assert not ExportJob.objects.exists()
    assert not ExportRecord.objects.exists()


def test_export_request_records_the_access(school, bursar):
    export_request(school=school, by=bursar, filters=ExportFilters(), format=Format.XLSX)
    assert AccessEvent.objects.get().action == AccessEvent.Action.EXPORT


def test_another_schools_bursar_cannot_download_an_export(school, other_school):
    other_bursar = MembershipFactory(school=other_school, role=Membership.Role.BURSAR).user
    job = ExportJobFactory(school=school, status=ExportJob.Status.DONE)
    with pytest.raises(NotPermitted):
        export_download_open(job=job, by=other_bursar)
    assert not AccessEvent.objects.exists()


def test_bursar_cannot_download_a_case_bundle(school, bursar):
    bundle = CaseBundleFactory(case__school=school, status=CaseBundle.Status.DONE)
    with pytest.raises(NotPermitted):
        bundle_download_open(bundle=bundle, by=bursar)
    assert not AccessEvent.objects.exists()
