"""The dashboard and the lists it pins: cases per state, safeguarding alerts awaiting a decision,
escalations awaiting the headteacher. Query shape lives here, so templates never query in a loop."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Left, Length
from django.utils import timezone

from incidents.models import (
    Case,
    CaseStatusCount,
    EscalationRequest,
    ModerationRequest,
    Notification,
    SafeguardingAlert,
)
from incidents.selectors.bans import bans_due_first
from policies.models import School
from policies.selectors import safeguarding_leads

LIST_LIMIT = 10
REMINDER_KINDS = [
    Notification.Kind.ESCALATION_WAITING,
    Notification.Kind.MEETING_TOMORROW,
    Notification.Kind.MODERATION_NO_ANSWER,
    Notification.Kind.REPRESENTATIONS_DUE,
    Notification.Kind.BAN_REVIEW_DUE,
    Notification.Kind.CODE_REVIEW_DUE,
]


def status_counts(*, school: School) -> dict[str, int]:
    """Cases per state, from the counters the services keep (no COUNT over the school's cases)."""
    rows = CaseStatusCount.objects.filter(school=school).values_list("status", "count")
    counts = dict.fromkeys(Case.Status.values, 0)
    counts.update(rows)
    return counts


def dashboard(*, school: School, user) -> dict:
    today = timezone.localdate()
    cases = Case.objects.filter(school=school).select_related("owner", "group")
    newest = ("-opened_at", "-id")
    data = {
        "counts": status_counts(school=school),
        "untriaged": list(cases.filter(status=Case.Status.REPORTED).order_by(*newest)[:LIST_LIMIT]),
        "mine": list(
            cases.filter(owner=user)
            .exclude(status=Case.Status.CLOSED)
            .order_by(*newest)[:LIST_LIMIT]
        ),
        "overdue": list(
            cases.filter(status=Case.Status.REPORTED, triage_due__lt=today).order_by(
                "triage_due", "id"
            )[:LIST_LIMIT]
        ),
        "moderation_overdue": list(
            ModerationRequest.objects.filter(
                case__school=school,
                answer=ModerationRequest.Answer.AWAITING,
                follow_up_on__lt=today,
            )
            .select_related("case")
            .order_by("follow_up_on")[:LIST_LIMIT]
        ),
        "bans_due": bans_due_first(school=school, due_within_days=14, size=LIST_LIMIT),
        "reminders_today": list(
            Notification.objects.filter(school=school, due_on=today, kind__in=REMINDER_KINDS)
            .values("kind", "subject", "case__reference")
            .distinct()
            .order_by("kind", "subject")[:LIST_LIMIT]
        ),
        "safeguarding_pinned": list(safeguarding_waiting(school=school)[:LIST_LIMIT]),
    }
    return data


def safeguarding_waiting(*, school: School):
    """Alerts on the school's open flagged cases still awaiting a DSL's decision, oldest
    first: the dashboard pins them."""
    return (
        SafeguardingAlert.objects.filter(
            case__school=school,
            case__safeguarding=True,
            decision=SafeguardingAlert.Decision.PENDING,
        )
        .exclude(case__status=Case.Status.CLOSED)
        .select_related("case")
        .only("raised_at", "raised_by", "case__reference", "case__status")
        # Nobody can decide without a DSL: the pin says so.
        .annotate(lead_named=Exists(safeguarding_leads(school=OuterRef("case__school"))))
        .order_by("raised_at", "id")
    )


REASON_SHOWN = 200


def pending_escalations(*, school: School):
    """Proposals awaiting the headteacher, oldest first, with only what a list row shows."""
    return (
        EscalationRequest.objects.filter(school=school, decision=EscalationRequest.Decision.PENDING)
        .select_related("case", "requested_by")
        # The start of the reason, cut in the query: a row never loads or scans a long text.
        .annotate(reason_start=Left("reason", REASON_SHOWN), reason_length=Length("reason"))
        .only(
            "target",
            "requested_at",
            "case__reference",
            "case__status",  # django-fsm reads the state when a case is loaded
            "requested_by__username",
            "requested_by__first_name",
            "requested_by__last_name",
        )
        .order_by("requested_at", "id")
    )
