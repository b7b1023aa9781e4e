"""The client's address, read one way for the sign-in lockout (django-axes) and the concern rate
limit.

Behind `TRUSTED_PROXY_COUNT` reverse proxies, each appending the address it received the request
from to `X-Forwarded-For`, the client is the entry that many places from the right: everything
further left was written by the client and proves nothing. With no proxy configured the header is
ignored, since anyone can send it.
"""

import ipaddress

from django.conf import settings


def client_address(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    forwarded = [part.strip() for part in header.split(",") if part.strip()]
    if len(forwarded) < count:
        # Fewer entries than proxies: the request did not come through all of them.
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote
