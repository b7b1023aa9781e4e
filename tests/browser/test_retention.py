"""The headteacher's retention review on a phone: the list with a held case, ticking a case,
the confirmation, and the certificate of destruction."""

import pytest
from playwright.sync_api import expect

from incidents.models import Case
from retention.models import DisposalRecord
from retention.services.due import due_list_refresh
from tests.browser.conftest import PHONE
from tests.browser.test_accessibility import axe_problems
from tests.factories import CaseFactory, LegalHoldFactory
from tests.retention.conftest import years_ago

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_headteacher_disposes_of_a_case_and_prints_its_certificate(
    new_context, sign_in, shot, artifacts, school, head
):
    due = CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=years_ago(7))
    held = LegalHoldFactory(case__school=school, set_by=head).case
    due_list_refresh(school=school)
    page = new_context(**PHONE).new_page()
    sign_in(page, head, next_url="/staff/retention/")
    expect(page.get_by_role("heading", name="Retention review")).to_be_visible()
    expect(page.get_by_role("link", name=held.reference)).to_be_visible()
    expect(page.get_by_label(f"Dispose of {held.reference}", exact=False)).to_have_count(0)
    shot(page, "retention-review-phone")
    assert axe_problems(page, "retention-review", artifacts) == []
    page.get_by_label(f"Dispose of {due.reference}", exact=False).check()
    page.get_by_role("button", name="Review the ticked items for disposal…").click()
    expect(page.get_by_role("heading", name="Dispose of 1 item?")).to_be_visible()
    shot(page, "retention-confirm-phone")
    page.get_by_role("button", name="Dispose of them").click()
    expect(page.get_by_role("heading", name="Records of destruction")).to_be_visible()
    page.get_by_role("link", name="Certificate").click()
    expect(page.get_by_role("heading", name="Certificate of destruction")).to_be_visible()
    expect(page.get_by_text(due.reference)).to_be_visible()
    shot(page, "retention-certificate-phone")
    assert axe_problems(page, "retention-certificate", artifacts) == []
    assert DisposalRecord.objects.get().reference == due.reference
    assert Case.objects.filter(pk=held.pk).exists() and not Case.objects.filter(pk=due.pk).exists()
