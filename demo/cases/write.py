"""Writing a chunk of planned cases: parents before children, in a few bulk INSERTs."""

from __future__ import annotations

import datetime
import random
from collections import Counter

from django.db import connection
from django.utils import timezone

from demo.cases.build import (
    ban_build,
    case_build,
    escalations_build,
    meeting_build,
    moderation_build,
    proposal_build,
    reports_build,
)
from demo.cases.events import events_build
from demo.cases.plan import CasePlan, is_triaged
from incidents.models import (
    Case,
    CaseEvent,
    CaseMonthCount,
    EscalationRequest,
    Meeting,
    ModerationRequest,
    Report,
    SafeguardingAlert,
    SiteBan,
)
from incidents.models.cases import Status
from incidents.services.status_counts import status_counts_add

BATCH = 2_000


def chunk_write(rng: random.Random, plans: list[CasePlan]) -> None:
    """Insert the chunk's rows, parents before children, in a handful of bulk INSERTs."""
    now = timezone.now()
    cases = Case.objects.bulk_create([case_build(plan) for plan in plans], batch_size=BATCH)
    _status_counts_write(cases)
    reports = [report for plan in plans for report in reports_build(rng, plan)]
    Report.objects.bulk_create(reports, batch_size=BATCH)
    _links_write(plans)
    _workflow_write(rng, plans, now)
    events = [event for plan in plans for event in events_build(plan)]
    CaseEvent.objects.bulk_create(events, batch_size=BATCH)
    _safeguarding_alerts_write(plans, now)


# A flagged case opened this recently still waits for its DSL's decision (pinned on the
# dashboard); older ones were dealt with before ConductDesk recorded the decision.
SAFEGUARDING_WAITING = datetime.timedelta(days=14)


def _safeguarding_alerts_write(plans: list[CasePlan], now: datetime.datetime) -> None:
    SafeguardingAlert.objects.bulk_create(
        [
            SafeguardingAlert(case=plan.case, raised_at=plan.opened_at)
            for plan in plans
            if plan.safeguarding
            and plan.status != Status.CLOSED
            and plan.opened_at >= now - SAFEGUARDING_WAITING
        ],
        batch_size=BATCH,
    )


def statistics_refresh() -> None:
    """PostgreSQL: ANALYZE the tables just bulk-loaded, as its manual advises after a bulk load.

    Until then the planner has no statistics for them (or those of a far smaller table) and
    picks plans for the wrong size; autovacuum would catch up only later, or never if it is off.
    """
    if connection.vendor != "postgresql":
        return
    models = [
        Case,
        Report,
        CaseEvent,
        CaseMonthCount,
        EscalationRequest,
        Meeting,
        SiteBan,
        ModerationRequest,
        SafeguardingAlert,
    ]
    throughs = [
        Case.breach_categories.through,
        Case.parents.through,
        Report.categories.through,
        SiteBan.rules_breached.through,
    ]
    tables = [connection.ops.quote_name(m._meta.db_table) for m in models + throughs]
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def _status_counts_write(cases: list[Case]) -> None:
    """The dashboard's per-school state counts, moved in the chunk's transaction."""
    added = Counter((case.school_id, case.status) for case in cases)
    for school_id in sorted({school_id for school_id, _ in added}):
        status_counts_add(
            school_id=school_id,
            changes={status: n for (s, status), n in added.items() if s == school_id},
        )


def _links_write(plans: list[CasePlan]) -> None:
    """Breach categories of cases and reports, and the parent of each triaged case."""
    case_category = Case.breach_categories.through
    report_category = Report.categories.through
    case_parent = Case.parents.through
    case_category.objects.bulk_create(
        [case_category(case=p.case, breachcategory_id=c) for p in plans for c in p.categories],
        batch_size=BATCH,
    )
    report_category.objects.bulk_create(
        [
            report_category(report=r, breachcategory_id=c)
            for p in plans
            for r in p.reports
            for c in p.categories
        ],
        batch_size=BATCH,
    )
    case_parent.objects.bulk_create(
        [case_parent(case=p.case, parent_id=p.parent[0]) for p in plans if is_triaged(p)],
        batch_size=BATCH,
    )


def _workflow_write(rng: random.Random, plans: list[CasePlan], now: datetime.datetime) -> None:
    escalations = []
    for plan in plans:
        plan.escalations = escalations_build(plan)
        escalations += plan.escalations.values()
        if plan.pending_at:
            plan.pending = proposal_build(plan, Status.WARNING_LETTER, plan.pending_at)
            escalations.append(plan.pending)
        plan.meeting = meeting_build(rng, plan, now)
        if plan.status == Status.SITE_BAN:
            plan.ban = ban_build(rng, plan, now)
        if plan.moderation_at:
            plan.moderation = moderation_build(rng, plan, now)
    EscalationRequest.objects.bulk_create(escalations, batch_size=BATCH)
    Meeting.objects.bulk_create([p.meeting for p in plans if p.meeting], batch_size=BATCH)
    bans = [p.ban for p in plans if p.ban]
    SiteBan.objects.bulk_create(bans, batch_size=BATCH)
    rules = SiteBan.rules_breached.through
    rules.objects.bulk_create(
        [rules(siteban=p.ban, breachcategory_id=c) for p in plans if p.ban for c in p.categories],
        batch_size=BATCH,
    )
    ModerationRequest.objects.bulk_create(
        [p.moderation for p in plans if p.moderation], batch_size=BATCH
    )
