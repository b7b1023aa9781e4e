"""Session limits: signed out after an idle period and after an absolute period, and staff
pages (and the admin) only after the second factor."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.urls import reverse

SIGNED_IN_AT = "accounts_signed_in_at"
LAST_SEEN = "accounts_last_seen"
SKIPPED_IN_DEBUG = "accounts_second_factor_skipped"
PROTECTED_PREFIXES = ("/staff/", "/admin/")
UNPROTECTED = ("/admin/login/", "/admin/logout/")


def second_factor_done(request) -> bool:
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return settings.DEBUG and request.session.get(SKIPPED_IN_DEBUG, False)


class SessionLimitsMiddleware:
    """After AuthenticationMiddleware and OTPMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            expired = self._expired(request)
            if expired:
                logout(request)
                login = reverse("login")
                query = urlencode({"next": request.get_full_path(), "expired": expired})
                return HttpResponseRedirect(f"{login}?{query}")
            protected = request.path.startswith(PROTECTED_PREFIXES)
            if (
                protected
                and not request.path.startswith(UNPROTECTED)
                and not second_factor_done(request)
            ):
                query = urlencode({"next": request.get_full_path()})
                return HttpResponseRedirect(f"{reverse('two_factor')}?{query}")
        return self.get_response(request)

    def _expired(self, request) -> str:
        now = int(time.time())
        session = request.session
        started = session.get(SIGNED_IN_AT, now)
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT_HOURS * 3600:
            return "absolute"
        last_seen = session.get(LAST_SEEN, now)
        if now - last_seen > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60:
            return "idle"
        if now - last_seen >= 60 or LAST_SEEN not in session:  # write at most once a minute
            session[LAST_SEEN] = now
        return ""
