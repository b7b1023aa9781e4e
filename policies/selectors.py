"""Reads for schools and their codes of conduct."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from policies.models import BreachCategory, CodeOfConduct, Response, School


def school_list():
    return School.objects.order_by("name")


def code_in_force(*, school: School, with_responses: bool = True) -> CodeOfConduct | None:
    """The school's current code with its categories (and responses), prefetched."""
    prefetch = [Prefetch("breach_categories", queryset=BreachCategory.objects.order_by("position"))]
    if with_responses:
        prefetch.append(Prefetch("responses", queryset=Response.objects.order_by("position")))
    return (
        CodeOfConduct.objects.in_force().filter(school=school).prefetch_related(*prefetch).first()
    )


def school_by_slug(slug: str) -> School:
    return get_object_or_404(School, slug=slug)
