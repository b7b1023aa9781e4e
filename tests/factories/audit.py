"""factory-boy factories for the audit app's models."""

import factory

from audit.models import AccessEvent
from tests.factories.policies import (
    UserFactory,
)


class AccessEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AccessEvent

    actor = factory.SubFactory(UserFactory)
    username = factory.LazyAttribute(lambda e: e.actor.username if e.actor else "")
    action = AccessEvent.Action.VIEW_CASE
