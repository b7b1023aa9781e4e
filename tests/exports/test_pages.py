from exports.models import ExportRecord
from tests.factories import CaseBundleFactory, ExportRecordFactory


def test_headteacher_lists_every_export_with_its_filters(client, school, head, bursar):
    ExportRecordFactory(
        school=school,
        user=bursar,
        row_count=1234,
        filters={"opened_from": "2026-01-01", "opened_to": "", "state": "closed"},
    )
    bundle = CaseBundleFactory(case__school=school, requested_by=head)
    ExportRecordFactory(
        school=school,
        user=head,
        role="headteacher",
        kind=ExportRecord.Kind.BUNDLE,
        format="pdf",
        row_count=1,
        bundle=bundle,
        filters={"case": bundle.case.reference, "purpose": "legal_advice"},
    )
    ExportRecordFactory(row_count=999)  # another school's
    client.force_login(head)
    page = client.get("/staff/exports/history/").content.decode()
    assert "1,234" in page and "Opened from: 2026-01-01" in page and "State: Closed" in page
    assert f'Case bundle of <a href="{bundle.case.get_absolute_url()}">' in page
    assert "Purpose: Legal advice" in page
    assert "999" not in page


def test_exports_link_is_shown_to_headteacher_and_bursar_only(client, school, head, bursar, slt):
    for user, shown in [(head, True), (bursar, True), (slt, False)]:
        client.force_login(user)
        page = client.get("/staff/").content.decode()
        assert ('href="/staff/exports/"' in page) is shown


def test_export_form_names_only_the_current_school(client, school, other_school, bursar):
    client.force_login(bursar)
    page = client.get("/staff/exports/").content.decode()
    assert "Oakfield Primary School" in page and "Elmwood" not in page
    assert 'for="id_opened_from"' in page and "Opened from" in page
