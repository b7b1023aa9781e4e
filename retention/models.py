"""How long a school keeps its case records, legal holds, what is due for disposal, and the
record of destruction that outlives a disposed case."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from incidents.models import Case
from policies.models import School

User = settings.AUTH_USER_MODEL


class Series(models.TextChoices):
    """The kinds of record the schedule covers, each with its own row per school."""

    CLOSED_CASES = "closed_cases", "Closed cases"
    DISMISSED_CONCERNS = "dismissed_concerns", "Concerns dismissed at triage"
    EVIDENCE_FILES = "evidence_files", "Evidence files (screenshots)"
    LETTERS = "letters", "Letters and their PDFs"
    ACCESS_AUDIT = "access_audit", "Access audit rows"
    EXPORT_HISTORY = "export_history", "Export history"
    SUBJECT_ACCESS = "subject_access", "Subject access requests answered"


# Kept no longer than the case they belong to: a shorter period disposes of them earlier.
PART_OF_CASE = (Series.EVIDENCE_FILES, Series.LETTERS)


class RetentionRule(models.Model):
    """One row of a school's retention schedule: keep this series for `years` after its
    trigger, then review it for disposal. The administrator edits it in the Django admin."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="retention_rules")
    series = models.CharField(max_length=30, choices=Series.choices)
    years = models.PositiveSmallIntegerField(
        help_text="Whole years after the trigger before the records are reviewed for disposal."
    )
    trigger = models.CharField(max_length=200, help_text="What the period counts from.")
    basis = models.TextField(
        help_text="The IRMS Toolkit for Schools series this follows, or why none fits."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school__name", "series"]
        constraints = [
            models.UniqueConstraint(fields=["school", "series"], name="one_rule_per_series"),
        ]

    def __str__(self):
        return f"{self.get_series_display()}: {self.trigger} + {self.years} years"

    def clean(self):
        if self.years < 1:
            raise ValidationError({"years": "Keep records for at least one year."})

    @property
    def summary(self) -> str:
        """The rule as the record of destruction cites it."""
        return f"{self.get_series_display()}: {self.trigger} + {self.years} years ({self.basis})"


class LegalHold(models.Model):
    """A case the school must keep whatever its schedule says (a claim, an investigation), from
    when the headteacher sets the hold until they clear it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.TextField()
    set_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    cleared_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cleared_at = models.DateTimeField(null=True, blank=True)
    clear_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-set_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(cleared_at__isnull=True),
                name="one_standing_hold_per_case",
            ),
        ]

    def __str__(self):
        return f"Legal hold on {self.case_id} ({'standing' if self.is_standing else 'cleared'})"

    @property
    def is_standing(self) -> bool:
        return self.cleared_at is None


class RetentionExtension(models.Model):
    """The headteacher kept a case past its retention date, until `keep_until`, for a reason."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="retention_extensions")
    keep_until = models.DateField()
    reason = models.TextField()
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-keep_until", "-id"]

    def __str__(self):
        return f"{self.case_id} kept until {self.keep_until}"


class DueItem(models.Model):
    """One line of the list the periodic task makes of what has passed its retention date:
    a case (whole, or only its evidence files or letters), or a school's access-audit rows or
    export history before a cutoff. The headteacher reviews it at /staff/retention/."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    series = models.CharField(max_length=30, choices=Series.choices)
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField()
    # For the access audit and export history: the rows before this moment, and how many.
    cutoff = models.DateTimeField(null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)
    held = models.BooleanField(default=False)
    listed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "series", "case"], name="one_due_item_per_series"
            ),
        ]

    def __str__(self):
        return f"{self.get_series_display()} due {self.due_on}"


class DisposalRecord(models.Model):
    """The record of destruction (IRMS "certificate of destruction"): what was destroyed, under
    which rule, approved by whom and when. It holds no personal data and no link to the case,
    which no longer exists when the disposal destroyed it."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=30, choices=Series.choices)
    reference = models.CharField(
        max_length=40, help_text="The case's reference, or the span of rows for a log."
    )
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=60, blank=True)
    # What was destroyed, as (category, how many) pairs: reports, evidence files, letters...
    categories = models.JSONField(default=list)
    rule = models.TextField(help_text="The schedule row applied, as it read at disposal.")
    due_on = models.DateField()
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    approved_by_name = models.CharField(max_length=200)
    approved_at = models.DateTimeField(default=timezone.now)
    batch = models.UUIDField(help_text="Disposals approved together share a batch.")

    class Meta:
        ordering = ["-approved_at", "-id"]
        indexes = [models.Index(fields=["school", "-approved_at"])]

    def __str__(self):
        return f"Destruction of {self.reference} ({self.get_series_display()})"
