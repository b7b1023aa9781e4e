"""The concern form's rate limits: one per browser, and a higher ceiling per client address.

A browser is known by a random id in a signed cookie that the public pages set, so fifty parents
behind one mobile carrier's shared address each have their own `CONCERN_RATE_LIMIT`; a post
without a valid cookie counts against its client address at that same rate. Every address also
has the ceiling `CONCERN_ADDRESS_RATE_LIMIT`, which stops a script that fetches a new cookie for
each post. The counts live in the shared cache; when it cannot count, the concern is accepted (a
report is never refused for that) and the failure is logged.
"""

import ipaddress
import logging
import secrets

from django.conf import settings
from django.core import signing
from django_ratelimit.core import is_ratelimited

from config.client_address import client_address

COOKIE = "conductdesk_browser"
SALT = "incidents.browser"
logger = logging.getLogger(__name__)


def browser_id(request) -> str:
    """This browser's random id, from its signed cookie; empty when it has none."""
    try:
        return request.get_signed_cookie(COOKIE, salt=SALT)
    except (KeyError, signing.BadSignature):
        return ""


def _address(request) -> str:
    """The client address; for IPv6 its /64, which one household or phone is usually given."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/64", strict=False)) if ip.version == 6 else address


def _browser_key(group, request) -> str:
    browser = browser_id(request)
    return f"browser:{browser}" if browser else f"address:{_address(request)}"


def _address_key(group, request) -> str:
    return _address(request)


def rate_limited(request, group: str) -> bool:
    """Counts this post; true when its browser or its address has sent too many."""
    try:
        over = [
            is_ratelimited(
                request,
                group=f"{group}:{kind}",
                key=key,
                rate=rate,
                method="POST",
                increment=True,
            )
            for kind, key, rate in (
                ("browser", _browser_key, settings.CONCERN_RATE_LIMIT),
                ("address", _address_key, settings.CONCERN_ADDRESS_RATE_LIMIT),
            )
        ]
    except Exception:
        logger.exception("The concern rate limit could not count; the post is let through.")
        return False
    return any(over)


def remember_browser(request, response):
    """Gives a browser without a valid id one, for the session of the browser only."""
    if not browser_id(request):
        response.set_signed_cookie(
            COOKIE,
            secrets.token_urlsafe(16),
            salt=SALT,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


# Shown on a public form refused by its rate limit; what was typed comes back with it.
RATE_LIMITED = (
    "You have sent several concerns in a short time, so we cannot accept another just now. "
    "Nothing you typed has been lost: please wait ten minutes and press Send again, "
    "or e-mail the school."
)
