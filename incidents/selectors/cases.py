"""The case list: its filters, search and counts; the merge page's choices; the filters' choices.
Query shape lives here, so templates never query in a loop."""

import datetime
import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Left, Lower, Trim
from django.utils import timezone

from incidents.models import Case, Parent, ReferenceCounter, Report
from incidents.pagination import first_of_any
from incidents.selectors.dashboard import status_counts
from policies.models import School
from policies.permissions import Action, roles_allowed
from policies.selectors import code_in_force


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
