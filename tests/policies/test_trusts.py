"""Trusts: a school may belong to one; a trust lead's right is the report of the trust's schools
and nothing at any school."""

import pytest

from policies.permissions import Action, can, trust_can, trusts_for
from tests.factories import TrustFactory, TrustMembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_trust_lead_may_see_reports_of_their_trust_only(school):
    membership = TrustMembershipFactory()
    other = TrustFactory()
    school.trust = membership.trust
    school.save()
    assert trust_can(membership.user, membership.trust, Action.VIEW_REPORTS)
    assert not trust_can(membership.user, other, Action.VIEW_REPORTS)
    assert trusts_for(membership.user, Action.VIEW_REPORTS) == [membership.trust]
    for action in Action:
        assert not can(membership.user, school, action)


def test_a_trust_lead_has_no_other_trust_right():
    membership = TrustMembershipFactory()
    for action in set(Action) - {Action.VIEW_REPORTS}:
        assert not trust_can(membership.user, membership.trust, action)
        assert trusts_for(membership.user, action) == []


def test_someone_without_a_trust_role_has_no_trust(head):
    assert trusts_for(head, Action.VIEW_REPORTS) == []
    assert trusts_for(UserFactory(is_active=False), Action.VIEW_REPORTS) == []


def test_an_inactive_trust_lead_has_no_trust():
    membership = TrustMembershipFactory(user__is_active=False)
    assert trusts_for(membership.user, Action.VIEW_REPORTS) == []


def test_deleting_a_trust_leaves_its_schools(school):
    trust = TrustFactory()
    school.trust = trust
    school.save()
    trust.delete()
    school.refresh_from_db()
    assert school.trust is None


def test_the_admin_lists_and_adds_trusts_and_their_leads(client):
    admin = UserFactory(username="site-admin", is_staff=True, is_superuser=True)
    TrustMembershipFactory()
    client.force_login(admin)
    for path in (
        "/admin/policies/trust/",
        "/admin/policies/trust/add/",
        "/admin/policies/trustmembership/",
        "/admin/policies/trustmembership/add/",
        "/admin/policies/school/",
    ):
        assert client.get(path).status_code == 200, path
