"""What sign-in needs to know about a staff account beyond Django's user."""

from django.conf import settings
from django.db import models


class StaffProfile(models.Model):
    """Absent for most users: no row means "not a demo user, no password change pending"."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="staff_profile",
    )
    must_change_password = models.BooleanField(
        default=False,
        help_text="Set when an administrator creates the account or sets its password; "
        "cleared when the holder chooses their own.",
    )
    is_demo = models.BooleanField(
        default=False,
        help_text="Made by seed_demo: may skip the second step when DJANGO_DEBUG is on.",
    )

    def __str__(self):
        return f"Sign-in profile of user {self.user_id}"
