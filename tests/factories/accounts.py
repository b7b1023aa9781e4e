"""factory-boy factories for the accounts app's models."""

import factory

from accounts.models import StaffProfile
from tests.factories.policies import UserFactory


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    must_change_password = False
    is_demo = False
