import datetime

import factory

from sar.deadlines import deadline_for
from sar.models import SarEvent, SarMatch, SubjectAccessRequest
from tests.factories.incidents import CaseFactory
from tests.factories.policies import SchoolFactory, UserFactory


class SubjectAccessRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SubjectAccessRequest

    school = factory.SubFactory(SchoolFactory)
    requester_name = "Rita Example"
    requester_email = factory.Sequence(lambda n: f"requester{n}@example.org")
    requester_phone = "07700 900123"
    received_on = datetime.date(2026, 11, 20)
    channel = SubjectAccessRequest.Channel.EMAIL
    extension_months = 0
    identity_verified = "Known to the office; e-mailed from the address on the school's records."
    deadline = factory.LazyAttribute(lambda r: deadline_for(r.received_on, r.extension_months))
    logged_by = factory.SubFactory(UserFactory)


class SarEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SarEvent

    request = factory.SubFactory(SubjectAccessRequestFactory)
    actor = factory.SubFactory(UserFactory)
    text = "Logged"


class SarMatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SarMatch

    request = factory.SubFactory(SubjectAccessRequestFactory)
    case = factory.SubFactory(CaseFactory, school=factory.SelfAttribute("..request.school"))
    reasons = ["reporter: e-mail"]
