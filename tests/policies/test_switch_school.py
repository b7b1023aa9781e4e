"""Staff with roles at several schools choose which school to work in."""

import pytest

from policies.access import SESSION_KEY
from policies.models import Membership
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
