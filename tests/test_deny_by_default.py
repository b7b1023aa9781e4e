"""Walks every URL pattern of the project and checks that anonymous visitors are refused,
except on an explicit allow-list of public pages."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

# Public pages and where anonymous visitors may go (name -> expected statuses).
PUBLIC = {
    "home": {200},
    "code_of_conduct": {200, 404},
    "concern": {200, 404},
    "concern_received": {200, 404},
    "concern_kept_thumbnail": {404},  # only to the browser that chose the picture
    "concern_follow_up": {404},  # only with a real token
    "ban_link": {404},  # only with a real token
    "login": {200},
    "logout": {405},  # POST only
    "healthz": {200, 503},
    "admin:login": {200},
    "admin:logout": {302, 405},
    "admin:javascript-catalog": {200},
}
REFUSED = {302, 403, 404, 405}
SAMPLE = {
    "int": "1",
    "slug": "oakfield",
    "str": "XX-2026-0001",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "path": "x",
}


def walk(resolver=None, prefix="", namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), prefix + str(entry.pattern)


def concrete(route: str) -> str:
    route = route.lstrip("^").rstrip("$").replace("\\Z", "")
    route = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: SAMPLE.get(m.group(1) or "str", "1"), route)
    route = re.sub(r"\(\?P<\w+>[^)]*\)", "1", route)  # regex routes in the admin
    return "/" + route.replace("\\", "")


PATTERNS = sorted({(name or "", concrete(route)) for name, route in walk()})


def test_the_walk_finds_the_staff_and_public_pages():
    names = {name for name, _ in PATTERNS}
    assert {"staff:case_detail", "letters:pdf", "concern", "admin:index"} <= names


@pytest.mark.parametrize("name, path", PATTERNS, ids=[p for _, p in PATTERNS])
def test_anonymous_access_is_refused_except_public_pages(client, school, name, path):
    response = client.get(path)
    if name in PUBLIC:
        assert response.status_code in PUBLIC[name], path
        return
    assert response.status_code in REFUSED, f"{path} answered {response.status_code}"
    if response.status_code == 302:
        assert response.url.startswith(("/accounts/login/", "/admin/login/")), response.url
