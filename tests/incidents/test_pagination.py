import datetime

import pytest
from django.utils import timezone

from incidents.models import Case
from incidents.pagination import keyset_page
from tests.factories import CaseFactory


@pytest.fixture
def cases(school):
    moment = timezone.now()
    made = []
    for n in range(23):  # many ties on opened_at, as bulk imports make
        made.append(CaseFactory(school=school, opened_at=moment - datetime.timedelta(hours=n // 4)))
    return made


@pytest.mark.parametrize("sort", ["-opened", "opened", "reference"])
def test_walking_every_page_shows_each_case_once_in_order(school, cases, sort):
    queryset = Case.objects.filter(school=school)
    seen, after = [], ""
    while True:
        page = keyset_page(queryset, sort=sort, after=after, size=5)
        seen += [c.pk for c in page.items]
        if not page.next_cursor:
            break
        after = page.next_cursor
    field = {"-opened": ("-opened_at", "-pk"), "opened": ("opened_at", "pk")}.get(
        sort, ("reference", "pk")
    )
    assert seen == list(queryset.order_by(*field).values_list("pk", flat=True))


def test_walking_back_returns_the_same_pages(school, cases):
    queryset = Case.objects.filter(school=school)
    first = keyset_page(queryset, sort="-opened", size=5)
    second = keyset_page(queryset, sort="-opened", after=first.next_cursor, size=5)
    back = keyset_page(queryset, sort="-opened", before=second.previous_cursor, size=5)
    assert [c.pk for c in back.items] == [c.pk for c in first.items]
    assert back.previous_cursor == "" and back.next_cursor


def test_a_garbage_cursor_shows_the_first_page(school, cases):
    queryset = Case.objects.filter(school=school)
    page = keyset_page(queryset, sort="-opened", after="not-a-cursor!", size=5)
    assert [c.pk for c in page.items] == [
        c.pk for c in keyset_page(queryset, sort="-opened", size=5).items
    ]
