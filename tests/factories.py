"""factory-boy factories for every model. Split per app when this grows."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import StaffProfile
from exports.models import CaseBundle, ExportJob, ExportRecord, Format
from incidents.models import (
    Case,
    CaseEvent,
    CaseStamp,
    EscalationRequest,
    Evidence,
    Meeting,
    ModerationRequest,
    Notification,
    Parent,
    ReferenceCounter,
    Report,
    SiteBan,
)
from incidents.services.status_counts import status_counts_add
from incidents.tokens import token_hash
from letters.models import Kind, Letter, LetterEmail, LetterRender, LetterTemplate
from policies.models import (
    BreachCategory,
    ClosureDate,
    CodeOfConduct,
    Membership,
    MessagingGroup,
    Response,
    School,
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
        """A factory case counts on the dashboard as one the intake service created would."""
        case = super()._create(model_class, *args, **kwargs)
        status_counts_add(school_id=case.school_id, changes={case.status: 1})
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


class CaseEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CaseEvent

    case = factory.SubFactory(CaseFactory)
    kind = CaseEvent.Kind.NOTE
    text = "A note."


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
    target = Case.Status.WARNING_LETTER
    reason = "Repeated abusive posts after a conversation."
    requested_by = factory.SubFactory(UserFactory)


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


# --- letters -------------------------------------------------------------------------------


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


class StaffProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffProfile
        django_get_or_create = ["user"]

    user = factory.SubFactory(UserFactory)
    must_change_password = False
    is_demo = False
