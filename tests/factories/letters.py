"""factory-boy factories for the letters app's models."""

import factory

from incidents.models import (
    Case,
)
from letters.models import Kind, Letter, LetterEmail, LetterRender, LetterTemplate
from tests.factories.incidents import CaseFactory, ParentFactory
from tests.factories.policies import SchoolFactory


class LetterTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterTemplate
        django_get_or_create = ["school", "kind"]

    school = factory.SubFactory(SchoolFactory)
    kind = Kind.WARNING
    title = "Warning letter"
    body = "Dear {{ parent_name }}\n\n{{ breached_rules }}"


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    case = factory.SubFactory(CaseFactory, status=Case.Status.WARNING_LETTER)
    kind = Kind.WARNING
    parent = factory.SubFactory(ParentFactory, school=factory.SelfAttribute("..case.school"))
    recipient_name = factory.SelfAttribute("parent.full_name")
    recipient_email = factory.SelfAttribute("parent.email")
    title = "Warning letter"
    body = "Dear {{ parent_name }}\n\nYou breached:\n\n{{ breached_rules }}"


class LetterRenderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterRender

    letter = factory.SubFactory(LetterFactory, status=Letter.Status.APPROVED, html="<p>Letter</p>")


class LetterEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LetterEmail

    letter = factory.SubFactory(
        LetterFactory, status=Letter.Status.APPROVED, delivery=Letter.Delivery.EMAIL
    )


# --- exports -------------------------------------------------------------------------------
