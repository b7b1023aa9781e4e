import datetime
import uuid

import factory
from django.utils import timezone

from incidents.models import Case
from retention.models import (
    DisposalRecord,
    DueItem,
    LegalHold,
    RetentionExtension,
    RetentionRule,
    Series,
)
from tests.factories.incidents import CaseFactory
from tests.factories.policies import SchoolFactory, UserFactory


class RetentionRuleFactory(factory.django.DjangoModelFactory):
    """A school made by SchoolFactory has its whole schedule already: this edits its row."""

    class Meta:
        model = RetentionRule
        django_get_or_create = ["school", "series"]

    school = factory.SubFactory(SchoolFactory)
    series = Series.CLOSED_CASES
    years = 6
    trigger = "case closed"
    basis = "IRMS Information Management Toolkit for Schools: complaints files"


def closed_years_ago(years: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=365 * years + 2)


class LegalHoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalHold

    case = factory.SubFactory(
        CaseFactory,
        status=Case.Status.CLOSED,
        closed_at=factory.LazyFunction(lambda: closed_years_ago(7)),
    )
    reason = "A claim has been brought against the school."
    set_by = factory.SubFactory(UserFactory)


class RetentionExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetentionExtension

    case = factory.SubFactory(CaseFactory, status=Case.Status.CLOSED)
    keep_until = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=365))
    reason = "The parent has said they will complain to the Department for Education."
    by = factory.SubFactory(UserFactory)


class DueItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DueItem

    case = factory.SubFactory(
        CaseFactory,
        status=Case.Status.CLOSED,
        closed_at=factory.LazyFunction(lambda: closed_years_ago(7)),
    )
    school = factory.SelfAttribute("case.school")
    series = Series.CLOSED_CASES
    due_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=1))


class DisposalRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DisposalRecord

    school = factory.SubFactory(SchoolFactory)
    series = Series.CLOSED_CASES
    reference = factory.Sequence(lambda n: f"OF-2019-{n:04d}")
    opened_on = datetime.date(2019, 3, 4)
    closed_on = datetime.date(2019, 5, 6)
    outcome = "Resolved"
    categories = [["Reports (text and reporters' contact details)", 1]]
    rule = "Closed cases: case closed + 6 years"
    due_on = datetime.date(2025, 5, 6)
    approved_by = factory.SubFactory(UserFactory)
    approved_by_name = "Ann Head"
    batch = factory.LazyFunction(uuid.uuid4)
