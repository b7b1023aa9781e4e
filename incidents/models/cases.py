"""Cases, the parents they concern, and the append-only chronology."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from policies.models import BreachCategory, MessagingGroup, School
from policies.permissions import Action, can


class Parent(models.Model):
    """A person the school may write to. Children are not named: a year group at most."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="parents")
    title = models.CharField(max_length=20, blank=True, help_text="e.g. Mr, Mrs, Ms, Miss, Mx, Dr.")
    full_name = models.CharField(max_length=200)
    surname = models.CharField(
        max_length=100, blank=True, help_text='The name a letter greets them by: "Dear Mr Price".'
    )
    email = models.EmailField(blank=True)
    postal_address = models.TextField(blank=True, help_text="Lines of the address, postcode last.")
    year_groups = models.CharField(max_length=100, blank=True, help_text="e.g. Year 2, Year 5.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["full_name"]
        indexes = [models.Index(fields=["school", "full_name"])]

    def __str__(self):
        return self.full_name

    @property
    def addressee(self) -> str:
        """The first line of the address block: "Mr Daniel Price"."""
        return f"{self.title} {self.full_name}" if self.title else self.full_name

    @property
    def salutation(self) -> str:
        """Who "Dear …" greets: "Mr Price"; without a title, the full name, which guesses
        nothing about the person."""
        if self.title and self.surname:
            return f"{self.title} {self.surname}"
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


class Status(models.TextChoices):
    REPORTED = "reported", "Reported"
    GATHERING_INFORMATION = "gathering_information", "Gathering information"
    SPEAKING_TO_PARENT = "speaking_to_parent", "Speaking to parent"
    WARNING_LETTER = "warning_letter", "Warning letter"
    MEETING = "meeting", "Meeting"
    LEGAL_ADVICE = "legal_advice", "Legal advice"
    SITE_BAN = "site_ban", "Site ban"
    CLOSED = "closed", "Closed"


# The ladder after triage, in order. Moving to WARNING_LETTER or beyond is an escalation: the
# headteacher approves it (or makes it). Serious cases may skip steps.
LADDER = [
    Status.GATHERING_INFORMATION,
    Status.SPEAKING_TO_PARENT,
    Status.WARNING_LETTER,
    Status.MEETING,
    Status.LEGAL_ADVICE,
    Status.SITE_BAN,
]
ESCALATION_TARGETS = LADDER[2:]
OPEN_AFTER_TRIAGE = LADDER
# SLT may close a case only up to here; later, only the headteacher closes.
SLT_MAY_CLOSE = [Status.GATHERING_INFORMATION, Status.SPEAKING_TO_PARENT]


def _below(target):
    return LADDER[: LADDER.index(target)]


def _may_work(case, user) -> bool:
    return can(user, case.school_id, Action.WORK_CASES)


def _may_decide(case, user) -> bool:
    return can(user, case.school_id, Action.DECIDE)


def _may_close(case, user) -> bool:
    if case.status in [Status.REPORTED, *SLT_MAY_CLOSE]:
        return _may_work(case, user)
    return _may_decide(case, user)


class Case(ConcurrentTransitionMixin, models.Model):
    Status = Status

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
            models.Index(
                fields=["school", "owner", "-opened_at", "-id"], name="case_school_owner_opened"
            ),
            models.Index(fields=["school", "status", "triage_due"], name="case_school_triage_due"),
            # The case-list search matches a reference whatever its case (reference__iexact).
            models.Index(Upper("reference"), name="case_reference_upper"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("staff:case_detail", kwargs={"reference": self.reference})

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED

    # --- transitions: no I/O here; incidents.services.workflow applies them -------------------

    @transition(
        field=status,
        source=Status.REPORTED,
        target=Status.GATHERING_INFORMATION,
        permission=_may_work,
    )
    def triage(self):
        pass

    @transition(field=status, source=Status.REPORTED, target=Status.CLOSED, permission=_may_work)
    def dismiss(self):
        self.outcome = self.Outcome.DISMISSED
        self.closed_at = timezone.now()

    @transition(
        field=status,
        source=Status.GATHERING_INFORMATION,
        target=Status.SPEAKING_TO_PARENT,
        permission=_may_work,
    )
    def speak_to_parent(self):
        pass

    @transition(
        field=status,
        source=_below(Status.WARNING_LETTER),
        target=Status.WARNING_LETTER,
        permission=_may_decide,
    )
    def escalate_to_warning_letter(self):
        pass

    @transition(
        field=status, source=_below(Status.MEETING), target=Status.MEETING, permission=_may_decide
    )
    def escalate_to_meeting(self):
        pass

    @transition(
        field=status,
        source=_below(Status.LEGAL_ADVICE),
        target=Status.LEGAL_ADVICE,
        permission=_may_decide,
    )
    def escalate_to_legal_advice(self):
        pass

    @transition(
        field=status, source=_below(Status.SITE_BAN), target=Status.SITE_BAN, permission=_may_decide
    )
    def escalate_to_site_ban(self):
        pass

    @transition(field=status, source=OPEN_AFTER_TRIAGE, target=Status.CLOSED, permission=_may_close)
    def close(self, outcome=""):
        self.outcome = outcome
        self.closed_at = timezone.now()

    @transition(
        field=status,
        source=[Status.REPORTED, *OPEN_AFTER_TRIAGE],
        target=Status.CLOSED,
        permission=_may_close,
    )
    def close_as_duplicate(self, into=None):
        self.outcome = self.Outcome.DUPLICATE
        self.merged_into = into
        self.closed_at = timezone.now()

    @transition(
        field=status,
        source=Status.CLOSED,
        target=Status.GATHERING_INFORMATION,
        permission=_may_decide,
    )
    def reopen(self):
        self.outcome = ""
        self.closed_at = None


class CaseEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The chronology is append-only: events cannot be updated.")

    def delete(self):
        raise TypeError("The chronology is append-only: events cannot be deleted.")

    def dispose(self) -> int:
        """The one sanctioned deletion: the chronology of a case disposed of under its
        school's retention schedule (the retention app) goes with the case."""
        deleted, _ = models.QuerySet.delete(self)
        return deleted


class CaseEvent(models.Model):
    """One entry in a case's chronology. Written once, never edited or deleted."""

    class Kind(models.TextChoices):
        REPORTED = "reported", "Concern received"
        REPORTER_UPDATE = "reporter_update", "Message from the reporter"
        REPORTER_MESSAGE = "reporter_message", "Message sent to the reporter"
        EVIDENCE_ADDED = "evidence_added", "Evidence added"
        TRANSITION = "transition", "Status changed"
        NOTE = "note", "Note"
        NOTIFICATION = "notification", "E-mail sent"
        TRIAGE = "triage", "Triage"
        PARENT_LINKED = "parent_linked", "Parent linked"
        PARENT_UPDATED = "parent_updated", "Parent's details updated"
        CATEGORIES_SET = "categories_set", "Breach categories set"
        OWNER_ASSIGNED = "owner_assigned", "Owner assigned"
        MERGED = "merged", "Cases merged"
        CONVERSATION = "conversation", "Conversation with parent"
        MEETING_SCHEDULED = "meeting_scheduled", "Meeting scheduled"
        MEETING_OUTCOME = "meeting_outcome", "Meeting outcome"
        ESCALATION_PROPOSED = "escalation_proposed", "Escalation proposed"
        ESCALATION_APPROVED = "escalation_approved", "Escalation approved"
        ESCALATION_REJECTED = "escalation_rejected", "Escalation rejected"
        MODERATION_REQUESTED = "moderation_requested", "Moderator asked to remove a post"
        MODERATION_ANSWERED = "moderation_answered", "Moderator answered"
        POLICE_REFERRAL = "police_referral", "Referred to the police"
        SAFEGUARDING_ADVICE = "safeguarding_advice", "Local authority safeguarding advice sought"
        REMOVED_FROM_GROUP = "removed_from_group", "Moderator removed the parent from the group"
        SITE_BAN = "site_ban", "Site ban"
        LETTER = "letter", "Letter"
        RETENTION = "retention", "Retention"
        SAFEGUARDING_FLAGGED = "safeguarding_flagged", "Marked as a safeguarding concern"
        SAFEGUARDING_CLEARED = "safeguarding_cleared", "Safeguarding flag cleared by the DSL"
        SAFEGUARDING_DECIDED = "safeguarding_decided", "Safeguarding decision by the DSL"

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
        indexes = [
            models.Index(fields=["case", "created_at"]),
            # The date each case first reached each status (exports' step columns), read from
            # the index alone: a case's other events are most of its chronology.
            models.Index(
                fields=["case", "target", "created_at"],
                condition=models.Q(kind="transition"),
                name="caseevent_case_transitions",
            ),
        ]

    def __str__(self):
        return f"{self.case_id} {self.get_kind_display()} at {self.created_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError("The chronology is append-only: events cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The chronology is append-only: events cannot be deleted.")

    @property
    def source_label(self) -> str:
        return Status(self.source).label if self.source in Status.values else self.source

    @property
    def target_label(self) -> str:
        return Status(self.target).label if self.target in Status.values else self.target

    @property
    def actor_name(self) -> str:
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.get_username()
        return self.actor_label or "System"


class CaseStamp(models.Model):
    """How many times anything on a case's page has changed; kept by database triggers (see
    incidents.casestamp), never written by the application. No foreign key: a trigger may
    stamp a case in the same statement that deletes it."""

    case_id = models.BigIntegerField(primary_key=True)
    version = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return f"case {self.case_id} v{self.version}"


class CaseStatusCount(models.Model):
    """How many of a school's cases are in each state, so the dashboard need not count them.

    Kept by `incidents.services.status_counts`, called in the same transaction by everything
    that creates a case or changes its state (intake, `case_apply_transition`, the demo seeding).
    A positive-integer column: a count pushed below zero fails the transaction instead of
    drifting.
    """

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=30, choices=Status.choices)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "status"], name="one_count_per_school_state"),
        ]

    def __str__(self):
        return f"{self.school_id} {self.status}: {self.count}"
