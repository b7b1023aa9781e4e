"""Planning one case: every random decision about its path, dates and people, no queries."""

from __future__ import annotations

import bisect
import datetime
import random
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.contrib.auth import get_user_model

from incidents.models import Case, EscalationRequest, Meeting, ModerationRequest, Report, SiteBan
from incidents.models.cases import LADDER, SLT_MAY_CLOSE, Status
from policies.models import MessagingGroup, School

Outcome = Case.Outcome
User = get_user_model()

# Current status of a new case, and its weight (percent).
STATUS_WEIGHTS = {
    Status.REPORTED: 8,
    Status.GATHERING_INFORMATION: 20,
    Status.SPEAKING_TO_PARENT: 15,
    Status.WARNING_LETTER: 12,
    Status.MEETING: 8,
    Status.LEGAL_ADVICE: 3,
    Status.SITE_BAN: 2,
    Status.CLOSED: 32,
}
# Where a closed case was when it closed (REPORTED: dismissed at triage).
CLOSED_FROM_WEIGHTS = {
    Status.REPORTED: 15,
    Status.GATHERING_INFORMATION: 35,
    Status.SPEAKING_TO_PARENT: 30,
    Status.WARNING_LETTER: 12,
    Status.MEETING: 5,
    Status.LEGAL_ADVICE: 2,
    Status.SITE_BAN: 1,
}
OUTCOME_WEIGHTS = {
    Outcome.NO_FURTHER_ACTION: 30,
    Outcome.RESOLVED: 45,
    Outcome.UNFOUNDED: 15,
    Outcome.WITHDRAWN: 10,
}

# English school terms (start, end, half-term start, half-term end), approximately.
TERMS = [
    ("2024-01-04", "2024-03-28", "2024-02-12", "2024-02-16"),
    ("2024-04-15", "2024-07-23", "2024-05-27", "2024-05-31"),
    ("2024-09-04", "2024-12-20", "2024-10-28", "2024-11-01"),
    ("2025-01-06", "2025-04-04", "2025-02-17", "2025-02-21"),
    ("2025-04-22", "2025-07-22", "2025-05-26", "2025-05-30"),
    ("2025-09-03", "2025-12-19", "2025-10-27", "2025-10-31"),
    ("2026-01-05", "2026-03-27", "2026-02-16", "2026-02-20"),
    ("2026-04-13", "2026-07-21", "2026-05-25", "2026-05-29"),
    ("2026-09-02", "2026-12-18", "2026-10-26", "2026-10-30"),
]
# When concerns arrive: (first hour, last hour, weight). Evenings are busy in class groups.
HOURS = [(7, 8, 10), (9, 14, 35), (15, 17, 20), (18, 22, 35)]


@dataclass(frozen=True)
class SchoolKit:
    """What the generator needs of one school, read once per run."""

    school: School
    categories: list[int]
    groups: list[MessagingGroup]
    slt: User
    head: User
    parents: list[tuple[int, str]]


@dataclass
class Step:
    """One transition the case went through."""

    name: str
    source: str
    target: str
    at: datetime.datetime
    by: User


@dataclass
class CasePlan:
    """Every random decision about one case, then the rows built from it."""

    kit: SchoolKit
    opened_at: datetime.datetime
    status: str
    steps: list[Step]
    owner: User | None
    group: MessagingGroup
    categories: list[int]
    parent: tuple[int, str]
    safeguarding: bool
    second_report_at: datetime.datetime | None
    pending_at: datetime.datetime | None
    moderation_at: datetime.datetime | None
    outcome: str = ""
    references: list[str] = field(default_factory=list)
    case: Case | None = None
    reports: list[Report] = field(default_factory=list)
    escalations: dict[int, EscalationRequest] = field(default_factory=dict)
    pending: EscalationRequest | None = None
    meeting: Meeting | None = None
    ban: SiteBan | None = None
    moderation: ModerationRequest | None = None


def term_days(*, until: datetime.date) -> list[datetime.date]:
    """School-term weekdays from January 2024 to `until`, bank holidays in England excluded."""
    bank = holidays.country_holidays("GB", subdiv="ENG", years=range(2024, until.year + 1))
    days = []
    for start, end, half_start, half_end in TERMS:
        day, last = datetime.date.fromisoformat(start), datetime.date.fromisoformat(end)
        half = (datetime.date.fromisoformat(half_start), datetime.date.fromisoformat(half_end))
        while day <= min(last, until):
            if day.weekday() < 5 and day not in bank and not half[0] <= day <= half[1]:
                days.append(day)
            day += datetime.timedelta(days=1)
    return days


# --- planning one case (pure Python, no queries) ------------------------------------------


def plan_case(
    rng: random.Random, kit: SchoolKit, days: list[datetime.date], now: datetime.datetime
) -> CasePlan:
    status = weighted(rng, STATUS_WEIGHTS)
    targets = _path(rng, status)
    gaps = _gaps(rng, len(targets))
    opened_at = _opened_at(rng, days, latest=now - datetime.timedelta(seconds=sum(gaps) + 3_600))
    owner = None if status == Status.REPORTED else rng.choice([kit.slt, kit.slt, kit.head])
    steps = _steps(kit, targets, gaps, owner, opened_at, now)
    last = steps[-1].at if steps else opened_at
    is_open = status != Status.CLOSED
    plan = CasePlan(
        kit=kit,
        opened_at=opened_at,
        status=status,
        steps=steps,
        owner=owner,
        group=rng.choice(kit.groups),
        categories=rng.sample(kit.categories, min(len(kit.categories), rng.choice([1, 1, 2]))),
        parent=rng.choice(kit.parents),
        safeguarding=rng.random() < 0.05,
        second_report_at=_between(rng, opened_at, last, now) if rng.random() < 0.1 else None,
        pending_at=_between(rng, last, now, now)
        if status == Status.SPEAKING_TO_PARENT and rng.random() < 0.3
        else None,
        moderation_at=steps[0].at + datetime.timedelta(minutes=20)
        if is_open and steps and rng.random() < 0.1
        else None,
    )
    if not is_open:
        plan.outcome = Outcome.DISMISSED if len(steps) == 1 else weighted(rng, OUTCOME_WEIGHTS)
    return plan


def weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _path(rng: random.Random, status: str) -> list[str]:
    """The statuses a case passed through after `reported` to reach `status`.

    Responses are proportional: a serious case sometimes skips steps of the ladder.
    """
    if status == Status.REPORTED:
        return []
    if status == Status.CLOSED:
        return [*_path(rng, weighted(rng, CLOSED_FROM_WEIGHTS)), Status.CLOSED]
    here = LADDER.index(status)
    if here == 0:
        return [Status.GATHERING_INFORMATION.value]
    middle = LADDER[1:here]
    if here >= 2 and rng.random() < 0.2:
        middle = [s for s in middle if rng.random() < 0.5]
    return [s.value for s in [Status.GATHERING_INFORMATION, *middle, LADDER[here]]]


def _gaps(rng: random.Random, n: int) -> list[float]:
    """Seconds before each step: triage within 30 minutes to 40 hours, later steps 1-12 days."""
    if not n:
        return []
    return [rng.uniform(1_800, 144_000)] + [rng.uniform(86_400, 1_036_800) for _ in range(n - 1)]


def _opened_at(
    rng: random.Random, days: list[datetime.date], *, latest: datetime.datetime
) -> datetime.datetime:
    """A term-time weekday before `latest` (so the case's steps fit before now), and a time."""
    day = rng.choice(days[: bisect.bisect_left(days, latest.date())] or days)
    first, last, _ = rng.choices(HOURS, weights=[h[2] for h in HOURS])[0]
    return datetime.datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(first, last),
        rng.randint(0, 59),
        rng.randint(0, 59),
        tzinfo=ZoneInfo(settings.TIME_ZONE),
    )


def _steps(
    kit: SchoolKit,
    targets: list[str],
    gaps: list[float],
    owner: User | None,
    opened_at: datetime.datetime,
    now: datetime.datetime,
) -> list[Step]:
    """The transitions to `targets`, `gaps` apart, squeezed if need be to end an hour ago."""
    if not targets:
        return []
    room = max(60.0, (now - opened_at).total_seconds() - 3_600)
    scale = min(1.0, room / sum(gaps))
    steps, at, source = [], opened_at, Status.REPORTED.value
    for target, gap in zip(targets, gaps, strict=True):
        at += datetime.timedelta(seconds=gap * scale)
        name = _transition_name(source, target)
        by = kit.head if _needs_head(name, source) else owner
        steps.append(Step(name, source, target, at, by))
        source = target
    return steps


def _transition_name(source: str, target: str) -> str:
    if target == Status.CLOSED:
        return "dismiss" if source == Status.REPORTED else "close"
    if target == Status.GATHERING_INFORMATION:
        return "triage"
    if target == Status.SPEAKING_TO_PARENT:
        return "speak_to_parent"
    return f"escalate_to_{target}"


def _needs_head(name: str, source: str) -> bool:
    return name.startswith("escalate_to_") or (name == "close" and source not in SLT_MAY_CLOSE)


def _between(
    rng: random.Random, start: datetime.datetime, end: datetime.datetime, now: datetime.datetime
) -> datetime.datetime:
    """A moment after `start`, before `end` (or a few days after it) and before `now`."""
    latest = min(max(end, start + datetime.timedelta(days=3)), now - datetime.timedelta(hours=1))
    if latest <= start:
        return start + datetime.timedelta(minutes=1)
    return start + (latest - start) * rng.uniform(0.05, 0.95)


def is_triaged(plan: CasePlan) -> bool:
    return bool(plan.steps) and plan.steps[0].name == "triage"


def report_count(plan: CasePlan) -> int:
    return 1 if plan.second_report_at is None else 2
