"""Legal holds and extensions: the headteacher's, with a reason, on the chronology."""

import datetime

import pytest
from django.utils import timezone

from incidents.models import Case, CaseEvent
from retention.models import DueItem, LegalHold, RetentionExtension
from retention.services.due import due_list_refresh
from tests.factories import CaseFactory, LegalHoldFactory
from tests.retention.conftest import years_ago


@pytest.fixture
def old_case(school):
    return CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=years_ago(7))


def test_the_headteacher_sets_a_hold_with_a_reason_on_the_chronology(client, head, old_case):
    client.force_login(head)
    response = client.post(
        f"/staff/retention/cases/{old_case.reference}/hold/",
        {"reason": "A claim has been issued in the county court."},
    )
    assert response.status_code == 302
    hold = LegalHold.objects.get(case=old_case)
    assert hold.is_standing and hold.set_by == head
    event = CaseEvent.objects.get(case=old_case, kind=CaseEvent.Kind.RETENTION)
    assert "county court" in event.text and event.actor == head
    assert due_list_refresh(school=old_case.school)[0].held


def test_the_case_page_shows_the_hold_to_the_headteacher_only(client, head, slt, old_case):
    LegalHoldFactory(case=old_case, reason="Police investigation under way.", set_by=head)
    CaseEvent.objects.create(case=old_case, kind=CaseEvent.Kind.RETENTION, text="Legal hold set")
    client.force_login(head)
    assert "Police investigation under way." in client.get(old_case.get_absolute_url()).text
    client.force_login(slt)
    page = client.get(old_case.get_absolute_url()).text
    assert "Police investigation" not in page and "/hold/" not in page


def test_clearing_a_hold_needs_a_reason_and_is_on_the_chronology(client, head, old_case):
    LegalHoldFactory(case=old_case, set_by=head)
    client.force_login(head)
    url = f"/staff/retention/cases/{old_case.reference}/hold/"
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200 and "This field is required" in refused.text
    assert LegalHold.objects.get(case=old_case).is_standing
    client.post(url, {"reason": "The claim was withdrawn."})
    hold = LegalHold.objects.get(case=old_case)
    assert not hold.is_standing and hold.cleared_by == head
    assert CaseEvent.objects.filter(case=old_case, text__contains="claim was withdrawn").exists()


@pytest.mark.parametrize("who", ["slt", "bursar", "other_head"])
def test_nobody_else_sets_or_clears_a_hold(client, request, head, old_case, who):
    client.force_login(request.getfixturevalue(who))
    url = f"/staff/retention/cases/{old_case.reference}/hold/"
    response = client.post(url, {"reason": "Keep it."})
    assert response.status_code == (404 if who == "other_head" else 403)
    assert not LegalHold.objects.exists()
    assert not CaseEvent.objects.filter(case=old_case).exists()


def test_extending_takes_the_case_off_the_list_until_the_date(client, head, old_case):
    due_list_refresh(school=old_case.school)
    keep_until = timezone.localdate() + datetime.timedelta(days=200)
    client.force_login(head)
    response = client.post(
        f"/staff/retention/cases/{old_case.reference}/extend/",
        {"keep_until": keep_until.isoformat(), "reason": "The parent has appealed to the DfE."},
    )
    assert response.status_code == 302
    assert RetentionExtension.objects.get(case=old_case).keep_until == keep_until
    assert not DueItem.objects.filter(case=old_case).exists()
    assert due_list_refresh(school=old_case.school) == []
    later = timezone.now() + datetime.timedelta(days=201)
    assert [i.case_id for i in due_list_refresh(school=old_case.school, now=later)] == [old_case.pk]
    assert CaseEvent.objects.filter(case=old_case, text__contains="appealed").exists()


def test_an_extension_to_a_past_date_is_refused_keeping_what_was_typed(client, head, old_case):
    client.force_login(head)
    response = client.post(
        f"/staff/retention/cases/{old_case.reference}/extend/",
        {"keep_until": "2020-01-01", "reason": "Typed reason kept"},
    )
    assert response.status_code == 200
    assert "after today" in response.text and "Typed reason kept" in response.text
    assert not RetentionExtension.objects.exists()


def test_slt_cannot_extend(client, slt, old_case):
    client.force_login(slt)
    response = client.post(
        f"/staff/retention/cases/{old_case.reference}/extend/",
        {"keep_until": "2099-01-01", "reason": "Keep."},
    )
    assert response.status_code == 403 and not RetentionExtension.objects.exists()
