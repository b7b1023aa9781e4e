"""Concerns as submitted, and the evidence files attached to them."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from incidents.models.cases import Case
from policies.models import BreachCategory, MessagingGroup, School


class Report(models.Model):
    """One concern as the reporter submitted it. Its text is never edited afterwards."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="reports")
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reports")
    reference = models.CharField(max_length=20, unique=True)
    reporter_name = models.CharField(max_length=200, blank=True)
    reporter_email = models.EmailField(blank=True)
    reporter_phone = models.CharField(max_length=40, blank=True)
    group = models.ForeignKey(
        MessagingGroup, on_delete=models.SET_NULL, null=True, blank=True, related_name="reports"
    )
    other_group_name = models.CharField(max_length=200, blank=True)
    occurred_on = models.DateField()
    occurred_at = models.TimeField(null=True, blank=True)
    categories = models.ManyToManyField(BreachCategory, related_name="reports")
    description = models.TextField()
    person_concerned = models.CharField(max_length=200, blank=True)
    safeguarding = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    submission_key = models.CharField(max_length=100, unique=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["submitted_at", "id"]

    def __str__(self):
        return self.reference

    @property
    def is_anonymous(self) -> bool:
        return not (self.reporter_email or self.reporter_phone)

    @property
    def group_name(self) -> str:
        return self.group.name if self.group_id else self.other_group_name


class Evidence(models.Model):
    """A screenshot, validated by content and re-encoded; the original bytes are not kept."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, null=True, blank=True, related_name="evidence"
    )
    file = models.FileField(upload_to="evidence/", max_length=200)
    thumbnail = models.FileField(upload_to="evidence/", max_length=200)
    content_type = models.CharField(max_length=50)
    original_format = models.CharField(max_length=10)
    original_name = models.CharField(max_length=255, blank=True)
    original_sha256 = models.CharField(max_length=64)
    original_size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    # As uploaded (upright); larger than width x height when the picture was scaled down.
    original_width = models.PositiveIntegerField()
    original_height = models.PositiveIntegerField()
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    added_by_reporter = models.BooleanField(default=False)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name_plural = "evidence"

    def __str__(self):
        return f"Evidence {self.public_id} on {self.case_id}"

    @property
    def download_name(self) -> str:
        extension = "png" if self.content_type == "image/png" else "jpg"
        return f"evidence-{self.public_id}.{extension}"


class KeptScreenshot(models.Model):
    """A screenshot a parent chose on a public form (the concern form, the follow-up page, the
    site-ban link) that came back with an error, kept so they need not choose it again: validated
    and re-encoded like evidence, but not yet a case's.

    Bound to one rendering of the form on one page (its submission key, with the page's link
    token) and to one browser (the id in its signed cookie), all stored hashed; only that
    browser, with that form, can see or attach it. Deleted when the form is sent, or an hour
    after it was kept (`kept_screenshots_expire`).
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64)
    browser_hash = models.CharField(max_length=64)
    file = models.FileField(upload_to="kept/", max_length=200)
    thumbnail = models.FileField(upload_to="kept/", max_length=200)
    content_type = models.CharField(max_length=50)
    original_format = models.CharField(max_length=10)
    original_name = models.CharField(max_length=255, blank=True)
    original_sha256 = models.CharField(max_length=64)
    original_size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    original_width = models.PositiveIntegerField()
    original_height = models.PositiveIntegerField()
    decoded_pixels = models.PositiveBigIntegerField()  # charged again to the form's budget
    kept_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["kept_at", "id"]
        indexes = [models.Index(fields=["key_hash", "browser_hash"])]

    def __str__(self):
        return f"Kept screenshot {self.public_id}"
