import pytest

from policies.models import Membership
from policies.permissions import Action, can, membership_for
from tests.factories import UserFactory

EXPECTED = {
    Membership.Role.SLT: {
        Action.VIEW_CASES,
        Action.VIEW_CASE_CONTENT,
        Action.VIEW_EVIDENCE,
        Action.WORK_CASES,
        Action.PROPOSE_ESCALATION,
        Action.PREPARE_SAR,
        Action.PREPARE_DISCLOSURE,  # review and mark redactions; the head produces the PDF
        Action.MESSAGE_REPORTER,
    },
    # Safeguarding decisions come with a DSL designation, not with a role (test_safeguarding).
    Membership.Role.HEADTEACHER: set(Action) - {Action.DECIDE_SAFEGUARDING},
    # Records, not allegations: never VIEW_CASE_CONTENT.
    Membership.Role.BURSAR: {Action.VIEW_CASES, Action.EXPORT},
}


@pytest.mark.parametrize("role", list(Membership.Role))
@pytest.mark.parametrize("action", list(Action))
def test_role_table_matches_the_spec(role, action, school):
    user = UserFactory()
    Membership.objects.create(user=user, school=school, role=role)
    assert can(user, school, action) is (action in EXPECTED[role])


def test_a_member_of_school_a_is_not_staff_at_school_b(head, school, other_school):
    assert membership_for(head, school) is not None
    assert membership_for(head, other_school) is None
    assert not any(can(head, other_school, action) for action in Action)


def test_inactive_and_anonymous_users_can_do_nothing(head, school):
    from django.contrib.auth.models import AnonymousUser

    head.is_active = False
    assert not can(head, school, Action.VIEW_CASES)
    assert not can(AnonymousUser(), school, Action.VIEW_CASES)


def test_staff_with_two_schools_works_in_the_one_they_choose(client, head, school, other_school):
    Membership.objects.create(user=head, school=other_school, role=Membership.Role.BURSAR)
    client.force_login(head)
    assert school.name in client.get("/staff/").content.decode()
    client.post("/staff/school/", {"school": other_school.pk})
    page = client.get("/staff/").content.decode()
    assert "Bursar" in page and other_school.name in page


def test_cannot_switch_to_a_school_without_a_role(client, slt, other_school):
    client.force_login(slt)
    assert client.post("/staff/school/", {"school": other_school.pk}).status_code == 404
