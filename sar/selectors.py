"""Reads for the subject access request pages and the dashboard."""

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.utils import timezone

from exports.models import RedactionLogEntry
from policies.models import School
from sar.models import SarEvent, SarMatch, SubjectAccessRequest

DUE_SOON_DAYS = 7


def sars_for_school(*, school: School) -> QuerySet[SubjectAccessRequest]:
    """Open requests first by deadline, then those sent, newest first; with match counts."""
    return (
        SubjectAccessRequest.objects.filter(school=school)
        .annotate(
            to_check=Count("matches", filter=Q(matches__decision=SarMatch.Decision.TO_CHECK)),
            confirmed=Count("matches", filter=Q(matches__decision=SarMatch.Decision.CONFIRMED)),
        )
        # Not yet sent (no date) first on every database, then the newest sent.
        .order_by(F("sent_on").desc(nulls_first=True), "deadline", "id")
    )


def sars_due_soon(*, school: School, today: datetime.date | None = None):
    """Requests not yet sent whose deadline is within a week, or has passed; soonest first."""
    today = today or timezone.localdate()
    return (
        SubjectAccessRequest.objects.filter(
            school=school, deadline__lte=today + datetime.timedelta(days=DUE_SOON_DAYS)
        )
        .exclude(state=SubjectAccessRequest.State.SENT)
        .order_by("deadline", "id")
    )


def sar_in_school(*, school: School, pk: int) -> QuerySet[SubjectAccessRequest]:
    return SubjectAccessRequest.objects.filter(school=school, pk=pk).select_related("logged_by")


def sar_matches(*, sar: SubjectAccessRequest) -> list[SarMatch]:
    """The request's matches, each with its disclosure, the disclosure's PDF and redaction log
    (kept with the request, so shown on its page)."""
    return list(
        SarMatch.objects.filter(request=sar)
        .select_related("case", "decided_by", "disclosure__bundle")
        .prefetch_related(
            Prefetch("disclosure__log", queryset=RedactionLogEntry.objects.select_related("by"))
        )
        .order_by("case__reference", "id")
    )


def sar_history(*, sar: SubjectAccessRequest) -> list[SarEvent]:
    return list(SarEvent.objects.filter(request=sar).select_related("actor").order_by("at", "id"))
