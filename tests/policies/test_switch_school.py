"""Staff with roles at several schools choose which school to work in."""

import pytest

from policies.access import SESSION_KEY
from policies.models import Membership
from tests.conftest import TwoFactorClient
from tests.factories import MembershipFactory


@pytest.fixture
def head_of_two(head, other_school):
    MembershipFactory(user=head, school=other_school, role=Membership.Role.SLT)
    return head


def test_switching_to_a_school_where_you_have_a_role(client, head_of_two, other_school):
    client.force_login(head_of_two)
    response = client.post("/staff/school/", {"school": other_school.pk})
    assert response.status_code == 302 and response.url == "/staff/"
    assert client.session[SESSION_KEY] == other_school.pk
    assert "Elmwood Primary School" in client.get("/staff/").content.decode()


def test_switching_to_a_school_where_you_have_no_role_is_not_found(client, head, other_school):
    client.force_login(head)
    assert client.post("/staff/school/", {"school": other_school.pk}).status_code == 404
    assert SESSION_KEY not in client.session


def test_switching_school_needs_the_second_step_even_without_the_middleware(
    client, settings, head_of_two, other_school
):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if m != "accounts.sessions.SessionLimitsMiddleware"
    ]
    client.force_login_password_only(head_of_two)
    response = client.post("/staff/school/", {"school": other_school.pk})
    assert response.status_code == 302 and response.url.startswith("/accounts/two-step/")
    assert SESSION_KEY not in client.session


def test_switching_school_is_a_post(client, head_of_two, other_school):
    client.force_login(head_of_two)
    assert client.get("/staff/school/", {"school": other_school.pk}).status_code == 405


def current_school(client):
    return client.get("/staff/").context["school"]


def test_a_new_session_starts_in_the_school_last_chosen(head_of_two, school, other_school):
    first = TwoFactorClient()
    first.force_login(head_of_two)
    assert current_school(first) == other_school  # never chosen: the first by name
    first.post("/staff/school/", {"school": school.pk})

    later = TwoFactorClient()
    later.force_login(head_of_two)
    assert current_school(later) == school

    later.post("/staff/school/", {"school": other_school.pk})
    assert current_school(first) == school  # a session keeps the school chosen in it
    again = TwoFactorClient()
    again.force_login(head_of_two)
    assert current_school(again) == other_school


def test_a_refused_switch_does_not_become_the_school_last_used(client, head, other_school):
    MembershipFactory(school=other_school, role=Membership.Role.SLT)  # someone else's role
    client.force_login(head)
    assert client.post("/staff/school/", {"school": other_school.pk}).status_code == 404
    assert not Membership.objects.filter(last_used_at__isnull=False).exists()


def test_switching_goes_on_to_the_staff_page_asked_for(client, head_of_two, school):
    client.force_login(head_of_two)
    response = client.post("/staff/school/", {"school": school.pk, "next": "/staff/cases/"})
    assert response.status_code == 302 and response.url == "/staff/cases/"


@pytest.mark.parametrize(
    "next_url",
    ["https://evil.example.org/staff/", "//evil.example.org/staff/", "/accounts/logout/", ""],
)
def test_switching_never_goes_on_to_another_site_or_a_non_staff_page(
    client, head_of_two, school, next_url
):
    client.force_login(head_of_two)
    response = client.post("/staff/school/", {"school": school.pk, "next": next_url})
    assert response.status_code == 302 and response.url == "/staff/"
    assert client.session[SESSION_KEY] == school.pk
