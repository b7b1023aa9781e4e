"""What the school does on a case besides changing its status: escalation proposals, meetings,
requests to group moderators, and site bans."""

from django.conf import settings
from django.db import models
from django.db.models.functions import TruncDate
from django.utils import timezone

from incidents.models.cases import ESCALATION_TARGETS, Case, Parent, Status
from policies.models import BreachCategory, MessagingGroup, School

User = settings.AUTH_USER_MODEL


class EscalationRequest(models.Model):
    """SLT proposes a step up the ladder; the headteacher approves (it happens) or rejects."""

    class Decision(models.TextChoices):
        PENDING = "pending", "Awaiting the headteacher"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="escalations")
    # The case's school, kept on the proposal so the head's queue reads one school's pending
    # proposals from one index, however many other schools share the table.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    target = models.CharField(
        max_length=30, choices=[(s.value, s.label) for s in ESCALATION_TARGETS]
    )
    reason = models.TextField()
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=10, choices=Decision.choices, default=Decision.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        indexes = [
            models.Index(fields=["decision", "requested_at"]),
            # The headteacher's queue reads pending proposals in this order (incidents/queue.py).
            models.Index(
                "school",
                TruncDate("requested_at"),
                "id",
                condition=models.Q(decision="pending"),
                name="escalation_waiting_day",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(decision="pending"),
                name="one_pending_escalation_per_case",
            ),
        ]

    def __str__(self):
        return f"{self.case} → {self.get_target_display()} ({self.get_decision_display()})"

    @property
    def transition_name(self) -> str:
        return f"escalate_to_{self.target}"


class Meeting(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    place = models.CharField(max_length=200)
    attendees = models.TextField(help_text="One per line: who will attend, and in what role.")
    outcome = models.TextField(blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"Meeting on {self.case} at {self.starts_at:%Y-%m-%d %H:%M}"


class ModerationRequest(models.Model):
    """The school asked a group's moderator to remove a post."""

    class Answer(models.TextChoices):
        AWAITING = "awaiting", "Awaiting an answer"
        REMOVED = "removed", "Post removed"
        REFUSED = "refused", "Moderator declined"
        NO_LONGER_AVAILABLE = "gone", "Post no longer there"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="moderation_requests")
    group = models.ForeignKey(
        MessagingGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    moderator = models.CharField(max_length=200, help_text="Who was asked.")
    asked_at = models.DateTimeField(default=timezone.now)
    follow_up_on = models.DateField()
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.AWAITING)
    answer_note = models.TextField(blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-asked_at", "-id"]
        indexes = [models.Index(fields=["answer", "follow_up_on"])]

    def __str__(self):
        return f"Removal request to {self.moderator} on {self.case}"


class SiteBan(models.Model):
    """A ban from the school site, following the DfE guidance on controlling access to premises:
    the parent is told in writing, may make representations by a deadline, the ban is then
    confirmed, modified or lifted (or withdrawn before that), and a confirmed ban has a review
    date, on which it is under review until the headteacher decides; after its end date it
    has ended."""

    class State(models.TextChoices):
        INTENDED = "intended", "Intended (awaiting representations)"
        CONFIRMED = "confirmed", "Confirmed"
        UNDER_REVIEW = "reviewing", "Under review (review date reached)"
        LIFTED = "lifted", "Lifted"
        ENDED = "ended", "Ended"
        WITHDRAWN = "withdrawn", "Withdrawn before a decision"

    class Arrival(models.TextChoices):
        """How a representation reached the school (kept on its chronology entry)."""

        EMAIL = "email", "E-mail"
        LETTER = "letter", "Letter"
        IN_PERSON = "in_person", "In person"
        PHONE = "phone", "Telephone"
        OTHER = "other", "Other"
        ONLINE = "online", "Online, through the letter's private link"

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="site_bans")
    # The case's school, kept on the ban so the register reads bans without scanning cases.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="site_bans")
    parent = models.ForeignKey(Parent, on_delete=models.PROTECT, related_name="site_bans")
    state = models.CharField(max_length=10, choices=State.choices, default=State.INTENDED)
    is_temporary = models.BooleanField(
        default=False, help_text="Temporary ban in force while representations are awaited."
    )
    reasons = models.TextField()
    conditions = models.TextField(
        blank=True, help_text="What the parent may still do, e.g. collect children at the gate."
    )
    # For the office's register: how staff at the gate recognise the parent. Never in a letter.
    description = models.TextField(
        blank=True, help_text="How staff at the gate recognise the parent (the register only)."
    )
    rules_breached = models.ManyToManyField(BreachCategory, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The ban's duration ends on this date.")
    representation_deadline = models.DateField()
    representations = models.TextField(blank=True)
    representations_received_at = models.DateTimeField(null=True, blank=True)
    review_on = models.DateField(null=True, blank=True)
    # The latest decision's (or review's, or withdrawal's) reasons as the letter gives them to
    # the parent; the internal note never leaves the school.
    decision_reasons = models.TextField(blank=True)
    decision_note = models.TextField(blank=True, help_text="Internal: never in a letter.")
    decided_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The parent's private link (incidents/services/site_ban_link.py): only its hash is kept;
    # the raw token is in the approved intended-ban letter and nowhere else.
    link_token_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    # What the letters sent through that link stated, as the parent's page shows it: the
    # notice's terms, then each later letter's decision and reasons.
    link_letters = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "review_on"]),
            models.Index(fields=["state", "representation_deadline"]),
            models.Index(fields=["school", "state", "review_on"], name="ban_school_review"),
            models.Index(
                fields=["school", "state", "representation_deadline"], name="ban_school_deadline"
            ),
        ]

    def __str__(self):
        return f"Site ban of {self.parent} ({self.get_state_display()})"

    @property
    def reference(self) -> str:
        """Tells two bans on one case apart, in the register, letters and pages."""
        return f"{self.case.reference}-B{self.pk}"

    @property
    def binds(self) -> bool:
        """A decided ban still running, or a temporary ban awaiting the decision: the parent
        must keep away between its start and end dates. An intended ban that is not
        temporary binds nobody until it is confirmed."""
        return self.state in {self.State.CONFIRMED, self.State.UNDER_REVIEW} or (
            self.state == self.State.INTENDED and self.is_temporary
        )

    def in_force_on(self, day) -> bool:
        return self.binds and self.starts_on <= day <= self.ends_on


__all__ = ["EscalationRequest", "Meeting", "ModerationRequest", "SiteBan", "Status"]
