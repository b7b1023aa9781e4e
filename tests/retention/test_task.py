"""The periodic task that lists what has passed its retention date."""

from django.conf import settings

from incidents.models import Case
from retention.models import DueItem, Series
from retention.tasks import list_due
from tests.factories import CaseFactory
from tests.retention.conftest import years_ago


def test_beat_runs_the_list_daily():
    entry = settings.CELERY_BEAT_SCHEDULE["list-retention-due"]
    assert entry == {"task": "retention.tasks.list_due", "schedule": 86400.0}


def test_the_task_lists_every_schools_due_cases_and_drops_what_is_no_longer_due(
    school, other_school
):
    here = CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=years_ago(7))
    there = CaseFactory(school=other_school, status=Case.Status.CLOSED, closed_at=years_ago(7))
    CaseFactory(school=school, status=Case.Status.CLOSED, closed_at=years_ago(2))
    assert list_due.delay().get() == 2
    assert {(i.school_id, i.case_id, i.series) for i in DueItem.objects.all()} == {
        (school.pk, here.pk, Series.CLOSED_CASES),
        (other_school.pk, there.pk, Series.CLOSED_CASES),
    }
    Case.objects.filter(pk=here.pk).update(closed_at=years_ago(1))  # as if reopened and closed
    list_due.delay().get()
    assert set(DueItem.objects.values_list("case_id", flat=True)) == {there.pk}
