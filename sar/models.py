"""Subject access requests: who asked, when, how they were identified, the deadline, the
cases that may hold their data, and the request's own history."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from exports.models import Disclosure
from incidents.models import Case
from policies.models import School

User = settings.AUTH_USER_MODEL


class SubjectAccessRequest(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "E-mail"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Telephone"
        OTHER = "other", "Other"

    class State(models.TextChoices):
        PREPARING = "preparing", "Preparing"
        READY = "ready", "Ready for review"
        SENT = "sent", "Sent"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    requester_name = models.CharField(max_length=200)
    requester_email = models.EmailField(blank=True)
    requester_phone = models.CharField(max_length=40, blank=True)
    received_on = models.DateField()
    channel = models.CharField("how it arrived", max_length=20, choices=Channel.choices)
    identity_verified = models.TextField(
        "how identity was verified",
        help_text="e.g. known to the office and seen in person; passport checked at reception.",
    )
    state = models.CharField(max_length=20, choices=State.choices, default=State.PREPARING)
    # Months added to the one the ICO allows (0 to 2), and why; the deadline follows from them.
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    deadline = models.DateField()
    logged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    logged_at = models.DateTimeField(default=timezone.now)
    sent_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["school", "state", "deadline"])]

    def __str__(self):
        return f"Subject access request {self.pk} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("sar:detail", args=[self.pk])


class SarEvent(models.Model):
    """One line of a request's history: logged, extended, a match confirmed, a state change."""

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d}: {self.text[:40]}"


class SarMatch(models.Model):
    """A case that may hold the requester's data, found by the search, and staff's decision."""

    class Decision(models.TextChoices):
        TO_CHECK = "to_check", "To check"
        CONFIRMED = "confirmed", "Confirmed"
        REJECTED = "rejected", "Not them"

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="matches"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    # Why it matched, as labels ("linked parent: e-mail"); never the matched values themselves,
    # which are the case's personal data and go when the case is disposed of.
    reasons = models.JSONField(default=list)
    decision = models.CharField(max_length=20, choices=Decision.choices, default=Decision.TO_CHECK)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # What of a confirmed case goes to the requester: its disclosure (reviewed, redacted,
    # produced), or the reason nothing of it does (e.g. everything in it is exempt).
    disclosure = models.OneToOneField(
        "exports.Disclosure",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sar_match",
    )
    nothing_reason = models.TextField("why nothing is disclosed", blank=True)

    class Meta:
        ordering = ["case__reference", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "case"], name="one_match_per_case"),
        ]

    def __str__(self):
        return f"{self.case_id} for request {self.request_id} ({self.get_decision_display()})"

    @property
    def answered(self) -> bool:
        """Whether the request can go without more work on this case."""
        if self.decision != self.Decision.CONFIRMED:
            return True
        disclosure = self.disclosure
        produced = disclosure is not None and disclosure.status == Disclosure.Status.PRODUCED
        return produced or bool(self.nothing_reason)
