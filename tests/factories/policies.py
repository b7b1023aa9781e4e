"""factory-boy factories for the policies app's models."""

import datetime

import factory
from django.contrib.auth import get_user_model

from policies.models import (
    BreachCategory,
    ClosureDate,
    CodeOfConduct,
    Membership,
    MessagingGroup,
    Response,
    School,
    Trust,
    TrustMembership,
)
from policies.signals import school_created


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password("pw-for-tests-1")


class TrustFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trust

    name = factory.Sequence(lambda n: f"Test Learning Trust {n}")
    slug = factory.Sequence(lambda n: f"test-trust-{n}")


class TrustMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TrustMembership

    user = factory.SubFactory(UserFactory)
    trust = factory.SubFactory(TrustFactory)
    role = TrustMembership.Role.TRUST_LEAD


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    name = factory.Sequence(lambda n: f"Test Primary School {n}")
    slug = factory.Sequence(lambda n: f"test-school-{n}")
    # Four characters at most, and unique for the 4,096 schools a long test run may create.
    reference_code = factory.Sequence(lambda n: f"T{n % 4096:03X}")
    address = "1 Example Road, Exampleton"
    concern_email = factory.LazyAttribute(lambda s: f"concerns@{s.slug}.example.org")
    decision_maker_title = "Headteacher"
    letter_sign_off = factory.LazyAttribute(lambda s: f"Headteacher, {s.name}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """Announced, as the admin and the seed announce a new school: it gets its templates."""
        school = super()._create(model_class, *args, **kwargs)
        school_created.send(sender=School, school=school)
        return school


class ClosureDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClosureDate

    school = factory.SubFactory(SchoolFactory)
    date = datetime.date(2026, 10, 23)
    reason = "INSET day"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Membership.Role.SLT


class CodeOfConductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CodeOfConduct

    school = factory.SubFactory(SchoolFactory)
    version = 1
    title = "Class WhatsApp groups: code of conduct"
    effective_date = datetime.date(2024, 9, 1)
    guidelines = "Be kind.\nNo private conversations in the group."
    expectations = "Treat all members of the school community with respect."
    raising_concerns = "Tell the school in confidence."
    proportionality = "The school will always respond proportionately."


class BreachCategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BreachCategory

    code = factory.SubFactory(CodeOfConductFactory)
    key = factory.Sequence(lambda n: f"category-{n}")
    name = factory.Sequence(lambda n: f"Breach category {n}")
    position = factory.Sequence(int)


class ResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Response

    code = factory.SubFactory(CodeOfConductFactory)
    kind = Response.Kind.WARNING_LETTER
    wording = "Send a warning letter to the parent"
    position = factory.Sequence(int)


class MessagingGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MessagingGroup

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Year {n % 6 + 1} parents {n}")
    year_group = "Year 3"
    moderators = "Class rep"
    moderator_email = "rep@example.org"


# --- incidents ---------------------------------------------------------------------------
