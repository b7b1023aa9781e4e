"""What the generator reads of each seeded school, once per run."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from demo.cases.parents import parents_pool
from demo.cases.plan import SchoolKit
from policies.models import BreachCategory, Membership, MessagingGroup, School

User = get_user_model()


def kits_load() -> list[SchoolKit]:
    kits = []
    for school in School.objects.order_by("id"):
        code = school.codes.order_by("-effective_date", "-version").first()
        categories = list(
            BreachCategory.objects.filter(code=code)
            .order_by("position")
            .values_list("pk", flat=True)
        )
        groups = list(MessagingGroup.objects.filter(school=school, is_active=True).order_by("pk"))
        slt = _staff(school, "slt", Membership.Role.SLT)
        head = _staff(school, "head", Membership.Role.HEADTEACHER)
        if not (categories and groups and slt and head):
            continue
        kits.append(SchoolKit(school, categories, groups, slt, head, parents_pool(school)))
    if not kits:
        raise ValueError("No school has categories, groups and demo staff: run seed_demo first.")
    return kits


def _staff(school: School, suffix: str, role: str) -> User | None:
    """The demo user `<slug>-<suffix>`, or else any member of the school with that role."""
    user = User.objects.filter(username=f"{school.slug}-{suffix}").first()
    if user is None:
        membership = school.memberships.filter(role=role).select_related("user").first()
        user = membership.user if membership else None
    return user
