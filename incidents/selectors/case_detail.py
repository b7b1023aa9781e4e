"""One case: the row an action needs, the case page's head and everything its body shows, its
chronology and who has viewed it. Query shape lives here, so templates never query in a loop."""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from audit.services import Visit, case_visits
from incidents.models import (
    Case,
    CaseEvent,
    EscalationRequest,
    Evidence,
    Meeting,
    ModerationRequest,
    Report,
    SafeguardingAlert,
    SiteBan,
)
from policies.models import Membership, School
from policies.permissions import Action, role_allows, role_label


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
