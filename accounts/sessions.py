"""Session limits (signed out after an idle period and after an absolute period) and the
rest of signing in (the second factor, a pending password change) that staff pages, evidence
and the admin check before they answer."""

import time
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.urls import reverse

SIGNED_IN_AT = "accounts_signed_in_at"
LAST_SEEN = "accounts_last_seen"
SKIPPED_IN_DEBUG = "accounts_second_factor_skipped"
ENROLMENT_DEVICE = "accounts_enrolment_device"
MUST_CHANGE_PASSWORD = "accounts_must_change_password"  # noqa: S105 (a session key)
PROTECTED_PREFIXES = ("/staff/", "/admin/")
UNPROTECTED = ("/admin/login/", "/admin/logout/")


def second_factor_done(request) -> bool:
    user = request.user
    if getattr(user, "is_verified", None) and user.is_verified():
        return True
    return settings.DEBUG and request.session.get(SKIPPED_IN_DEBUG, False)


def sign_in_redirect(request) -> HttpResponseRedirect | None:
    """Where a signed-in user who has not finished signing in goes first; None when done.
    The views that decide access call this; the middleware is a second line."""
    if not second_factor_done(request):
        step = "two_factor"
    elif request.session.get(MUST_CHANGE_PASSWORD, False):
        step = "password_change"
    else:
        return None
    query = urlencode({"next": request.get_full_path()})
    return HttpResponseRedirect(f"{reverse(step)}?{query}")


def signed_in_fully(view):
    """For function views: a password, the second factor, and no password change pending."""

    @wraps(view)
    @login_required
    def wrapped(request, *args, **kwargs):
        return sign_in_redirect(request) or view(request, *args, **kwargs)

    return wrapped


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
            # path_info, not path: under a prefix (SCRIPT_NAME) path starts with the prefix.
            path = request.path_info
            if path.startswith(PROTECTED_PREFIXES) and not path.startswith(UNPROTECTED):
                step = sign_in_redirect(request)
                if step is not None:
                    return step
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
