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
