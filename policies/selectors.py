"""Reads for schools and their codes of conduct."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from policies.models import BreachCategory, CodeOfConduct, Membership, Response, School
from policies.permissions import Action, roles_allowed


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


def safeguarding_leads(*, school):
    """The school's active (deputy) DSLs, who alone record safeguarding decisions. `school` may
    be an OuterRef, for asking inside another query."""
    return Membership.objects.filter(
        school=school,
        user__is_active=True,
        role__in=roles_allowed(Action.VIEW_CASE_CONTENT),
    ).exclude(safeguarding_lead="")
