from django.shortcuts import get_object_or_404

from letters.models import Letter
from policies.models import School


def letters_for_case(case):
    return list(
        Letter.objects.filter(case=case)
        .select_related("render", "approved_by")
        .order_by("-created_at", "-id")
    )


def letter_for_school(*, school: School, pk: int) -> Letter:
    """A letter of this school's cases; another school's is a 404."""
    return get_object_or_404(
        Letter.objects.select_related(
            "case__school", "render", "email", "parent", "site_ban", "approval_requested_by"
        ),
        pk=pk,
        case__school=school,
    )
