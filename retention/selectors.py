"""Reads for the retention pages."""

from django.db.models import QuerySet

from incidents.models import Case
from policies.models import School
from retention.models import DisposalRecord, DueItem, LegalHold


def due_items_for_review(*, school: School) -> QuerySet[DueItem]:
    return DueItem.objects.filter(school=school).select_related("case").order_by("due_on", "pk")


def awaiting_disposal_count(*, school: School) -> int:
    """What the headteacher can approve for disposal now: listed items not under a legal hold."""
    return DueItem.objects.filter(school=school, held=False).count()


def records_for_school(*, school: School) -> QuerySet[DisposalRecord]:
    return DisposalRecord.objects.filter(school=school).order_by("-approved_at", "-pk")


def standing_hold(*, case: Case) -> LegalHold | None:
    return (
        LegalHold.objects.filter(case=case, cleared_at__isnull=True)
        .select_related("set_by")
        .first()
    )
