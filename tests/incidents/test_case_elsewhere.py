"""A link to a case at another of the person's schools offers to switch there; to anyone
without a role there that lets them open the case, it is the same 404 as a reference that does
not exist."""

import pytest

from audit.models import AccessEvent
from policies.access import SESSION_KEY
from policies.models import Membership
from tests.factories import CaseFactory, MembershipFactory, UserFactory


@pytest.fixture
def elm_case(other_school):
    return CaseFactory(school=other_school, reference="EW-2026-0042")


def member_of(*roles):
    """A user with these (school, role) pairs, working in the first school."""
    user = UserFactory()
    for school, role in roles:
        MembershipFactory(user=user, school=school, role=role)
    return user


def working_in(client, user, school):
    client.force_login(user)
    session = client.session
    session[SESSION_KEY] = school.pk
    session.save()


def not_found(client):
    response = client.get("/staff/cases/EW-2026-9999/")
    assert response.status_code == 404
    return response.content


def test_a_case_at_your_other_school_offers_to_switch_there(client, school, other_school, elm_case):
    user = member_of((school, Membership.Role.SLT), (other_school, Membership.Role.HEADTEACHER))
    working_in(client, user, school)

    response = client.get(elm_case.get_absolute_url())
    page = response.content.decode()
    assert response.status_code == 200
    assert "This case is at Elmwood Primary School" in page
    assert "Switch to Elmwood Primary School" in page
    assert f'name="school" value="{other_school.pk}"' in page
    assert f'name="next" value="{elm_case.get_absolute_url()}"' in page
    # Following the link changes nothing and opens nothing.
    assert client.session[SESSION_KEY] == school.pk
    assert not Membership.objects.filter(user=user, last_used_at__isnull=False).exists()
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.VIEW_CASE).exists()

    switched = client.post(
        "/staff/school/", {"school": other_school.pk, "next": elm_case.get_absolute_url()}
    )
    assert switched.url == elm_case.get_absolute_url()
    opened = client.get(switched.url)
    assert opened.status_code == 200 and "EW-2026-0042" in opened.content.decode()
    assert opened.context["school"] == other_school
    assert AccessEvent.objects.filter(
        actor=user, action=AccessEvent.Action.VIEW_CASE, school_id=other_school.pk
    ).exists()


def test_a_reference_at_a_school_where_you_have_no_role_reveals_nothing(client, slt, elm_case):
    client.force_login(slt)
    response = client.get(elm_case.get_absolute_url())
    assert response.status_code == 404
    assert response.content == not_found(client)
    assert b"Elmwood" not in response.content


def test_a_bursar_at_the_other_school_is_not_offered_its_case(
    client, school, other_school, elm_case
):
    user = member_of((school, Membership.Role.SLT), (other_school, Membership.Role.BURSAR))
    working_in(client, user, school)
    response = client.get(elm_case.get_absolute_url())
    assert response.status_code == 404
    assert response.content == not_found(client)


def test_a_bursar_who_switches_anyway_still_has_no_case_page_there(
    client, school, other_school, elm_case
):
    user = member_of((school, Membership.Role.SLT), (other_school, Membership.Role.BURSAR))
    working_in(client, user, school)
    client.post("/staff/school/", {"school": other_school.pk})
    assert client.get(elm_case.get_absolute_url()).status_code == 403
    assert not AccessEvent.objects.filter(action=AccessEvent.Action.VIEW_CASE).exists()


def test_a_case_of_the_school_you_work_in_opens_as_usual(client, other_slt, elm_case):
    client.force_login(other_slt)
    response = client.get(elm_case.get_absolute_url())
    assert response.status_code == 200
    assert "This case is at" not in response.content.decode()
