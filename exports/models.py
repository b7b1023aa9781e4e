"""Exports of case records: the audit of every export, background export files, case bundles."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from incidents.models import Case
from jobs.models import Job
from policies.models import School

User = settings.AUTH_USER_MODEL


class Format(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "Excel (XLSX)"
    PDF = "pdf", "PDF"


class ExportJob(Job):
    """An export written to a private file by a Celery task, claimed by exactly one run at a time
    (pending → running), then done (downloadable until `expires_at`), failed or expired."""

    task = "exports.tasks.run_export"
    related = ("school",)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    format = models.CharField(max_length=10, choices=Format.choices)
    filters = models.JSONField(default=dict, blank=True)
    upto_case_id = models.BigIntegerField(
        default=0, help_text="Cases created after the request are not included."
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to="exports/", blank=True, max_length=200)
    size = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = "export"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self):
        return f"{self.get_format_display()} export of case records ({self.get_status_display()})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, self.done * 100 // self.total) if self.total else 0


class CaseBundle(Job):
    """One case as a PDF for legal advice or a subject access request, rendered exactly once."""

    task = "exports.tasks.render_bundle"
    school_path = "case__school"
    related = ("case__school", "requested_by")

    class Purpose(models.TextChoices):
        LEGAL_ADVICE = "legal_advice", "Legal advice"
        SUBJECT_ACCESS = "subject_access", "Subject access request"
        OTHER = "other", "Other"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    include_reporter = models.BooleanField(default=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    pdf = models.FileField(upload_to="exports/", blank=True, max_length=200)
    size = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveSmallIntegerField(null=True, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "case bundle"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "heartbeat_at"]),
            models.Index(fields=["status", "expires_at"]),
        ]

    def __str__(self):
        return f"Case bundle of {self.case.reference} ({self.get_status_display()})"


FILTER_LABELS = [
    ("opened_from", "Opened from"),
    ("opened_to", "Opened to"),
    ("state", "State"),
    ("case", "Case"),
    ("purpose", "Purpose"),
    ("include_reporter", "Reporter's identity included"),
]


class ExportRecord(models.Model):
    """The audit row of one export: who, in which role, when, what was asked for, how many rows.
    Written when the export is requested, in the same transaction as its job or bundle."""

    class Kind(models.TextChoices):
        CASES = "cases", "Case records"
        BUNDLE = "bundle", "Case bundle"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=20)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CASES)
    format = models.CharField(max_length=10, choices=Format.choices)
    filters = models.JSONField(default=dict, blank=True)
    row_count = models.PositiveIntegerField()
    job = models.OneToOneField(
        ExportJob, on_delete=models.PROTECT, null=True, blank=True, related_name="record"
    )
    bundle = models.OneToOneField(
        CaseBundle, on_delete=models.PROTECT, null=True, blank=True, related_name="record"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "-created_at"])]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.format}) by {self.user_id} at {self.created_at}"

    @property
    def filter_items(self) -> list[tuple[str, str]]:
        """The filters as (label, value) pairs for people, leaving out those not set."""
        labels = dict(FILTER_LABELS)
        values = {
            "state": dict(Case.Status.choices),
            "purpose": dict(CaseBundle.Purpose.choices),
            "include_reporter": {True: "yes", False: "no"},
        }
        return [
            (labels.get(key, key), values.get(key, {}).get(value, value))
            for key, value in self.filters.items()
            if value not in ("", None)
        ]


class Exemption(models.TextChoices):
    """Why an item is withheld from a disclosure whole (UK GDPR and DPA 2018 exemptions)."""

    LEGAL_PRIVILEGE = "legal_privilege", "Legal professional privilege"
    SERIOUS_HARM = "serious_harm", "Safeguarding: disclosure would be likely to cause serious harm"


class Disclosure(models.Model):
    """What of one case leaves the school, for one purpose, and what is redacted from it.

    Staff review every item that would be included and mark what to redact (`Redaction`); the
    headteacher then produces the PDF (a `CaseBundle`) from it. Its log (`RedactionLogEntry`)
    says what was redacted or un-redacted, why, by whom and when. A subject access request
    attaches one with the purpose SUBJECT_ACCESS and the parent it is about as `subject`.
    """

    Purpose = CaseBundle.Purpose

    class Status(models.TextChoices):
        REVIEWING = "reviewing", "Being reviewed"
        PRODUCED = "produced", "PDF produced"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    subject = models.ForeignKey(
        "incidents.Parent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The parent the disclosure is about: the other linked parents are redacted.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.REVIEWING)
    prepared_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    bundle = models.OneToOneField(
        CaseBundle, on_delete=models.PROTECT, null=True, blank=True, related_name="disclosure"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Disclosure of {self.case_id} for {self.get_purpose_display().lower()}"


class Redaction(models.Model):
    """One thing kept out of a disclosure: a term everywhere, a passage of one item, an area of
    one image (fractions of its width and height), or a whole item withheld under an exemption.

    `item` names the item ("report:12", "event:40", "letter:3", "meeting:2", "evidence:7");
    a term applies to every item. Suggested redactions are made when the disclosure is prepared
    and stay in force; staff confirm them before the PDF is produced."""

    class Kind(models.TextChoices):
        TERM = "term", "Term, everywhere"
        PASSAGE = "passage", "Passage"
        AREA = "area", "Area of an image"
        WITHHOLD = "withhold", "Item withheld"

    class Source(models.TextChoices):
        STAFF = "staff", "Marked by staff"
        REPORTER = "reporter", "The reporter's identity"
        STAFF_MEMBER = "staff_member", "A member of staff"
        PARENT = "parent", "Another parent"

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="redactions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    item = models.CharField(max_length=30, blank=True)
    text = models.CharField(max_length=500, blank=True)
    left = models.FloatField(null=True, blank=True)
    top = models.FloatField(null=True, blank=True)
    width = models.FloatField(null=True, blank=True)
    height = models.FloatField(null=True, blank=True)
    exemption = models.CharField(max_length=20, choices=Exemption.choices, blank=True)
    reason = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.STAFF)
    confirmed = models.BooleanField(default=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} on disclosure {self.disclosure_id}"

    @property
    def box(self) -> tuple[float, float, float, float]:
        return (self.left or 0.0, self.top or 0.0, self.width or 0.0, self.height or 0.0)


class RedactionLogEntry(models.Model):
    """The redaction log kept with a disclosure: what, why, who, when. Append-only."""

    class Action(models.TextChoices):
        PREPARED = "prepared", "Prepared"
        ADDED = "added", "Redaction added"
        SUGGESTED = "suggested", "Redaction suggested"
        CONFIRMED = "confirmed", "Suggestions confirmed"
        REMOVED = "removed", "Redaction removed"
        PRODUCED = "produced", "PDF produced"

    disclosure = models.ForeignKey(Disclosure, on_delete=models.CASCADE, related_name="log")
    action = models.CharField(max_length=20, choices=Action.choices)
    what = models.CharField(max_length=600)
    why = models.CharField(max_length=500, blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "redaction log entries"

    def __str__(self):
        return f"{self.get_action_display()}: {self.what}"
