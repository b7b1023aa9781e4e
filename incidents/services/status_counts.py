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


def status_counts_recount(*, school_id: int) -> dict[str, int]:
    """Set the school's counters to a real COUNT, and return what was corrected (state ->
    difference). A safety net run nightly: the services keep the counters exact, so this should
    find nothing. The counter rows are locked first, so a transition still in flight waits and
    adds its change on top of the recount."""
    from django.db import transaction
    from django.db.models import Count

    from incidents.models import Case

    with transaction.atomic():
        counters = {
            row.status: row
            for row in CaseStatusCount.objects.select_for_update()
            .filter(school_id=school_id)
            .order_by("status")
        }
        real = dict(
            Case.objects.filter(school_id=school_id)
            .values_list("status")
            .annotate(n=Count("id"))
            .order_by()
        )
        corrected = {}
        for status in sorted(set(real) | set(counters)):
            kept = counters[status].count if status in counters else 0
            if kept != real.get(status, 0):
                corrected[status] = real.get(status, 0) - kept
        if corrected:
            status_counts_add(school_id=school_id, changes=corrected)
    return corrected
