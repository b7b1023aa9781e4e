"""Demo staff: one user per role per school, `<school-slug>-<role>`."""

import base64

from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services import demo_user_mark
from policies.models import Membership, School

ROLE_SUFFIX = {
    Membership.Role.SLT: "slt",
    Membership.Role.HEADTEACHER: "head",
    Membership.Role.BURSAR: "bursar",
}
ROLE_NAMES = {
    Membership.Role.SLT: ("Sam", "Leader"),
    Membership.Role.HEADTEACHER: ("Hilary", "Head"),
    Membership.Role.BURSAR: ("Bernie", "Bursar"),
}


def demo_totp_device(*, user, secret: str) -> TOTPDevice:
    """A confirmed authenticator whose base32 secret is known, so scripts can sign in."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8)).hex()
    device, _ = TOTPDevice.objects.update_or_create(
        user=user, name="Demo authenticator", defaults={"key": key, "confirmed": True}
    )
    return device


def demo_users_seed(
    *, school: School, password: str, totp_secret: str = ""
) -> list[tuple[str, str]]:
    """Create the school's demo users if missing; returns (username, role label) pairs."""
    User = get_user_model()
    created = []
    for role, suffix in ROLE_SUFFIX.items():
        username = f"{school.slug}-{suffix}"
        first, last = ROLE_NAMES[role]
        user, was_created = User.objects.get_or_create(
            username=username,
            defaults={
                "email": f"{username}@example.org",
                "first_name": first,
                "last_name": f"{last} ({school.reference_code})",
            },
        )
        if was_created:
            user.set_password(password)
            user.save(update_fields=["password"])
        demo_user_mark(user=user)
        Membership.objects.get_or_create(user=user, school=school, defaults={"role": role})
        if totp_secret:
            demo_totp_device(user=user, secret=totp_secret)
        created.append((username, Membership.Role(role).label))
    return created


def demo_dsl_seed(*, school: School, password: str, totp_secret: str = "") -> tuple[str, str]:
    """The school's designated safeguarding lead, `<school-slug>-dsl`, if missing: a member of
    SLT marked DSL, so child-at-risk alerts reach them first and they record the decisions.
    Returns (username, designation label)."""
    username = f"{school.slug}-dsl"
    user, was_created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "email": f"{username}@example.org",
            "first_name": "Dana",
            "last_name": f"Safeguarding ({school.reference_code})",
        },
    )
    if was_created:
        user.set_password(password)
        user.save(update_fields=["password"])
    demo_user_mark(user=user)
    Membership.objects.get_or_create(
        user=user,
        school=school,
        defaults={
            "role": Membership.Role.SLT,
            "safeguarding_lead": Membership.SafeguardingLead.DSL,
        },
    )
    if totp_secret:
        demo_totp_device(user=user, secret=totp_secret)
    return username, Membership.SafeguardingLead.DSL.label
