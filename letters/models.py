"""What the school sends: per-school letter templates, letters, and each PDF render."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from incidents.models import Case, EscalationRequest, Parent, SiteBan
from jobs.models import Job
from policies.models import School

User = settings.AUTH_USER_MODEL


class Kind(models.TextChoices):
    ACKNOWLEDGEMENT = "acknowledgement", "Acknowledgement to the reporter"
    MODERATOR_REQUEST = "moderator_request", "Request to a group moderator to remove a post"
    WARNING = "warning", "Warning letter"
    MEETING_INVITATION = "meeting_invitation", "Meeting invitation"
    SITE_BAN_INTENDED = "site_ban_intended", "Intended or temporary site ban"
    SITE_BAN_DECISION = "site_ban_decision", "Site ban confirmed after representations"
    SITE_BAN_MODIFIED = "site_ban_modified", "Site ban confirmed with changes"
    SITE_BAN_LIFTED = "site_ban_lifted", "Site ban lifted after representations"
    SITE_BAN_WITHDRAWN = "site_ban_withdrawn", "Intended site ban withdrawn"
    BAN_REVIEW = "ban_review", "Ban review outcome"
    CASE_OUTCOME = "case_outcome", "Case outcome"


class LetterTemplate(models.Model):
    """The school's wording for one kind of letter. Placeholders like {{ parent_name }} are the
    only dynamic part: see letters/templating.py for the list. No template code runs."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="letter_templates")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=200, help_text="e.g. Cautionary notice.")
    body = models.TextField(
        help_text="Paragraphs separated by blank lines; lines starting with '- ' are bullets."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school__name", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["school", "kind"], name="one_template_per_kind"),
        ]

    def __str__(self):
        return f"{self.school}: {self.title}"


class Letter(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        APPROVED = "approved", "Approved"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    class Delivery(models.TextChoices):
        EMAIL = "email", "E-mail with the PDF attached"
        POST = "post", "Printed for post"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    parent = models.ForeignKey(
        Parent, on_delete=models.PROTECT, null=True, blank=True, related_name="letters"
    )
    recipient_name = models.CharField(max_length=200, blank=True)
    recipient_email = models.EmailField(blank=True)
    recipient_address = models.TextField(blank=True)
    escalation = models.ForeignKey(
        EscalationRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    site_ban = models.ForeignKey(
        SiteBan, on_delete=models.SET_NULL, null=True, blank=True, related_name="letters"
    )
    title = models.CharField(max_length=200)
    body = models.TextField(help_text="The wording, with placeholders; editable while a draft.")
    html = models.TextField(blank=True, help_text="Rendered snapshot, fixed at approval.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    letter_date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # A draft waits for the headteacher from when SLT send it (or a headteacher drafts it).
    approval_requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approval_requested_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["case", "status"])]

    def __str__(self):
        return f"{self.title} — {self.case.reference}"

    @property
    def awaiting_approval(self) -> bool:
        return self.status == self.Status.DRAFT and self.approval_requested_at is not None


class LetterRender(Job):
    """The record of producing one letter's PDF: claimed by exactly one task at a time."""

    task = "letters.tasks.render_letter"
    school_path = "letter__case__school"
    related = ("letter__case",)

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="render")
    pdf = models.FileField(upload_to="letters/", blank=True, max_length=200)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "letter PDF"
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return f"PDF of {self.letter.title} ({self.letter.case.reference})"


class LetterEmail(Job):
    """Sending one approved letter by e-mail with its PDF attached."""

    task = "letters.tasks.email_letter"
    school_path = "letter__case__school"
    related = ("letter__case__school", "letter__render")

    letter = models.OneToOneField(Letter, on_delete=models.PROTECT, related_name="email")

    class Meta:
        verbose_name = "letter e-mail"
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return f"E-mail of {self.letter.title} to {self.letter.recipient_email}"
