"""A case disposed of under the retention schedule leaves a request's matches; the request and
its history (which name the case by reference only) stay."""

from incidents.models import Case
from retention.services.due import due_list_refresh
from sar.models import SarMatch
from tests.factories import CaseFactory, SarMatchFactory
from tests.retention.conftest import years_ago


def test_disposing_of_a_matched_case_removes_the_match_and_keeps_the_request(client, school, head):
    old = CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=years_ago(7))
    match = SarMatchFactory(request__school=school, case=old)
    kept = SarMatchFactory(request=match.request)
    item = next(i for i in due_list_refresh(school=school) if i.case_id == old.pk)
    client.force_login(head)
    ids = {"items": [item.pk]}
    client.post("/staff/retention/dispose/", ids)
    client.post("/staff/retention/dispose/", {**ids, "confirmed": "on"})
    assert not Case.objects.filter(pk=old.pk).exists()
    assert list(SarMatch.objects.filter(request=match.request)) == [kept]
    assert client.get(match.request.get_absolute_url()).status_code == 200
