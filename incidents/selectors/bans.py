"""The ban register (grouped as the office reads it, and the bans due for action) and what the
headteacher has in front of them when deciding a ban. Query shape lives here, so templates never
query in a loop."""

import datetime
import operator
from functools import reduce

from django.db.models import Q, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.utils import timezone

from incidents.models import Case, CaseEvent, Evidence, SiteBan
from incidents.pagination import first_of_any
from policies.models import School

OPEN_BAN_STATES = [SiteBan.State.INTENDED, SiteBan.State.CONFIRMED, SiteBan.State.UNDER_REVIEW]


def ban_register(*, school: School, due_within_days: int | None = None):
    """Bans in force or awaiting a decision; with `due_within_days`, only those needing action:
    a review due or under way, representations received or their deadline passed. Ended, lifted and
    withdrawn bans are never listed."""
    bans = SiteBan.objects.filter(school=school, state__in=OPEN_BAN_STATES).select_related(
        "case", "parent"
    )
    if due_within_days is not None:
        bans = bans.filter(reduce(operator.or_, _ban_due(due_within_days)))
    return bans.order_by("review_on", "representation_deadline", "id")


def _ban_due(within_days: int) -> list[Q]:
    today = timezone.localdate()
    horizon = today + datetime.timedelta(days=within_days)
    return [
        # a ban past its end date has ended, even before the hourly task says so
        Q(state=SiteBan.State.CONFIRMED, review_on__lte=horizon, ends_on__gte=today),
        Q(state=SiteBan.State.UNDER_REVIEW, ends_on__gte=today),
        Q(state=SiteBan.State.INTENDED, representation_deadline__lte=today),
        # the parent has answered: the headteacher may decide before the deadline
        Q(state=SiteBan.State.INTENDED, representations_received_at__isnull=False),
    ]


def ban_register_groups(*, school: School) -> dict[str, list[SiteBan]]:
    """The register as the office reads it, from one query: the bans in force today (the
    parent must keep away), those that will be in force from a later start date, and intended
    bans that bind nobody until they are confirmed. A ban past its end date is left out: it has
    ended, even before the hourly task says so."""
    today = timezone.localdate()
    groups = {"in_force": [], "later": [], "intended": []}
    for ban in ban_register(school=school):
        if ban.in_force_on(today):
            groups["in_force"].append(ban)
        elif ban.binds and ban.starts_on > today:
            groups["later"].append(ban)
        elif not ban.binds:
            groups["intended"].append(ban)
    return groups


def bans_due_first(*, school: School, due_within_days: int, size: int) -> list[SiteBan]:
    """The first `size` of `ban_register(due_within_days=...)`, reading only those rows."""
    return list(first_of_any(ban_register(school=school), _ban_due(due_within_days), size)[:size])


def ban_decision_facts(*, case: Case, pk: int) -> dict:
    """What the headteacher has in front of them when deciding or reviewing a ban: the ban
    (and its decision, once made), the letters about it, every representation recorded (the
    chronology keeps each one), the deadline, and the case's summary."""
    ban = get_object_or_404(
        SiteBan.objects.select_related("parent", "created_by", "decided_by").prefetch_related(
            "rules_breached"
        ),
        pk=pk,
        case=case,
    )
    prefetch_related_objects([case], "parents", "breach_categories")
    events = CaseEvent.objects.filter(
        case=case, kind=CaseEvent.Kind.SITE_BAN, data__ban=ban.pk, data__step="representations"
    ).order_by("created_at", "id")
    arrivals = dict(SiteBan.Arrival.choices)
    ids = [p for e in events for p in e.data.get("evidence", [])]
    attached = {str(e.public_id): e for e in Evidence.objects.filter(case=case, public_id__in=ids)}
    representations = [
        {
            "text": event.text,
            "received_at": datetime.datetime.fromisoformat(event.data["received_at"])
            if event.data.get("received_at")
            else event.created_at,
            "arrived_by": arrivals.get(event.data.get("method", ""), "not recorded"),
            "attachments": [attached[p] for p in event.data.get("evidence", []) if p in attached],
        }
        for event in events
    ]
    return {
        "ban": ban,
        "letters": list(ban.letters.order_by("created_at", "id")),  # letters' reverse relation
        "representations": representations,
        "deadline_passed": timezone.localdate() > ban.representation_deadline,
        "other_bans": case.site_bans.exclude(pk=ban.pk).count(),
    }
