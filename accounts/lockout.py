"""Sign-in lockout with two thresholds (django-axes).

`AXES_LOCKOUT_PARAMETERS` lists the (username, address) pair first and the username alone second.
A pair is paused after `AXES_FAILURE_LIMIT` failures, so a pupil guessing on the school's Wi-Fi
pauses only the usernames they tried from there, never their colleagues at the same address; a
username is paused from everywhere after the higher `AXES_USERNAME_FAILURE_LIMIT`, which stops a
guesser moving from address to address.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from django.conf import settings
from django.db.models import Sum


class LockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials=None) -> int:
        """Axes compares this one number with AXES_FAILURE_LIMIT: the pair's failures, or the
        limit itself once the username has reached its own higher limit."""
        pair, username = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if username >= settings.AXES_USERNAME_FAILURE_LIMIT:
            return max(pair, get_failure_limit(request, credentials))
        return pair
