"""The per-school count of cases in each state, moved in the transaction that moves the cases."""

from collections.abc import Mapping

from django.db.models import F

from incidents.models import CaseStatusCount


def status_counts_add(*, school_id: int, changes: Mapping[str, int]) -> None:
    """Add each `changes[status]` (negative to subtract) to the school's count for that state.

    Call it inside the transaction that creates the cases or changes their state. The UPDATE
    takes the counter row's lock until commit, so concurrent changes add up; states are taken in
    a fixed order so two transitions in opposite directions cannot deadlock.
    """
    for status in sorted(changes):
        delta = changes[status]
        if not delta:
            continue
        rows = CaseStatusCount.objects.filter(school_id=school_id, status=status)
        if not rows.update(count=F("count") + delta):
            # The school's first case in this state: create the row (or find a concurrent one).
            CaseStatusCount.objects.bulk_create(
                [CaseStatusCount(school_id=school_id, status=status)], ignore_conflicts=True
            )
            rows.update(count=F("count") + delta)


def status_count_move(*, school_id: int, source: str, target: str) -> None:
    """One case moved from `source` to `target`."""
    if source != target:
        status_counts_add(school_id=school_id, changes={source: -1, target: 1})
