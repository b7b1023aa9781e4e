"""Outgoing e-mail as rows: one per (subject, kind, recipient, due date), each a job."""

from django.db import models
from django.db.models import Q
from django.utils import timezone

from incidents.models.cases import Case
from jobs.models import Job
from policies.models import School


class Notification(Job):
    class Kind(models.TextChoices):
        REPORTER_ACKNOWLEDGEMENT = "reporter_ack", "Acknowledgement to the reporter"
        NEW_CONCERN = "new_concern", "New concern to SLT"
        SAFEGUARDING_ALERT = "safeguarding", "Urgent safeguarding alert"
        DIGEST = "digest", "Daily digest of untriaged and overdue cases"
        ESCALATION_WAITING = "escalation_waiting", "Escalation waiting for the headteacher"
        MEETING_TOMORROW = "meeting_tomorrow", "Meeting tomorrow"
        MODERATION_NO_ANSWER = "moderation_no_answer", "No answer from the group moderator"
        MODERATION_REQUEST = "moderation_request", "Request to a group moderator to remove a post"
        REPRESENTATIONS_DUE = "representations_due", "Site-ban representation deadline passed"
        BAN_REVIEW_DUE = "ban_review_due", "Site-ban review due"
        BAN_ENDED = "ban_ended", "Site ban ended"
        REPRESENTATIONS_ONLINE = "representations_online", "Site-ban representations made online"
        CODE_REVIEW_DUE = "code_review_due", "Code of conduct review coming up"
        LETTER_APPROVAL = "letter_approval", "Letter sent to the headteacher for approval"
        REPORTER_MESSAGE = "reporter_message", "A message from the school to the reporter"

    task = "incidents.tasks.send_notification"
    related = ("case", "school")

    kind = models.CharField(max_length=30, choices=Kind.choices)
    subject_key = models.CharField(max_length=60, help_text='What it is about, e.g. "case:42".')
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    recipient = models.EmailField()
    due_on = models.DateField(default=timezone.localdate)
    subject = models.CharField(max_length=200)
    body = models.TextField()

    class Meta:
        verbose_name = "e-mail"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_key", "kind", "recipient", "due_on"], name="one_notification"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["school", "due_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient}"

    @classmethod
    def due(cls) -> Q:
        return Q(due_on__lte=timezone.localdate())
