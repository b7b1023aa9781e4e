"""The one lifecycle every background job row shares (e-mails, letter PDFs and e-mails,
exports, bundles): pending → running → done, or failed after MAX_ATTEMPTS; files expire."""

from django.db import models
from django.db.models import Q
from django.utils import timezone


class Job(models.Model):
    """A row a Celery task claims by id. Subclasses name their task in `task` and the path to
    their school in `school_path`; jobs.services holds the claim, heartbeat, finish and sweep."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "In progress"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired (file deleted)"

    task = ""  # the Celery task that runs one row, e.g. "letters.tasks.render_letter"
    school_path = "school"
    related: tuple[str, ...] = ()  # select_related for the task and the failed-jobs page

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True, blank=True, help_text="Written while the job runs; a stale one is taken over."
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=200, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def due(cls) -> Q:
        """Which pending rows the sweep may queue now (all, unless a subclass says otherwise)."""
        return Q()

    @property
    def kind(self) -> str:
        return self._meta.model_name

    @property
    def kind_label(self) -> str:
        return self._meta.verbose_name

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED, self.Status.EXPIRED}
