"""Each school's standard replies to a reporter, which staff start a message from."""

from django.db import models
from django.db.models import Q

from incidents.models.cases import Case
from policies.models import School


class StandardReply(models.Model):
    """A reply staff may start from when they write to a reporter. One with an `outcome` is the
    message proposed when a case closes with that outcome (at most one per outcome); the others
    are offered on the "Message the reporter" page. Edited by the administrator; every school
    gets the defaults (incidents.services.reporter_messages.standard_replies_seed)."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="standard_replies")
    title = models.CharField(max_length=100, help_text="What staff choose it by.")
    text = models.TextField(help_text="What the reporter reads. Name nobody else's family.")
    outcome = models.CharField(
        max_length=30,
        choices=Case.Outcome.choices,
        blank=True,
        help_text="Proposed when a case closes with this outcome; blank for an everyday reply.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["school", "position", "id"]
        verbose_name_plural = "standard replies"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "outcome"],
                condition=~Q(outcome=""),
                name="one_standard_reply_per_outcome",
            ),
        ]

    def __str__(self):
        return self.title
