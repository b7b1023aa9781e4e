"""Counters of a school's cases per month, read by the governors' report instead of the cases."""

from django.db import models

from policies.models import School


class CaseMonthCount(models.Model):
    """How many of a school's cases opened in a month, a term or a school year (`span`, starting
    on the day `month`, the first of a local month) count under `measure` and `key`; for the
    decision times, the month is the one the headteacher decided in. A term's and a school
    year's rows hold the sums of their months' rows, kept with them, so that a long period is
    read from a few rows.

    Kept by `incidents.services.month_counts`, in the transaction of every change a figure of
    the report depends on; recounted from the cases by `month_counts_recount`. A
    positive-integer column: a count pushed below zero fails the transaction instead of
    drifting.
    """

    class Measure(models.TextChoices):
        OPENED = "opened", "Cases opened"
        CATEGORY = "category", "By breach category (key: its id)"
        GROUP = "group", "By class group (key: its id, empty for none)"
        STEP = "step", "By step of the ladder reached (key: the state)"
        OUTCOME = "outcome", "By outcome (key: the outcome, empty while open)"
        TRIAGE_LATE = "triage_late", "Triaged after the triage-due day"
        TRIAGE_TIME = "triage_time", "Time to triage (key: the duration's bucket)"
        DECISION_TIME = "decision_time", "Time to the head's decision (key: the bucket)"

    class Span(models.TextChoices):
        MONTH = "month", "A month"
        TERM = "term", "A term"
        YEAR = "year", "A school year"

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    span = models.CharField(max_length=5, choices=Span.choices, default=Span.MONTH)
    month = models.DateField()
    measure = models.CharField(max_length=20, choices=Measure.choices)
    key = models.CharField(max_length=30, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # The report reads the cases opened per month apart from the rest (exports.governors).
        indexes = [models.Index(fields=["measure", "school", "month"], name="month_count_measure")]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "span", "month", "measure", "key"], name="one_count_per_span"
            ),
        ]

    def __str__(self):
        where = f"{self.school_id} {self.span} {self.month:%Y-%m}"
        return f"{where} {self.measure} {self.key}: {self.count}"
