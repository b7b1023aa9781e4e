"""Counters of a school's cases per month, read by the governors' report instead of the cases."""

from django.db import models

from policies.models import School


class CaseMonthCount(models.Model):
    """How many of a school's cases opened in `month` (the first day of the local month) count
    under `measure` and `key`; for the decision times, the month is the one the headteacher
    decided in.

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

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    measure = models.CharField(max_length=20, choices=Measure.choices)
    key = models.CharField(max_length=30, blank=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        # The report reads the cases opened per month apart from the rest (exports.governors).
        indexes = [models.Index(fields=["measure", "school", "month"], name="month_count_measure")]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "month", "measure", "key"], name="one_count_per_month_measure"
            ),
        ]

    def __str__(self):
        return f"{self.school_id} {self.month:%Y-%m} {self.measure} {self.key}: {self.count}"
