"""References for planned cases: numbers from the same counter the public form uses."""

from __future__ import annotations

from collections import Counter

from django.db.models import F

from demo.cases.plan import CasePlan, report_count
from incidents.models import ReferenceCounter


def references_assign(plans: list[CasePlan]) -> None:
    """Give each case (and second report) the next reference of its school and year.

    Plans are numbered in order of opening. Each counter row is updated once per chunk.
    """
    plans.sort(key=lambda plan: plan.opened_at)
    needed: Counter[tuple[int, int]] = Counter()
    for plan in plans:
        needed[plan.kit.school.pk, plan.opened_at.year] += report_count(plan)
    following = {
        key: _counter_take(school_id=key[0], year=key[1], n=n) for key, n in needed.items()
    }
    for plan in plans:
        year = plan.opened_at.year
        key = (plan.kit.school.pk, year)
        for _ in range(report_count(plan)):
            plan.references.append(f"{plan.kit.school.reference_code}-{year}-{following[key]:04d}")
            following[key] += 1


def _counter_take(*, school_id: int, year: int, n: int) -> int:
    """Reserve `n` numbers of the counter and return the first.

    The UPDATE comes first so the row (or, on SQLite, the database) is locked for writing
    until the chunk commits; a concurrent public submission waits and then continues after.
    """
    counter = ReferenceCounter.objects.filter(school_id=school_id, year=year)
    if not counter.update(last=F("last") + n):
        ReferenceCounter.objects.get_or_create(school_id=school_id, year=year)
        counter.update(last=F("last") + n)
    return counter.values_list("last", flat=True).get() - n + 1
