"""What services raise when they refuse. Views turn them into a 403 page or a message."""

from django.core.exceptions import PermissionDenied


class NotPermitted(PermissionDenied):
    """This user's role (at this school) does not allow it: a 403 with the message."""


class NotNow(Exception):
    """Allowed in general, but not in the case's current state (or with these values): shown on
    the form that asked, next to `field` when the refusal is about one of its fields."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field
