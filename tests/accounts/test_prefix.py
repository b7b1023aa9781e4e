"""The second sign-in step is decided by the views, so it holds when ConductDesk is served under
a prefix (SCRIPT_NAME=/cd: request.path is /cd/staff/...) and even without the middleware."""

import pytest
from django.urls import clear_script_prefix, set_script_prefix

from tests.test_staff_url_permissions import PAGES

PREFIX = "/cd"


@pytest.fixture
def under_prefix():
    """What a WSGI server does for a site mounted at /cd: reverse() then answers /cd/...."""
    set_script_prefix(PREFIX + "/")
    yield
    clear_script_prefix()


@pytest.fixture
def without_middleware(settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "accounts.sessions.SessionLimitsMiddleware"
    ]


def password_only_get(client, user, path, **extra):
    client.force_login_password_only(user)
    return client.get(path, **extra)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_password_only_session_is_sent_to_the_second_step_under_a_prefix(
    client, school, head, name, request
):
    path = PAGES[name][0](school)  # made before the prefix is set: /staff/...
    request.getfixturevalue("under_prefix")
    response = password_only_get(client, head, path, SCRIPT_NAME=PREFIX)
    assert response.status_code == 302
    assert response.url.startswith(f"{PREFIX}/accounts/two-step/?next=%2Fcd%2Fstaff%2F")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_staff_views_ask_for_the_second_step_themselves(
    client, school, head, name, without_middleware
):
    path = PAGES[name][0](school)
    response = password_only_get(client, head, path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/two-step/")


def test_admin_needs_the_second_step_under_a_prefix(client, admin_user, under_prefix):
    response = password_only_get(client, admin_user, "/admin/", SCRIPT_NAME=PREFIX)
    assert response.status_code == 302
    assert response.url.startswith(f"{PREFIX}/accounts/two-step/")


@pytest.mark.parametrize("path", ["/admin/", "/admin/auth/user/", "/admin/login/"])
def test_admin_site_asks_for_the_second_step_itself(client, admin_user, without_middleware, path):
    response = password_only_get(client, admin_user, path, follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/two-step/")
    assert "Set up two-step sign-in" in response.content.decode()


def test_verified_staff_work_normally_under_a_prefix(client, school, head, under_prefix):
    client.force_login(head)
    response = client.get("/staff/cases/", SCRIPT_NAME=PREFIX)
    assert response.status_code == 200
    assert 'href="/cd/staff/cases/' in response.content.decode()
