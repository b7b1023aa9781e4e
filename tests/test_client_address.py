"""The client's address behind a configured number of reverse proxies (config/client_address.py)."""

import pytest
from django.test import RequestFactory

from config.client_address import client_address


@pytest.mark.parametrize(
    "proxies, forwarded, expected",
    [
        (0, "192.0.2.1", "10.0.0.2"),  # no proxy configured: the header is anyone's to write
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "203.0.113.66, 192.0.2.1", "192.0.2.1"),  # the client's own entry is ignored
        (2, "203.0.113.66, 192.0.2.1, 10.0.0.1", "192.0.2.1"),
        (1, "2001:db8::1", "2001:db8::1"),
        (2, "192.0.2.1", "10.0.0.2"),  # fewer entries than proxies: not through them all
        (1, "", "10.0.0.2"),
        (1, "not-an-address", "10.0.0.2"),
    ],
)
def test_client_address(settings, proxies, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected
