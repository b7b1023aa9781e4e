"""The access audit: one row per sensitive access, never updated or deleted."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class AccessEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The access audit is append-only.")

    def delete(self):
        raise TypeError("The access audit is append-only.")

    def dispose_before(self, cutoff) -> int:
        """The one sanctioned deletion: these rows, all recorded before `cutoff`, leave under
        the retention schedule (audit.services.access_events_dispose)."""
        doomed = self.filter(at__lt=cutoff)
        deleted, _ = models.QuerySet.delete(doomed)
        return deleted


class AccessEvent(models.Model):
    class Action(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        VIEW_CASE = "view_case", "Viewed a case"
        VIEW_RECORD = "view_record", "Viewed a case's record"
        OPEN_EVIDENCE = "open_evidence", "Opened evidence"
        VIEW_LETTER = "view_letter", "Read a letter"
        DOWNLOAD_LETTER = "download_letter", "Downloaded a letter"
        DOWNLOAD_BUNDLE = "download_bundle", "Downloaded a case bundle"
        EXPORT = "export", "Exported case records"
        DOWNLOAD_EXPORT = "download_export", "Downloaded an export"
        PRINT_BAN_REGISTER = "print_ban_register", "Printed the site-ban register"
        RESET_SECOND_FACTOR = "reset_second_factor", "Reset someone's second factor"
        VIEW_SAR = "view_sar", "Opened a subject access request"
        SAR_STEP = "sar_step", "Recorded a subject access request step"
        VIEW_REPORT = "view_report", "Opened the governors' report"

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    username = models.CharField(max_length=150, blank=True, help_text="As typed, for failures.")
    role = models.CharField(max_length=20, blank=True)
    school_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=30, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=100, blank=True, help_text="e.g. a case reference.")
    case_id = models.BigIntegerField(
        null=True, blank=True, help_text="The case looked at, whatever part of it was opened."
    )
    client_address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "-at"]),
            models.Index(fields=["case_id", "-at"], name="audit_access_case_at"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} by {self.username or self.actor_id} at {self.at}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The access audit is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The access audit is append-only.")
