"""What services raise when they refuse. Views turn them into a 403 page or a message."""

from django.core.exceptions import PermissionDenied


class NotPermitted(PermissionDenied):
    """This user's role (at this school) does not allow it: a 403 with the message."""


class NotNow(Exception):
    """Allowed in general, but not in the case's current state: shown as a message."""
