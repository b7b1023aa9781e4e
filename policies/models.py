"""Who the school is and what its rules are. This app imports neither incidents nor letters."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone


class School(models.Model):
    class Nation(models.TextChoices):
        ENGLAND = "england", "England"
        WALES = "wales", "Wales"
        SCOTLAND = "scotland", "Scotland"
        NORTHERN_IRELAND = "northern_ireland", "Northern Ireland"

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    reference_code = models.CharField(
        max_length=4, unique=True, help_text="Prefix of case references, e.g. JL in JL-2026-0042."
    )
    address = models.TextField(blank=True)
    nation = models.CharField(max_length=20, choices=Nation.choices, default=Nation.ENGLAND)
    concern_email = models.EmailField(help_text="Where parents may e-mail a concern.")
    office_email = models.EmailField(
        blank=True,
        help_text="The school office: replies to the school's e-mails go here (the concern "
        "address if empty).",
    )
    office_phone = models.CharField(max_length=30, blank=True, help_text="Printed on letters.")
    decision_maker_title = models.CharField(
        max_length=100, default="Headteacher", help_text="e.g. Executive Headteacher, Headmistress."
    )
    letter_sign_off = models.CharField(max_length=200, blank=True)
    logo = models.ImageField(upload_to="logos/", blank=True)
    representation_school_days = models.PositiveSmallIntegerField(
        default=10, help_text="School days a parent has to make representations about a site ban."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("code_of_conduct", kwargs={"slug": self.slug})

    @property
    def reply_to(self) -> str:
        return self.office_email or self.concern_email


class ClosureDate(models.Model):
    """A day the school is closed (INSET day, holiday) that does not count as a school day."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="closure_dates")
    date = models.DateField()
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["school", "date"], name="unique_closure_per_day"),
        ]

    def __str__(self):
        return f"{self.school} closed {self.date:%d %b %Y}"


class Membership(models.Model):
    class Role(models.TextChoices):
        SLT = "slt", "Senior leadership team"
        HEADTEACHER = "headteacher", "Headteacher"
        BURSAR = "bursar", "Bursar"

    class SafeguardingLead(models.TextChoices):
        DSL = "dsl", "Designated safeguarding lead"
        DEPUTY = "deputy", "Deputy designated safeguarding lead"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    safeguarding_lead = models.CharField(
        "safeguarding lead",
        max_length=10,
        choices=SafeguardingLead.choices,
        blank=True,
        help_text="Safeguarding alerts go to the school's DSLs first; only they record the "
        "decision on one.",
    )
    # When its holder last chose to work in this school: a new session starts in the school
    # last used (policies.access.current_membership).
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["school__name", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="one_role_per_school"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} at {self.school}"

    def clean(self):
        from policies.permissions import may_lead_safeguarding

        if self.safeguarding_lead and not may_lead_safeguarding(self.role):
            raise ValidationError(
                {"safeguarding_lead": "A safeguarding lead must have a role that reads cases."}
            )


# Of the codes already in effect, the one in force comes first.
IN_FORCE_ORDER = ("-effective_date", "-version")


class CodeOfConductQuerySet(models.QuerySet):
    def in_force(self, on=None):
        on = on or timezone.localdate()
        return self.filter(effective_date__lte=on).order_by(*IN_FORCE_ORDER)


class CodeOfConduct(models.Model):
    """One version of a school's code. Lists are kept one item per line, in the school's words."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="codes")
    version = models.PositiveIntegerField(default=1)
    title = models.CharField(max_length=200)
    effective_date = models.DateField()
    review_date = models.DateField(null=True, blank=True)
    introduction = models.TextField(blank=True, help_text="Paragraphs separated by blank lines.")
    guidelines = models.TextField(help_text="One guideline per line.")
    expectations = models.TextField(blank=True, help_text="One expectation per line.")
    raising_concerns = models.TextField(blank=True)
    proportionality = models.TextField(blank=True)

    objects = CodeOfConductQuerySet.as_manager()

    class Meta:
        ordering = ["school__name", "-effective_date"]
        verbose_name = "code of conduct"
        verbose_name_plural = "codes of conduct"
        constraints = [
            models.UniqueConstraint(fields=["school", "version"], name="unique_code_version"),
        ]

    def __str__(self):
        return f"{self.school} — {self.title} (v{self.version})"

    @property
    def introduction_paragraphs(self):
        return [p.strip() for p in self.introduction.split("\n\n") if p.strip()]

    @property
    def guideline_list(self):
        return text_lines(self.guidelines)

    @property
    def expectation_list(self):
        return text_lines(self.expectations)


def text_lines(text: str) -> list[str]:
    """A list kept one item per line, without blank lines."""
    return [line.strip() for line in text.splitlines() if line.strip()]


class BreachCategory(models.Model):
    code = models.ForeignKey(
        CodeOfConduct, on_delete=models.CASCADE, related_name="breach_categories"
    )
    key = models.SlugField(help_text="Stable key shared by schools for the same kind of breach.")
    name = models.CharField(max_length=300, help_text="In the school's own words.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["code", "position", "id"]
        verbose_name_plural = "breach categories"
        constraints = [
            models.UniqueConstraint(fields=["code", "key"], name="unique_category_per_code"),
        ]

    def __str__(self):
        return self.name


class Response(models.Model):
    """A response the school says it may take, mapped to a step of the ladder or a side action."""

    class Kind(models.TextChoices):
        GATHER_INFORMATION = "gather_information", "Gather information"
        SPEAK_TO_PARENT = "speak_to_parent", "Speak to the parent"
        REMOVE_POST = "remove_post", "Ask the moderator to remove a post"
        WARNING_LETTER = "warning_letter", "Warning letter"
        MEETING = "meeting", "Meeting"
        POLICE = "police", "Contact the police"
        SAFEGUARDING_ADVICE = "safeguarding_advice", "Local authority safeguarding advice"
        LEGAL_ADVICE = "legal_advice", "Legal advice"
        SITE_BAN = "site_ban", "Ban from the school site"
        REMOVE_FROM_GROUP = "remove_from_group", "Removal from the group"
        OTHER = "other", "Other"

    code = models.ForeignKey(CodeOfConduct, on_delete=models.CASCADE, related_name="responses")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    wording = models.TextField(help_text="In the school's own words.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["code", "position", "id"]

    def __str__(self):
        return self.wording


class MessagingGroup(models.Model):
    class Platform(models.TextChoices):
        WHATSAPP = "whatsapp", "WhatsApp"
        FACEBOOK = "facebook", "Facebook"
        OTHER = "other", "Other"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(max_length=200)
    platform = models.CharField(max_length=20, choices=Platform.choices, default=Platform.WHATSAPP)
    year_group = models.CharField(max_length=50, blank=True, help_text="e.g. Reception, Year 3.")
    moderators = models.CharField(max_length=300, blank=True, help_text="Names, comma-separated.")
    moderator_email = models.EmailField(blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["school__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="unique_group_name"),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_platform_display()})"
