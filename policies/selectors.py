"""Reads for schools and their codes of conduct."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from policies.models import BreachCategory, CodeOfConduct, Response, School


def school_list():
    return School.objects.order_by("name")


def code_in_force(*, school: School) -> CodeOfConduct | None:
    """The school's current code with its categories and responses, in two extra queries."""
    return (
        CodeOfConduct.objects.in_force()
        .filter(school=school)
        .prefetch_related(
            Prefetch("breach_categories", queryset=BreachCategory.objects.order_by("position")),
            Prefetch("responses", queryset=Response.objects.order_by("position")),
        )
        .first()
    )


def school_by_slug(slug: str) -> School:
    return get_object_or_404(School, slug=slug)
