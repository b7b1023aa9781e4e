"""Reads for staff pages. Query shape lives here, so templates never query in a loop."""

import datetime
import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.core.cache import cache
from django.db import connection
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Left, Length, Lower, Trim
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from audit.services import Visit, case_visits
from incidents.models import (
    Case,
    CaseEvent,
    CaseStatusCount,
    EscalationRequest,
    Evidence,
    Meeting,
    ModerationRequest,
    Notification,
    Parent,
    ReferenceCounter,
    Report,
    SafeguardingAlert,
    SiteBan,
)
from incidents.pagination import first_of_any
from policies.models import Membership, School
from policies.permissions import Action, role_allows, role_label, roles_allowed
from policies.selectors import code_in_force, safeguarding_leads

LIST_LIMIT = 10
REMINDER_KINDS = [
    Notification.Kind.ESCALATION_WAITING,
    Notification.Kind.MEETING_TOMORROW,
    Notification.Kind.MODERATION_NO_ANSWER,
    Notification.Kind.REPRESENTATIONS_DUE,
    Notification.Kind.BAN_REVIEW_DUE,
    Notification.Kind.CODE_REVIEW_DUE,
]


@dataclass
class CaseFilters:
    status: str = ""
    owner: int | None = None
    category: int | None = None
    group: int | None = None
    opened_from: datetime.date | None = None
    opened_to: datetime.date | None = None
    q: str = ""
    sort: str = "-opened"


# The state filter's "every state but closed" (the dashboard's "My cases" are these).
OPEN_STATES = "open"


def case_list(*, school: School, filters: CaseFilters | None = None):
    filters = filters or CaseFilters()
    cases = Case.objects.filter(school=school)
    if filters.status == OPEN_STATES:
        cases = cases.exclude(status=Case.Status.CLOSED)
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.owner:
        cases = cases.filter(owner_id=filters.owner)
    if filters.group:
        cases = cases.filter(group_id=filters.group)
    if filters.category:
        cases = cases.filter(
            Exists(
                Case.breach_categories.through.objects.filter(
                    case=OuterRef("pk"), breachcategory_id=filters.category
                )
            )
        )
    if filters.opened_from:
        cases = cases.filter(opened_at__date__gte=filters.opened_from)
    if filters.opened_to:
        cases = cases.filter(opened_at__date__lte=filters.opened_to)
    if filters.q:
        cases = cases.filter(reduce(operator.or_, case_search(filters.q, school=school)))
    return cases.select_related("owner", "group")


# How much of the first report a list row shows, cut in the query.
SUMMARY_SHOWN = 200


def case_list_rows(cases):
    """What a case-list row shows beyond the case: its linked parents (one query for the page)
    and the start of its first report, with the person it names (cut in the query)."""
    first_report = Report.objects.filter(case=OuterRef("pk")).order_by("submitted_at", "id")
    return cases.annotate(
        summary_start=Left(Subquery(first_report.values("description")[:1]), SUMMARY_SHOWN),
        person_named=Subquery(first_report.values("person_concerned")[:1]),
    ).prefetch_related(Prefetch("parents", queryset=Parent.objects.only("full_name")))


# Beyond this many matches the case list says "more than" rather than counting them all. A
# search's count tests each case's report text until it has found its cap, so its cap is lower:
# the work then stays small however many cases the school has.
COUNT_UP_TO = 1000
SEARCH_COUNT_UP_TO = 100


def case_list_count(
    *, school: School, filters: CaseFilters, cases, any_of: list[Q] | None = None
) -> tuple[int, bool]:
    """How many cases the list holds, and whether there are more than that. With no filter but
    the state, from the counters (exact, no scan); else `cases` counted up to COUNT_UP_TO, or
    those matching any of `any_of` (the search's conditions, when there is one) up to
    SEARCH_COUNT_UP_TO."""
    if filters == CaseFilters(status=filters.status, sort=filters.sort):
        counts = status_counts(school=school)
        if filters.status == OPEN_STATES:
            return sum(counts.values()) - counts[Case.Status.CLOSED], False
        return counts[filters.status] if filters.status else sum(counts.values()), False
    up_to = SEARCH_COUNT_UP_TO if any_of else COUNT_UP_TO
    if any_of:
        cases = first_of_any(cases, any_of, up_to + 1)
    found = cases.order_by()[: up_to + 1].count()
    return min(found, up_to), found > up_to


# A reference as staff type it: "OF-2026-0042", "of-2026-42", "2026-0042" or "0042".
TYPED_REFERENCE = re.compile(r"(?:(?P<code>[A-Za-z]+)-)?(?:(?P<year>\d{4})-)?(?P<number>\d{1,6})")


def reference_search(q: str, *, school: School) -> list[Q]:
    """The cases a typed reference names: exactly, whatever its letter case, or in part (the
    school's code and the year may be left out; the number's leading zeros too). Each condition
    is an exact match on the reference, so the reference's indexes answer it."""
    conditions = [Q(reference__iexact=q)]
    typed = TYPED_REFERENCE.fullmatch(q.replace(" ", ""))
    if typed is None:
        return conditions
    code = (typed["code"] or school.reference_code).upper()
    number = f"{int(typed['number']):04d}"
    # Without a year: that number in every year this school has issued references.
    years = (
        [typed["year"]]
        if typed["year"]
        else list(ReferenceCounter.objects.filter(school=school).values_list("year", flat=True))
    )
    if years:
        conditions.append(Q(reference__in=[f"{code}-{year}-{number}" for year in years]))
    return conditions


def case_search(q: str, *, school: School) -> list[Q]:
    """What a search matches: the case reference (whole or in part: reference_search), a
    linked parent's name, or a report's text or the person it names. Each is a separate
    condition so the case list can page them apart."""
    q = q.strip()
    return [
        *reference_search(q, school=school),
        Q(Exists(Parent.objects.filter(cases=OuterRef("pk"), full_name__icontains=q))),
        Q(
            Exists(
                Report.objects.filter(case=OuterRef("pk")).filter(
                    Q(description__icontains=q) | Q(person_concerned__icontains=q)
                )
            )
        ),
    ]


def case_for_action(*, school: School, reference: str) -> Case:
    """One case of this school, the row alone: an action's service locks and reads what it
    needs, and its form queries its own choices. Another school's case is a 404."""
    return get_object_or_404(
        Case.objects.select_related("school"), school=school, reference=reference
    )


# The chronology says which parts of a case exist, so the page queries only those.
SECTIONS = {
    "escalations": (
        {CaseEvent.Kind.ESCALATION_PROPOSED},
        lambda: EscalationRequest.objects.select_related("requested_by", "decided_by"),
    ),
    "meetings": ({CaseEvent.Kind.MEETING_SCHEDULED}, lambda: Meeting.objects.order_by("starts_at")),
    "moderation_requests": (
        {CaseEvent.Kind.MODERATION_REQUESTED},
        lambda: ModerationRequest.objects.select_related("group"),
    ),
    "site_bans": (
        {CaseEvent.Kind.SITE_BAN},
        lambda: SiteBan.objects.select_related("parent").prefetch_related("rules_breached"),
    ),
}


@dataclass(frozen=True)
class CaseHead:
    """What the case page needs around a cached body."""

    pk: int
    reference: str
    school_id: int
    stamp: int


CASE_HEAD_SQL = (
    "SELECT c.id, c.reference, c.school_id, COALESCE(s.version, 0) FROM incidents_case c "
    "LEFT JOIN incidents_casestamp s ON s.case_id = c.id "
    "WHERE c.school_id = %s AND c.reference = %s"
)


def case_for_page(*, school: School, reference: str) -> CaseHead:
    """One case of this school with its stamp (see incidents.casestamp); another school's is a
    404. Read before anything else the page shows, so what is read afterwards is never older
    than the stamp a body is cached under. Written in SQL: built by the ORM, this query misses the
    case page's under-load target (the notes in bench/RESULTS.md)."""
    with connection.cursor() as cursor:
        cursor.execute(CASE_HEAD_SQL, [school.pk, reference])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No case with that reference at this school.")
    return CaseHead(*row)


def case_school_elsewhere(
    *, reference: str, memberships: list[Membership], working_in: School
) -> Membership | None:
    """The user's membership at another school where this case is and whose case pages their
    role there may open; None otherwise, so a reference at a school where they have no role,
    or only a records role, tells them nothing."""
    schools = {
        m.school_id: m
        for m in memberships
        if m.school_id != working_in.pk and role_allows(m.role, Action.VIEW_CASE_CONTENT)
    }
    if not schools:
        return None
    found = (
        Case.objects.filter(reference=reference, school_id__in=schools)
        .values_list("school_id", flat=True)
        .first()
    )
    return schools.get(found)


def case_in_full(*, pk: int) -> tuple[Case, list[CaseEvent]]:
    """Everything the case page (and a case bundle) shows, and its chronology. Only the sections
    its chronology says exist are queried."""
    case = Case.objects.select_related("owner", "group", "merged_into", "school").get(pk=pk)
    timeline = case_timeline(case=case)
    kinds = {event.kind for event in timeline}
    prefetch_related_objects(
        [case],
        Prefetch(
            "reports",
            queryset=Report.objects.select_related("group").prefetch_related("categories"),
        ),
        Prefetch("evidence", queryset=Evidence.objects.order_by("added_at", "id")),
        "breach_categories",
        "parents",
        *[
            Prefetch(name, queryset=make() if kinds & needs else make().none())
            for name, (needs, make) in SECTIONS.items()
        ],
        Prefetch(
            "safeguarding_alerts",
            queryset=_safeguarding_alerts()
            if case.safeguarding or kinds & SAFEGUARDING_KINDS
            else _safeguarding_alerts().none(),
        ),
    )
    return case, timeline


# A case has safeguarding alerts while flagged, or once its chronology shows the flag changed.
SAFEGUARDING_KINDS = {
    CaseEvent.Kind.SAFEGUARDING_FLAGGED,
    CaseEvent.Kind.SAFEGUARDING_CLEARED,
    CaseEvent.Kind.SAFEGUARDING_DECIDED,
}


def _safeguarding_alerts():
    return SafeguardingAlert.objects.select_related("raised_by", "decided_by").order_by(
        "-raised_at", "-id"
    )


def case_timeline(*, case: Case) -> list[CaseEvent]:
    """The case's chronology, with the chronology of any case merged into it."""
    # An IN over a small subquery: PostgreSQL uses the (case, created_at) index for each id,
    # where an OR across the join to case would scan the whole chronology.
    cases = Case.objects.filter(Q(pk=case.pk) | Q(merged_into=case)).values("pk")
    return list(
        CaseEvent.objects.filter(case_id__in=cases)
        .select_related("actor", "case")
        .order_by("created_at", "id")
    )


def case_viewers(*, case: Case) -> tuple[list[Visit], bool]:
    """Who has looked at the case, by person and day, with role names (see audit.case_visits)."""
    visits, more = case_visits(case_id=case.pk)
    for visit in visits:
        visit.roles = [role_label(role) for role in visit.roles]
    return visits, more


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
        EscalationRequest.objects.filter(
            case__school=school, decision=EscalationRequest.Decision.PENDING
        )
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


def school_parents(*, school: School):
    return Parent.objects.filter(school=school).order_by("full_name")


def open_cases_for_merge(*, school: School, exclude: Case):
    return (
        Case.objects.filter(school=school, merged_into__isnull=True)
        .exclude(status=Case.Status.CLOSED)
        .exclude(pk=exclude.pk)
        .order_by("-opened_at")
    )


# A likely duplicate was opened this recently, about the same group or the same poster.
DUPLICATE_WINDOW_DAYS = 14
MERGE_CHOICES_SHOWN = 20


def merge_candidates(*, case: Case, q: str = "") -> list[Case]:
    """The cases the merge page offers: those a search finds (by reference, linked parent or
    group), else the likely duplicates, each marked with why (`same_group`, `same_poster`).
    Only open cases of the case's school; the form accepts any of those."""
    cases = case_list_rows(open_cases_for_merge(school=case.school, exclude=case))
    cases = cases.select_related("group")
    q = q.strip()
    if q:
        found = cases.filter(
            reduce(operator.or_, reference_search(q, school=case.school))
            | Q(group__name__icontains=q)
            | Q(Exists(Parent.objects.filter(cases=OuterRef("pk"), full_name__icontains=q)))
        )
        return list(found[:MERGE_CHOICES_SHOWN])
    reports = Report.objects.filter(case=case)
    groups = {case.group_id, *reports.values_list("group_id", flat=True)} - {None}
    posters = {p.strip().lower() for p in reports.values_list("person_concerned", flat=True)}
    posters.discard("")
    nothing = Value(False, output_field=BooleanField())
    same_group = (
        Q(group__in=groups)
        | Q(Exists(Report.objects.filter(case=OuterRef("pk"), group__in=groups)))
        if groups
        else nothing
    )
    same_parent = Exists(
        Case.parents.through.objects.filter(case=OuterRef("pk"), parent__cases=case)
    )
    same_poster = (
        Q(same_parent)
        | Q(
            Exists(
                Report.objects.annotate(poster=Lower(Trim("person_concerned"))).filter(
                    case=OuterRef("pk"), poster__in=posters
                )
            )
        )
        if posters
        else same_parent
    )
    since = timezone.now() - datetime.timedelta(days=DUPLICATE_WINDOW_DAYS)
    likely = (
        cases.filter(opened_at__gte=since)
        .annotate(
            same_group=ExpressionWrapper(same_group, output_field=BooleanField()),
            same_poster=ExpressionWrapper(same_poster, output_field=BooleanField()),
        )
        .filter(Q(same_group=True) | Q(same_poster=True))
    )
    return list(likely[:MERGE_CHOICES_SHOWN])


FILTER_CHOICES_SECONDS = 60


def filter_choices(*, school: School) -> dict[str, list[tuple[int, str]]]:
    """Owners, categories and groups for the case-list filters; cached a minute per school."""
    from django.contrib.auth import get_user_model

    key = f"case-filter-choices:{school.pk}"
    choices = cache.get(key)
    if choices is None:
        owners = get_user_model().objects.filter(
            is_active=True,
            memberships__school=school,
            memberships__role__in=roles_allowed(Action.WORK_CASES),
        )
        code = code_in_force(school=school, with_responses=False)
        choices = {
            "owners": [
                (u.pk, u.get_full_name() or u.username)
                for u in owners.order_by("first_name", "last_name", "username")
            ],
            "categories": [(c.pk, c.name[:60]) for c in code.breach_categories.all()]
            if code
            else [],
            "groups": [(g.pk, g.name) for g in school.groups.order_by("name")],
        }
        cache.set(key, choices, FILTER_CHOICES_SECONDS)
    return choices


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
