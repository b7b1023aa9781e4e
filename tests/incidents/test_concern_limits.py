"""The concern form's rate limits stop scripts, not parents: each browser has its own limit, an
address has a much higher ceiling (incidents/views/limits.py)."""

import pytest
from django.test import Client

from incidents.models import Report
from tests.incidents.test_concern_form import concern, group  # noqa: F401

CARRIER = "203.0.113.7"  # one mobile carrier's shared address
REFUSED = "cannot accept another just now"


def post(client, school, data, **extra):
    return client.post(f"/s/{school.slug}/concern/", data, REMOTE_ADDR=CARRIER, **extra)


def parent_sends(school, data):
    """A parent's browser: opens the form, then sends it."""
    browser = Client()
    assert browser.get(f"/s/{school.slug}/concern/", REMOTE_ADDR=CARRIER).status_code == 200
    return post(browser, school, data)


def test_fifty_parents_behind_one_address_all_get_through(school, concern):  # noqa: F811
    statuses = [parent_sends(school, concern()).status_code for _ in range(50)]
    assert statuses == [302] * 50
    assert Report.objects.count() == 50


def test_a_script_sending_500_from_one_address_is_refused_with_the_friendly_page(
    school,
    concern,  # noqa: F811
    settings,
):
    """A script that keeps no cookies: every post counts against its address."""
    responses = [post(Client(), school, concern()) for _ in range(500)]
    accepted = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 429]
    assert len(accepted) == 5 and len(refused) == 495
    assert REFUSED in refused[-1].content.decode()
    assert Report.objects.count() == 5


def test_a_script_taking_a_new_cookie_for_each_post_stops_at_the_address_ceiling(
    school,
    concern,  # noqa: F811
    settings,
):
    settings.CONCERN_ADDRESS_RATE_LIMIT = "10/10m"
    statuses = [parent_sends(school, concern()).status_code for _ in range(15)]
    assert statuses == [302] * 10 + [429] * 5
    page = parent_sends(school, concern()).content.decode()
    assert REFUSED in page
    elsewhere = Client().post(f"/s/{school.slug}/concern/", concern(), REMOTE_ADDR="192.0.2.9")
    assert elsewhere.status_code == 302


def test_the_default_ceiling_allows_a_hundred_concerns_from_one_address(settings):
    count, period = settings.CONCERN_ADDRESS_RATE_LIMIT.split("/")
    assert int(count) >= 100 and period == "10m"


def test_a_forged_browser_cookie_counts_against_the_address(client, school, concern, settings):  # noqa: F811
    settings.CONCERN_RATE_LIMIT = "2/10m"
    statuses = []
    for n in range(4):
        forged = Client()
        forged.cookies["conductdesk_browser"] = f"made-up-{n}"
        statuses.append(post(forged, school, concern()).status_code)
    assert statuses == [302, 302, 429, 429]


@pytest.mark.parametrize("proxies, limited", [(0, True), (1, False)])
def test_x_forwarded_for_counts_only_behind_a_configured_proxy(
    school,
    concern,  # noqa: F811
    settings,
    proxies,
    limited,
):
    """Cookieless posts with a different X-Forwarded-For each: one address unless a proxy is
    configured, when each forwarded client is counted on its own."""
    settings.CONCERN_RATE_LIMIT = "1/10m"
    settings.TRUSTED_PROXY_COUNT = proxies
    statuses = [
        post(Client(), school, concern(), HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(1, 4)
    ]
    assert statuses == ([302, 429, 429] if limited else [302, 302, 302])


def test_an_ipv6_script_cannot_dodge_the_limit_by_moving_within_its_network(
    school,
    concern,  # noqa: F811
    settings,
):
    settings.CONCERN_RATE_LIMIT = "1/10m"
    statuses = [
        Client()
        .post(f"/s/{school.slug}/concern/", concern(), REMOTE_ADDR=f"2001:db8::{n}")
        .status_code
        for n in range(1, 4)
    ]
    assert statuses == [302, 429, 429]
