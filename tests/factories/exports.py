"""factory-boy factories for the exports app's models."""

import factory

from exports.models import (
    CaseBundle,
    Disclosure,
    ExportJob,
    ExportRecord,
    Format,
    Redaction,
    RedactionLogEntry,
)
from policies.models import (
    Membership,
)
from tests.factories.incidents import CaseFactory
from tests.factories.policies import (
    SchoolFactory,
    UserFactory,
)


class ExportJobFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExportJob

    school = factory.SubFactory(SchoolFactory)
    requested_by = factory.SubFactory(UserFactory)
    format = Format.XLSX


class CaseBundleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseBundle

    case = factory.SubFactory(CaseFactory)
    requested_by = factory.SubFactory(UserFactory)
    purpose = CaseBundle.Purpose.LEGAL_ADVICE


class ExportRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExportRecord

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.BURSAR
    format = Format.CSV
    row_count = 0


class DisclosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Disclosure

    case = factory.SubFactory(CaseFactory)
    purpose = Disclosure.Purpose.SUBJECT_ACCESS
    prepared_by = factory.SubFactory(UserFactory)


class RedactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Redaction

    disclosure = factory.SubFactory(DisclosureFactory)
    kind = Redaction.Kind.TERM
    text = "Rita Example"
    created_by = factory.SelfAttribute("disclosure.prepared_by")


class RedactionLogEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RedactionLogEntry

    disclosure = factory.SubFactory(DisclosureFactory)
    action = RedactionLogEntry.Action.ADDED
    what = "Term, everywhere: “Rita Example”"
    by = factory.SelfAttribute("disclosure.prepared_by")
