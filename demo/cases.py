"""Scale data: realistic, invented cases with their reports, chronology and workflow records.

`demo_cases_seed(count=N)` adds N cases spread over the seeded schools, the states of the
escalation ladder, each school's breach categories and groups, and school-term weekdays from
January 2024 to yesterday. Everything is written with `bulk_create`, a chunk of cases per
transaction, so 100,000 cases load in minutes in bounded memory.

Generation is deterministic: the random generator is seeded with a fixed number plus the number
of cases already in the database, so running it again adds different cases rather than
duplicates. References come from `ReferenceCounter`, the same counter the public concern form
uses, so neither can ever issue a reference the other has used.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import random
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import reset_queries, transaction
from django.db.models import F
from django.utils import timezone

from incidents.models import (
    Case,
    CaseEvent,
    EscalationRequest,
    Meeting,
    ModerationRequest,
    Parent,
    ReferenceCounter,
    Report,
    SiteBan,
)
from incidents.models.cases import ESCALATION_TARGETS, LADDER, SLT_MAY_CLOSE, Status
from policies.models import BreachCategory, Membership, MessagingGroup, School

SEED = 20_240_108
CHUNK = 5_000
BATCH = 2_000
PARENTS_PER_SCHOOL = 200
REPORTER = "Reporter"
Kind = CaseEvent.Kind
Outcome = Case.Outcome

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
MODERATION_ANSWERS = {
    ModerationRequest.Answer.REMOVED: 70,
    ModerationRequest.Answer.REFUSED: 10,
    ModerationRequest.Answer.NO_LONGER_AVAILABLE: 20,
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

FIRST_NAMES = (  # noqa: SIM905
    "Aisha Amelia Amir Ben Bethany Callum Charlotte Chloe Daniel Dev Eleanor Emily Faisal "
    "Fiona Gemma George Hannah Harry Imran Isla Jack Jade James Jasmine Kate Kieran Laura Leah "
    "Liam Lucy Marcus Megan Mohammed Naomi Nathan Niamh Oliver Olivia Owen Priya Rachel Rhys "
    "Rosie Ryan Sadia Sam Sarah Sophie Tariq Tom Una Victoria Wei Will Yasmin Zara Zoe"
).split()
SURNAMES = (  # noqa: SIM905
    "Ahmed Ali Allen Bailey Baker Begum Bell Brown Campbell Carter Clarke Collins Cooper Davies "
    "Edwards Evans Fisher Green Hall Harris Hughes Hussain Jackson James Johnson Jones Kaur Khan "
    "King Lewis Martin Mitchell Moore Morgan Murphy Nguyen Okafor Owen Parker Patel Phillips "
    "Price Roberts Robinson Scott Shah Singh Smith Taylor Thomas Thompson Turner Walker Ward "
    "Watson White Williams Wilson Wood Wright Young"
).split()
YEAR_GROUPS = ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
STAFF_TITLES = ["Mr", "Mrs", "Miss", "Ms"]

DESCRIPTIONS = [
    "A parent posted in the {group} group calling {staff} 'useless' and saying the school "
    "'does nothing about anything'. Several parents replied with laughing emojis and the post "
    "is still there.",
    "In the {group} group, {person} shared a screenshot of an e-mail from the school and told "
    "everyone to 'flood the office with complaints' until {staff} is moved.",
    "{person} sent a voice note to the {group} group naming a child in the class and saying "
    "he should be 'kept away from decent kids'. My child heard it at home.",
    "After the trip letter went out on {day}, {person} wrote in the {group} group that {staff} "
    "was 'a disgrace' and should be sacked. The messages went on until nearly midnight.",
    "{person} has been messaging other parents privately about an incident in the playground "
    "and naming the children involved. One parent forwarded the messages to me.",
    "A post in the {group} group described the school as 'a joke' and said the head 'lies to "
    "parents'. {person} wrote it and then shared a link to the school's inspection report with "
    "more comments underneath.",
    "At pick-up on {day}, {person} shouted at {staff} in front of the children and then posted "
    "in the {group} group that staff 'had better watch themselves'.",
    "{person} e-mailed {staff} four times in one evening using abusive language about the "
    "homework policy and then pasted the e-mails into the {group} group.",
    "There was an argument in the {group} group about the uniform policy. {person} swore at "
    "other parents and called the policy 'pathetic', and some parents have left the group.",
    "{person} posted photos from sports day in the {group} group that show other children "
    "clearly, with comments about one child's behaviour.",
]
ESCALATION_REASONS = {
    Status.WARNING_LETTER: "The parent repeated the comments after we spoke to them.",
    Status.MEETING: "The behaviour has continued despite the warning letter.",
    Status.LEGAL_ADVICE: "The comments may be defamatory; we need advice before responding.",
    Status.SITE_BAN: "Threatening behaviour towards staff at the school gate.",
}

User = get_user_model()


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


def demo_cases_seed(*, count: int, stdout=None) -> int:
    """Add `count` realistic cases to the seeded schools; returns the number created.

    Run `seed_demo` first: schools, codes of conduct, groups and the `<slug>-slt` and
    `<slug>-head` users are read from the database. A pool of demo parents is created per
    school if missing. Each chunk of cases is written in its own transaction.
    """
    if count <= 0:
        return 0
    kits = _kits_load()
    start = Case.objects.count()
    rng = random.Random(SEED + start)
    now = timezone.now()
    days = _term_days(until=timezone.localdate(now) - datetime.timedelta(days=1))
    created = 0
    began = time.monotonic()
    for size in _chunk_sizes(count):
        plans = [
            _plan_case(rng, kits[(start + created + i) % len(kits)], days, now) for i in range(size)
        ]
        with transaction.atomic():
            _references_assign(plans)
            _chunk_write(rng, plans)
        reset_queries()  # with DEBUG on, Django would otherwise keep the last 9,000 INSERTs
        created += size
        if stdout is not None:
            stdout.write(f"  {created:,}/{count:,} cases ({time.monotonic() - began:.0f} s)")
    return created


def _chunk_sizes(count: int) -> Iterator[int]:
    for done in range(0, count, CHUNK):
        yield min(CHUNK, count - done)


# --- what the database already holds ------------------------------------------------------


def _kits_load() -> list[SchoolKit]:
    kits = []
    for school in School.objects.order_by("id"):
        code = school.codes.order_by("-effective_date", "-version").first()
        categories = list(
            BreachCategory.objects.filter(code=code)
            .order_by("position")
            .values_list("pk", flat=True)
        )
        groups = list(MessagingGroup.objects.filter(school=school, is_active=True).order_by("pk"))
        slt = _staff(school, "slt", Membership.Role.SLT)
        head = _staff(school, "head", Membership.Role.HEADTEACHER)
        if not (categories and groups and slt and head):
            continue
        kits.append(SchoolKit(school, categories, groups, slt, head, _parents_pool(school)))
    if not kits:
        raise ValueError("No school has categories, groups and demo staff: run seed_demo first.")
    return kits


def _staff(school: School, suffix: str, role: str) -> User | None:
    """The demo user `<slug>-<suffix>`, or else any member of the school with that role."""
    user = User.objects.filter(username=f"{school.slug}-{suffix}").first()
    if user is None:
        membership = school.memberships.filter(role=role).select_related("user").first()
        user = membership.user if membership else None
    return user


def _parents_pool(school: School) -> list[tuple[int, str]]:
    """The school's parents (id, name), topped up with invented ones to PARENTS_PER_SCHOOL."""
    existing = Parent.objects.filter(school=school).count()
    rng = random.Random(f"parents-{school.slug}-{existing}")
    Parent.objects.bulk_create(
        [_parent_new(rng, school, n) for n in range(existing, PARENTS_PER_SCHOOL)],
        batch_size=BATCH,
    )
    pool = Parent.objects.filter(school=school).order_by("pk").values_list("pk", "full_name")
    return list(pool[:1000])


def _parent_new(rng: random.Random, school: School, n: int) -> Parent:
    first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
    street = f"{rng.randint(1, 120)} {rng.choice(SURNAMES)} {rng.choice(['Road', 'Close', 'Way'])}"
    return Parent(
        school=school,
        full_name=f"{first} {last}",
        email=f"{first}.{last}.{school.slug}-{n}@example.org".lower(),
        postal_address=f"{street}\n{school.name.split()[0]}town",
        year_groups=", ".join(sorted(rng.sample(YEAR_GROUPS, rng.choice([1, 1, 2])))),
    )


def _term_days(*, until: datetime.date) -> list[datetime.date]:
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


def _plan_case(
    rng: random.Random, kit: SchoolKit, days: list[datetime.date], now: datetime.datetime
) -> CasePlan:
    status = _weighted(rng, STATUS_WEIGHTS)
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
        plan.outcome = Outcome.DISMISSED if len(steps) == 1 else _weighted(rng, OUTCOME_WEIGHTS)
    return plan


def _weighted(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _path(rng: random.Random, status: str) -> list[str]:
    """The statuses a case passed through after `reported` to reach `status`.

    Responses are proportional: a serious case sometimes skips steps of the ladder.
    """
    if status == Status.REPORTED:
        return []
    if status == Status.CLOSED:
        return [*_path(rng, _weighted(rng, CLOSED_FROM_WEIGHTS)), Status.CLOSED]
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


def _is_triaged(plan: CasePlan) -> bool:
    return bool(plan.steps) and plan.steps[0].name == "triage"


# --- references: numbers from the same counter the public form uses -----------------------


def _references_assign(plans: list[CasePlan]) -> None:
    """Give each case (and second report) the next reference of its school and year.

    Plans are numbered in order of opening. Each counter row is updated once per chunk.
    """
    plans.sort(key=lambda plan: plan.opened_at)
    needed: Counter[tuple[int, int]] = Counter()
    for plan in plans:
        needed[plan.kit.school.pk, plan.opened_at.year] += _report_count(plan)
    following = {
        key: _counter_take(school_id=key[0], year=key[1], n=n) for key, n in needed.items()
    }
    for plan in plans:
        year = plan.opened_at.year
        key = (plan.kit.school.pk, year)
        for _ in range(_report_count(plan)):
            plan.references.append(f"{plan.kit.school.reference_code}-{year}-{following[key]:04d}")
            following[key] += 1


def _report_count(plan: CasePlan) -> int:
    return 1 if plan.second_report_at is None else 2


def _counter_take(*, school_id: int, year: int, n: int) -> int:
    """Reserve `n` numbers of the counter and return the first.

    The UPDATE comes first so the row (or, on SQLite, the database) is locked for writing
    until the chunk commits; a concurrent public submission waits and then continues after.
    """
    counter = ReferenceCounter.objects.filter(school_id=school_id, year=year)
    if not counter.update(last=F("last") + n):
        ReferenceCounter.objects.get_or_create(school_id=school_id, year=year)
        counter.update(last=F("last") + n)
    return counter.values_list("last", flat=True).get() - n + 1


# --- writing a chunk -----------------------------------------------------------------------


def _chunk_write(rng: random.Random, plans: list[CasePlan]) -> None:
    """Insert the chunk's rows, parents before children, in a handful of bulk INSERTs."""
    now = timezone.now()
    Case.objects.bulk_create([_case_build(plan) for plan in plans], batch_size=BATCH)
    reports = [report for plan in plans for report in _reports_build(rng, plan)]
    Report.objects.bulk_create(reports, batch_size=BATCH)
    _links_write(plans)
    _workflow_write(rng, plans, now)
    events = [event for plan in plans for event in _events_build(plan)]
    CaseEvent.objects.bulk_create(events, batch_size=BATCH)


def _case_build(plan: CasePlan) -> Case:
    closed = plan.steps[-1].at if plan.status == Status.CLOSED else None
    plan.case = Case(
        school=plan.kit.school,
        reference=plan.references[0],
        status=plan.status,
        owner=plan.owner,
        group=plan.group,
        safeguarding=plan.safeguarding,
        outcome=plan.outcome,
        opened_at=plan.opened_at,
        closed_at=closed,
        triage_due=plan.opened_at.date() + datetime.timedelta(days=2),
    )
    return plan.case


def _reports_build(rng: random.Random, plan: CasePlan) -> list[Report]:
    times = [plan.opened_at, plan.second_report_at][: _report_count(plan)]
    for i, (reference, at) in enumerate(zip(plan.references, times, strict=True)):
        first, last = rng.choice(FIRST_NAMES), rng.choice(SURNAMES)
        anonymous = rng.random() < 0.3
        occurred = at.date() - datetime.timedelta(days=rng.choice([0, 0, 1, 1, 2, 3, 5]))
        plan.reports.append(
            Report(
                school=plan.kit.school,
                case=plan.case,
                reference=reference,
                reporter_name="" if anonymous else f"{first} {last}",
                reporter_email=""
                if anonymous
                else f"{first}.{last}{rng.randint(1, 99)}@example.org".lower(),
                group=plan.group,
                occurred_on=occurred,
                occurred_at=datetime.time(rng.randint(7, 22), rng.choice([0, 15, 30, 45]))
                if rng.random() < 0.6
                else None,
                description=_description(rng, plan, occurred),
                person_concerned=_person_concerned(rng, plan),
                safeguarding=plan.safeguarding and i == 0,
                token_hash=hashlib.sha256(f"seed-{reference}-{i}".encode()).hexdigest(),
                submission_key=f"seed-{reference}-{i}",
                submitted_at=at,
            )
        )
    return plan.reports


def _description(rng: random.Random, plan: CasePlan, occurred: datetime.date) -> str:
    return rng.choice(DESCRIPTIONS).format(
        group=plan.group.name,
        staff=f"{rng.choice(STAFF_TITLES)} {rng.choice(SURNAMES)}",
        person=plan.parent[1],
        day=f"{occurred:%A}",
    )


def _person_concerned(rng: random.Random, plan: CasePlan) -> str:
    name = plan.parent[1]
    roll = rng.random()
    if roll < 0.7:
        return name
    if roll < 0.9:
        return f"{name.split()[0]} ({plan.group.year_group or 'class'} parent)"
    return ""


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
        [case_parent(case=p.case, parent_id=p.parent[0]) for p in plans if _is_triaged(p)],
        batch_size=BATCH,
    )


# --- escalations, meetings, site bans, requests to moderators -----------------------------


def _workflow_write(rng: random.Random, plans: list[CasePlan], now: datetime.datetime) -> None:
    escalations = []
    for plan in plans:
        plan.escalations = _escalations_build(plan)
        escalations += plan.escalations.values()
        if plan.pending_at:
            plan.pending = _proposal(plan, Status.WARNING_LETTER, plan.pending_at)
            escalations.append(plan.pending)
        plan.meeting = _meeting_build(rng, plan, now)
        if plan.status == Status.SITE_BAN:
            plan.ban = _ban_build(rng, plan, now)
        if plan.moderation_at:
            plan.moderation = _moderation_build(rng, plan, now)
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


def _proposal(plan: CasePlan, target: str, at: datetime.datetime) -> EscalationRequest:
    return EscalationRequest(
        case=plan.case,
        target=target,
        reason=ESCALATION_REASONS[target],
        requested_by=plan.kit.slt,
        requested_at=at,
    )


def _escalations_build(plan: CasePlan) -> dict[int, EscalationRequest]:
    """An approved proposal behind every escalation step: SLT asked, the headteacher agreed."""
    approved = {}
    previous = plan.opened_at
    for index, step in enumerate(plan.steps):
        if step.target in ESCALATION_TARGETS:
            proposal = _proposal(plan, step.target, previous + (step.at - previous) * 0.6)
            proposal.decision = EscalationRequest.Decision.APPROVED
            proposal.decided_by = plan.kit.head
            proposal.decided_at = step.at
            proposal.decision_note = "Approved."
            approved[index] = proposal
        previous = step.at
    return approved


def _meeting_build(rng: random.Random, plan: CasePlan, now: datetime.datetime) -> Meeting | None:
    """The meeting of a case that reached that step: held, or booked if it is still ahead."""
    index = next((i for i, s in enumerate(plan.steps) if s.target == Status.MEETING), None)
    if index is None:
        return None
    step = plan.steps[index]
    if index + 1 < len(plan.steps):
        starts = step.at + (plan.steps[index + 1].at - step.at) * 0.5
    else:
        day = step.at.date() + datetime.timedelta(days=rng.randint(2, 10))
        day += datetime.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)
        starts = datetime.datetime.combine(
            day, datetime.time(15, 30), tzinfo=ZoneInfo(settings.TIME_ZONE)
        )
    held = starts + datetime.timedelta(hours=1) < now
    kit = plan.kit
    return Meeting(
        case=plan.case,
        starts_at=starts,
        place=rng.choice(["Headteacher's office", "Meeting room 1", "School office"]),
        attendees=f"{kit.head.get_full_name()} ({kit.school.decision_maker_title})\n"
        f"{kit.slt.get_full_name()} (note-taker)\n{plan.parent[1]} (parent)",
        outcome="The parent agreed to follow the code of conduct." if held else "",
        outcome_recorded_at=starts + datetime.timedelta(hours=1) if held else None,
        created_by=step.by,
        created_at=step.at + datetime.timedelta(minutes=5),
    )


def _ban_build(rng: random.Random, plan: CasePlan, now: datetime.datetime) -> SiteBan:
    """Half confirmed with a review ahead, half intended and awaiting representations."""
    step = plan.steps[-1]
    starts = step.at.date()
    deadline = starts + datetime.timedelta(days=14)
    ban = SiteBan(
        case=plan.case,
        parent_id=plan.parent[0],
        is_temporary=rng.random() < 0.3,
        reasons=ESCALATION_REASONS[Status.SITE_BAN],
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=365),
        representation_deadline=deadline,
        created_by=plan.kit.head,
        created_at=step.at + datetime.timedelta(minutes=10),
    )
    decided_at = step.at + datetime.timedelta(days=15)
    if rng.random() < 0.5 and decided_at < now:
        ban.state = SiteBan.State.CONFIRMED
        ban.is_temporary = False
        ban.decided_at = decided_at
        ban.representations = "The parent wrote to apologise but disputes the account."
        ban.representations_received_at = ban.created_at + datetime.timedelta(days=7)
        ban.decided_by = plan.kit.head
        ban.decision_note = "Confirmed after considering the parent's representations."
        ban.review_on = timezone.localdate(now) + datetime.timedelta(days=rng.randint(14, 120))
        ban.ends_on = max(ban.ends_on, ban.review_on + datetime.timedelta(days=90))
    return ban


def _moderation_build(
    rng: random.Random, plan: CasePlan, now: datetime.datetime
) -> ModerationRequest:
    asked = plan.moderation_at
    answered = now - asked > datetime.timedelta(days=5)
    return ModerationRequest(
        case=plan.case,
        group=plan.group,
        moderator=plan.group.moderators or "Group moderator",
        asked_at=asked,
        follow_up_on=asked.date() + datetime.timedelta(days=3),
        answer=_weighted(rng, MODERATION_ANSWERS)
        if answered
        else ModerationRequest.Answer.AWAITING,
        answered_at=asked + datetime.timedelta(hours=rng.uniform(4, 72)) if answered else None,
        created_by=plan.owner,
    )


# --- the chronology ------------------------------------------------------------------------


def _event(case: Case, kind: str, at: datetime.datetime, by=None, **fields) -> CaseEvent:
    return CaseEvent(case=case, kind=kind, created_at=at, actor=by, **fields)


def _events_build(plan: CasePlan) -> list[CaseEvent]:
    """Reported, each transition (with its proposal and approval), then the side records."""
    case = plan.case
    events = [
        _event(
            case,
            Kind.REPORTED,
            report.submitted_at,
            actor_label=REPORTER,
            text="Concern received." if i == 0 else "A further concern about this was received.",
            data={"report": report.pk, "safeguarding": report.safeguarding},
        )
        for i, report in enumerate(plan.reports)
    ]
    for index, step in enumerate(plan.steps):
        escalation = plan.escalations.get(index)
        if escalation:
            events += _escalation_events(case, escalation, step)
        else:
            text = (
                f"Outcome: {Outcome(plan.outcome).label}." if step.target == Status.CLOSED else ""
            )
            events.append(_transition_event(case, step, text=text))
        if step.name == "triage" and plan.safeguarding:
            at = step.at + datetime.timedelta(minutes=15)
            events.append(_event(case, Kind.SAFEGUARDING_ADVICE, at, step.by))
    return events + _side_events(plan)


def _transition_event(case: Case, step: Step, *, text: str = "", **data) -> CaseEvent:
    return _event(
        case,
        Kind.TRANSITION,
        step.at,
        step.by,
        source=step.source,
        target=step.target,
        text=text,
        data={"transition": step.name, **data},
    )


def _escalation_events(case: Case, escalation: EscalationRequest, step: Step) -> list[CaseEvent]:
    """As the workflow writes them: proposed by SLT, the transition, approved by the head."""
    ids = {"escalation": escalation.pk, "target": escalation.target}
    requester = escalation.requested_by
    return [
        _proposed_event(case, escalation),
        _transition_event(
            case,
            step,
            text=escalation.reason,
            escalation=escalation.pk,
            requested_by=requester.pk,
        ),
        _event(
            case,
            Kind.ESCALATION_APPROVED,
            step.at,
            step.by,
            text=escalation.decision_note,
            data={**ids, "requested_by": requester.get_full_name() or requester.get_username()},
        ),
    ]


def _proposed_event(case: Case, escalation: EscalationRequest) -> CaseEvent:
    return _event(
        case,
        Kind.ESCALATION_PROPOSED,
        escalation.requested_at,
        escalation.requested_by,
        text=escalation.reason,
        data={"escalation": escalation.pk, "target": escalation.target},
    )


def _side_events(plan: CasePlan) -> list[CaseEvent]:
    """The pending proposal, the meeting, the site ban and the request to the moderator."""
    case, events = plan.case, []
    if plan.pending:
        events.append(_proposed_event(case, plan.pending))
    if meeting := plan.meeting:
        when = timezone.localtime(meeting.starts_at).strftime("%-d %b %Y %H:%M")
        events.append(
            _event(
                case,
                Kind.MEETING_SCHEDULED,
                meeting.created_at,
                meeting.created_by,
                text=f"{when} at {meeting.place}",
                data={"meeting": meeting.pk},
            )
        )
        if meeting.outcome_recorded_at:
            events.append(
                _event(
                    case,
                    Kind.MEETING_OUTCOME,
                    meeting.outcome_recorded_at,
                    meeting.created_by,
                    text=meeting.outcome,
                    data={"meeting": meeting.pk},
                )
            )
    if plan.ban:
        events += _ban_events(plan.ban)
    if request := plan.moderation:
        events += _moderation_events(request)
    return events


def _ban_events(ban: SiteBan) -> list[CaseEvent]:
    kind = "Temporary" if ban.is_temporary else "Intended"
    events = [
        _event(
            ban.case,
            Kind.SITE_BAN,
            ban.created_at,
            ban.created_by,
            text=f"{kind} ban from {ban.starts_on:%-d %b %Y} to {ban.ends_on:%-d %b %Y}; "
            f"representations by {ban.representation_deadline:%-d %b %Y}.",
            data={"ban": ban.pk, "step": "intended"},
        )
    ]
    if ban.state == SiteBan.State.CONFIRMED:
        events.append(
            _event(
                ban.case,
                Kind.SITE_BAN,
                ban.decided_at,
                ban.decided_by,
                text=f"Ban confirmed. {ban.decision_note}",
                data={"ban": ban.pk, "step": "confirm"},
            )
        )
    return events


def _moderation_events(request: ModerationRequest) -> list[CaseEvent]:
    events = [
        _event(
            request.case,
            Kind.MODERATION_REQUESTED,
            request.asked_at,
            request.created_by,
            text=f"Asked {request.moderator} to remove the post; "
            f"follow up on {request.follow_up_on:%-d %b %Y}.",
            data={"request": request.pk},
        )
    ]
    if request.answered_at:
        events.append(
            _event(
                request.case,
                Kind.MODERATION_ANSWERED,
                request.answered_at,
                request.created_by,
                text=f"{request.get_answer_display()}.",
                data={"request": request.pk},
            )
        )
    return events
