"""Cases, the parents they concern, and the append-only chronology."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField

from policies.models import BreachCategory, MessagingGroup, School


class Parent(models.Model):
    """A person the school may write to. Children are not named: a year group at most."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="parents")
    full_name = models.CharField(max_length=200)
    email = models.EmailField(blank=True)
    postal_address = models.TextField(blank=True)
    year_groups = models.CharField(max_length=100, blank=True, help_text="e.g. Year 2, Year 5.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["school", "full_name"])]

    def __str__(self):
        return self.full_name


class ReferenceCounter(models.Model):
    """Last reference number issued per school per year; incremented under a row lock."""

    school = models.ForeignKey(School, on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "year"], name="one_counter_per_school_year"),
        ]

    def __str__(self):
        return f"{self.school.reference_code}-{self.year}: {self.last}"


class Case(ConcurrentTransitionMixin, models.Model):
    class Status(models.TextChoices):
        REPORTED = "reported", "Reported"
        GATHERING_INFORMATION = "gathering_information", "Gathering information"
        SPEAKING_TO_PARENT = "speaking_to_parent", "Speaking to parent"
        WARNING_LETTER = "warning_letter", "Warning letter"
        MEETING = "meeting", "Meeting"
        LEGAL_ADVICE = "legal_advice", "Legal advice"
        SITE_BAN = "site_ban", "Site ban"
        CLOSED = "closed", "Closed"

    class Outcome(models.TextChoices):
        NO_FURTHER_ACTION = "no_further_action", "No further action"
        RESOLVED = "resolved", "Resolved"
        UNFOUNDED = "unfounded", "Unfounded"
        WITHDRAWN = "withdrawn", "Withdrawn"
        DUPLICATE = "duplicate", "Duplicate of another case"
        DISMISSED = "dismissed", "Dismissed at triage"

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="cases")
    reference = models.CharField(max_length=20, unique=True)
    status = FSMField(
        max_length=30, choices=Status.choices, default=Status.REPORTED, protected=True
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_cases",
    )
    parents = models.ManyToManyField(Parent, blank=True, related_name="cases")
    breach_categories = models.ManyToManyField(BreachCategory, blank=True, related_name="+")
    group = models.ForeignKey(
        MessagingGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    safeguarding = models.BooleanField(default=False)
    outcome = models.CharField(max_length=30, choices=Outcome.choices, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_cases"
    )
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    triage_due = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(
                fields=["school", "status", "-opened_at", "-id"], name="case_school_status_opened"
            ),
            models.Index(fields=["school", "-opened_at", "-id"], name="case_school_opened"),
            models.Index(fields=["school", "owner", "status"], name="case_school_owner"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("staff:case_detail", kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class CaseEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The chronology is append-only: events cannot be updated.")

    def delete(self):
        raise TypeError("The chronology is append-only: events cannot be deleted.")


class CaseEvent(models.Model):
    """One entry in a case's chronology. Written once, never edited or deleted."""

    class Kind(models.TextChoices):
        REPORTED = "reported", "Concern received"
        REPORTER_UPDATE = "reporter_update", "Reporter added information"
        EVIDENCE_ADDED = "evidence_added", "Evidence added"
        TRANSITION = "transition", "Status changed"
        NOTE = "note", "Note"
        NOTIFICATION = "notification", "E-mail sent"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(
        max_length=100, blank=True, help_text="Who acted when it was not a staff user."
    )
    source = models.CharField(max_length=30, blank=True)
    target = models.CharField(max_length=30, blank=True)
    text = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = CaseEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case", "created_at"])]

    def __str__(self):
        return f"{self.case_id} {self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("The chronology is append-only: events cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The chronology is append-only: events cannot be deleted.")

    @property
    def actor_name(self) -> str:
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.get_username()
        return self.actor_label or "System"
