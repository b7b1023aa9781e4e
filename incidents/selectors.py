"""Reads for staff pages. Query shape lives here, so templates never query in a loop."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from incidents.models import Case, CaseEvent, Evidence, Report
from policies.models import School


def case_list(*, school: School):
    return (
        Case.objects.filter(school=school)
        .select_related("owner", "group")
        .order_by("-opened_at", "-id")
    )


def case_detail(*, school: School, reference: str) -> Case:
    """One case of this school with everything its page shows; another school's is a 404."""
    queryset = (
        Case.objects.filter(school=school)
        .select_related("owner", "group")
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.select_related("group").prefetch_related("categories"),
            ),
            Prefetch("evidence", queryset=Evidence.objects.order_by("added_at", "id")),
            Prefetch("events", queryset=CaseEvent.objects.select_related("actor")),
            "breach_categories",
            "parents",
        )
    )
    return get_object_or_404(queryset, reference=reference)
