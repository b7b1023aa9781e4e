"""Safeguarding alerts: a case flagged "child at risk" waits for a DSL's decision."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from incidents.models.cases import Case

User = settings.AUTH_USER_MODEL


class SafeguardingAlert(models.Model):
    """One raising of a case's safeguarding flag (by the reporter or by staff) and the decision
    a designated safeguarding lead records on it. Undecided, it is pinned to the dashboard."""

    class Decision(models.TextChoices):
        PENDING = "", "Awaiting a DSL's decision"
        REFERRED = "referred", "Referred to children's social care or the police"
        LOGGED = "logged", "Logged in the school's safeguarding system"
        NO_FURTHER_ACTION = "no_further_action", "No further action"
        # What clearing the flag records: a DSL judged it not a safeguarding matter.
        NOT_SAFEGUARDING = "not_safeguarding", "Not a safeguarding matter (flag cleared)"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="safeguarding_alerts")
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(
        User,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="Empty when the reporter said a child may be at risk.",
    )
    reason = models.TextField(blank=True)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    system_reference = models.CharField(
        "reference in the safeguarding system", max_length=100, blank=True
    )
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["raised_at", "id"]
        indexes = [models.Index(fields=["decision", "raised_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(decision=""),
                name="one_undecided_safeguarding_alert_per_case",
            ),
        ]

    def __str__(self):
        return f"{self.case} safeguarding alert ({self.get_decision_display()})"

    @property
    def is_pending(self) -> bool:
        return self.decision == self.Decision.PENDING
