"""factory-boy factories for the incidents app's models."""

import datetime

import factory
from django.utils import timezone

from incidents.models import (
    Case,
    CaseEvent,
    CaseMonthCount,
    CaseStamp,
    CaseStatusCount,
    EscalationRequest,
    Evidence,
    KeptScreenshot,
    Meeting,
    ModerationRequest,
    Notification,
    Parent,
    ReferenceCounter,
    Report,
    SafeguardingAlert,
    SiteBan,
    StandardReply,
)
from incidents.services.month_counts import case_month_counts, month_counts_add, month_counts_kept
from incidents.services.status_counts import status_counts_add
from incidents.tokens import submission_key_new, token_hash
from tests.factories.policies import (
    SchoolFactory,
    UserFactory,
)


class ParentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Parent

    school = factory.SubFactory(SchoolFactory)
    full_name = factory.Faker("name", locale="en_GB")
    email = factory.Sequence(lambda n: f"parent{n}@example.org")
    year_groups = "Year 3"


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case

    school = factory.SubFactory(SchoolFactory)
    reference = factory.LazyAttributeSequence(
        lambda c, n: f"{c.school.reference_code}-2026-{n + 1:04d}"
    )

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A factory case counts on the dashboard and in the governors' report as one the
        intake service created would (breach categories added to it later do not: a test that
        adds them directly recounts, `month_counts_recount`)."""
        case = super()._create(model_class, *args, **kwargs)
        status_counts_add(school_id=case.school_id, changes={case.status: 1})
        month_counts_add(changes=case_month_counts(Case.objects.filter(pk=case.pk)))
        return case


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    case = factory.SubFactory(CaseFactory)
    school = factory.SelfAttribute("case.school")
    reference = factory.LazyAttributeSequence(
        lambda r, n: f"{r.case.school.reference_code}-2026-R{n:04d}"
    )
    reporter_name = "A Parent"
    reporter_email = factory.Sequence(lambda n: f"reporter{n}@example.org")
    occurred_on = datetime.date(2026, 11, 2)
    description = "A parent posted rude comments about a teacher in the class group."
    person_concerned = "J. Bloggs"
    token_hash = factory.Sequence(lambda n: token_hash(f"token-{n}"))
    submission_key = factory.Sequence(lambda n: f"key-{n}")


class EvidenceFactory(factory.django.DjangoModelFactory):
    """Evidence with real (tiny) image and thumbnail files in the private storage."""

    class Meta:
        model = Evidence

    case = factory.SubFactory(CaseFactory)
    report = None
    file = factory.django.ImageField(filename="e.png", format="PNG", width=40, height=30)
    thumbnail = factory.django.ImageField(filename="t.jpg", format="JPEG", width=20, height=15)
    content_type = "image/png"
    original_format = "PNG"
    original_name = "screenshot.png"
    original_sha256 = "0" * 64
    original_size = 1000
    sha256 = "1" * 64
    size = 900
    width = 40
    height = 30
    original_width = 40
    original_height = 30


class KeptScreenshotFactory(factory.django.DjangoModelFactory):
    """A screenshot kept for a concern form; pass `submission_key` and `browser` to bind it."""

    class Meta:
        model = KeptScreenshot
        exclude = ("submission_key", "browser")

    submission_key = factory.LazyFunction(submission_key_new)
    browser = factory.Sequence(lambda n: f"browser-{n}")
    school = factory.SubFactory(SchoolFactory)
    key_hash = factory.LazyAttribute(lambda o: token_hash(o.submission_key))
    browser_hash = factory.LazyAttribute(lambda o: token_hash(o.browser))
    file = factory.django.ImageField(filename="k.png", format="PNG", width=40, height=30)
    thumbnail = factory.django.ImageField(filename="t.jpg", format="JPEG", width=20, height=15)
    content_type = "image/png"
    original_format = "PNG"
    original_name = "screenshot.png"
    original_sha256 = "0" * 64
    original_size = 1000
    sha256 = "1" * 64
    size = 900
    width = 40
    height = 30
    original_width = 40
    original_height = 30
    decoded_pixels = 1200


class CaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    kind = CaseEvent.Kind.NOTE
    text = "A note."

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A factory transition counts in the governors' report as the service's would."""
        if kwargs.get("kind") != CaseEvent.Kind.TRANSITION:
            return super()._create(model_class, *args, **kwargs)
        with month_counts_kept(case_ids=[kwargs["case"].pk]):
            return super()._create(model_class, *args, **kwargs)


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    case = factory.SubFactory(CaseFactory)
    kind = Notification.Kind.NEW_CONCERN
    subject_key = factory.LazyAttribute(lambda n: f"case:{n.case.pk}")
    recipient = factory.Sequence(lambda n: f"staff{n}@example.org")
    subject = "New concern"
    body = "A new concern is waiting."


class CaseStampFactory(factory.django.DjangoModelFactory):
    """Stamps are kept by database triggers; this is for tests that need one by hand."""

    class Meta:
        model = CaseStamp
        django_get_or_create = ("case_id",)

    case_id = factory.LazyFunction(lambda: CaseFactory().pk)
    version = 0


class ReferenceCounterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReferenceCounter

    school = factory.SubFactory(SchoolFactory)
    year = 2026
    last = 0


class EscalationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EscalationRequest

    case = factory.SubFactory(CaseFactory, status=Case.Status.SPEAKING_TO_PARENT)
    school = factory.SelfAttribute("case.school")
    target = Case.Status.WARNING_LETTER
    reason = "Repeated abusive posts after a conversation."
    requested_by = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """A factory decision counts in the governors' report as the service's would."""
        with month_counts_kept(case_ids=[kwargs["case"].pk]):
            return super()._create(model_class, *args, **kwargs)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    case = factory.SubFactory(CaseFactory, status=Case.Status.MEETING)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=3))
    place = "Headteacher's office"
    attendees = "Headteacher\nParent"
    created_by = factory.SubFactory(UserFactory)


class ModerationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ModerationRequest

    case = factory.SubFactory(CaseFactory, status=Case.Status.GATHERING_INFORMATION)
    moderator = "Class rep"
    follow_up_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=2))
    created_by = factory.SubFactory(UserFactory)


class SiteBanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SiteBan
        skip_postgeneration_save = True

    case = factory.SubFactory(CaseFactory, status=Case.Status.SITE_BAN)
    school = factory.SelfAttribute("case.school")
    parent = factory.SubFactory(ParentFactory, school=factory.SelfAttribute("..case.school"))
    reasons = "Threatening messages to staff."
    starts_on = factory.LazyFunction(timezone.localdate)
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    representation_deadline = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=14)
    )
    created_by = factory.SubFactory(UserFactory)


class SafeguardingAlertFactory(factory.django.DjangoModelFactory):
    """An alert awaiting a DSL's decision on a case flagged as a safeguarding concern."""

    class Meta:
        model = SafeguardingAlert

    case = factory.SubFactory(
        CaseFactory, status=Case.Status.GATHERING_INFORMATION, safeguarding=True
    )
    reason = "The reporter thinks a child may be at risk."


class StandardReplyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandardReply

    school = factory.SubFactory(SchoolFactory)
    title = factory.Sequence(lambda n: f"Standard reply {n}")
    text = "Thank you for your message. We are looking into it."


# --- letters -------------------------------------------------------------------------------


class CaseMonthCountFactory(factory.django.DjangoModelFactory):
    """The governors' report's counters are kept by the services; this is for tests of the
    recount."""

    class Meta:
        model = CaseMonthCount
        django_get_or_create = ["school", "span", "month", "measure", "key"]

    school = factory.SubFactory(SchoolFactory)
    span = CaseMonthCount.Span.MONTH
    month = datetime.date(2026, 10, 1)
    measure = CaseMonthCount.Measure.OPENED
    key = ""
    count = 0


class CaseStatusCountFactory(factory.django.DjangoModelFactory):
    """The per-school state counters are kept by the services; this is for tests of the recount."""

    class Meta:
        model = CaseStatusCount
        django_get_or_create = ["school", "status"]

    school = factory.SubFactory(SchoolFactory)
    status = Case.Status.REPORTED
    count = 0
