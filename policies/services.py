"""Writes about staff and their schools."""

from django.contrib.auth.models import User
from django.utils import timezone

from policies.models import Membership
from policies.permissions import staff_memberships


def school_choose(*, by: User, school_id: int) -> Membership:
    """`by` works in this school from now on, in this session and when they next sign in.

    Raises Membership.DoesNotExist when they have no role there.
    """
    membership = staff_memberships(by).get(school_id=school_id)
    membership.last_used_at = timezone.now()
    membership.save(update_fields=["last_used_at"])
    return membership
