"""Recording access. Callers pass identifiers and a short label, never allegation text."""

import datetime
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Q
from django.db.models.functions import TruncDate

from audit.models import AccessEvent
from config.client_address import client_address

Action = AccessEvent.Action

# What a look at a case opened, as the "who has viewed this case" list names it.
OPENED = {
    Action.VIEW_CASE: "case page",
    Action.VIEW_RECORD: "record",
    Action.OPEN_EVIDENCE: "evidence",
    Action.VIEW_LETTER: "letter",
    Action.DOWNLOAD_LETTER: "letter PDF",
    Action.EXPORT: "bundle prepared",
    Action.DOWNLOAD_BUNDLE: "bundle",
}


def access_record(
    *,
    request=None,
    action: str,
    school_id: int | None = None,
    role: str = "",
    object_type: str = "",
    object_id="",
    object_label: str = "",
    username: str = "",
    actor=None,
    case_id: int | None = None,
    address: str | None = None,
) -> AccessEvent:
    """One access. `case_id`: the case whose part was opened (its page, evidence, a letter, a
    bundle), so "who has viewed this case" finds every look at it. A service passes `actor` and
    the client's `address` instead of the request."""
    user = actor or getattr(request, "user", None)
    authenticated = getattr(user, "is_authenticated", False)
    return AccessEvent.objects.create(
        actor=user if authenticated else None,
        username=(user.get_username() if authenticated else username)[:150],
        role=role,
        school_id=school_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id)[:64],
        object_label=object_label[:100],
        case_id=case_id,
        client_address=(client_address(request) or None) if request is not None else address,
    )


def access_record_at_schools(
    *,
    actor,
    action: str,
    roles: dict[int, str],
    object_type: str,
    object_label: str,
    address: str | None = None,
) -> None:
    """One access that reads several schools' data at once (a trust's governors' report): a
    row for each school (`roles`: school id -> the role it was read by), so each school's audit
    shows it and disposes of it under its own schedule. One INSERT, however many schools."""
    AccessEvent.objects.bulk_create(
        AccessEvent(
            actor=actor,
            username=actor.get_username()[:150],
            role=role,
            school_id=school_id,
            action=action,
            object_type=object_type,
            object_label=object_label[:100],
            client_address=address or None,
        )
        for school_id, role in sorted(roles.items())
    )


def access_events_dispose(*, school_id: int, before: datetime.datetime) -> int:
    """Delete the school's access rows recorded before `before`: the retention schedule's
    disposal of the access audit, and the only way a row ever leaves. On PostgreSQL the
    append-only trigger lets these deletes through because this transaction names the cutoff
    (audit/migrations/0006_append_only_disposal.py); any other delete or update still fails."""
    with transaction.atomic():
        _name_disposal_cutoff(before.isoformat())
        deleted = AccessEvent.objects.filter(school_id=school_id).dispose_before(before)
        # Cleared at once: an outer transaction's later deletes get no licence from this one.
        _name_disposal_cutoff("")
    return deleted


def _name_disposal_cutoff(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('conductdesk.audit_disposal_before', %s, true)", [value]
            )


def _label(action: str) -> str:
    """Any other kind of look (one added without a name in OPENED): its audit label."""
    return Action(action).label if action in Action.values else action


@dataclass
class Visit:
    """One person's looks at a case on one day (the current time zone's)."""

    person: str
    day: datetime.date
    first: datetime.datetime
    last: datetime.datetime
    roles: list[str] = field(default_factory=list)  # role codes, as recorded
    opened: dict[str, int] = field(default_factory=dict)  # what (OPENED) -> how many times


def case_visits(*, case_id: int, limit: int = 500) -> tuple[list[Visit], bool]:
    """Who looked at the case, grouped by person and day, newest day first; and whether older
    looks were left out (past `limit` (person, day, role, action) groups). Counted by the
    database, so a case opened thousands of times reads a row per group, not per look."""
    rows = list(
        AccessEvent.objects.filter(
            # Rows written before `case_id` existed name the case as their object.
            Q(case_id=case_id) | Q(case_id__isnull=True, object_type="case", object_id=str(case_id))
        )
        .annotate(day=TruncDate("at"))
        .values(
            "day",
            "actor_id",
            "username",
            "actor__first_name",
            "actor__last_name",
            "role",
            "action",
        )
        .annotate(first=Min("at"), last=Max("at"), times=Count("id"))
        .order_by("-day", "-last")[: limit + 1]
    )
    visits: dict[tuple, Visit] = {}
    for row in rows[:limit]:
        key = (row["day"], row["actor_id"] or row["username"])
        name = f"{row['actor__first_name'] or ''} {row['actor__last_name'] or ''}".strip()
        visit = visits.get(key)
        if visit is None:
            visit = visits[key] = Visit(
                person=name or row["username"],
                day=row["day"],
                first=row["first"],
                last=row["last"],
            )
        visit.first, visit.last = min(visit.first, row["first"]), max(visit.last, row["last"])
        if row["role"] and row["role"] not in visit.roles:
            visit.roles.append(row["role"])
        what = OPENED.get(row["action"]) or _label(row["action"])
        visit.opened[what] = visit.opened.get(what, 0) + row["times"]
    order = {what: index for index, what in enumerate(OPENED.values())}
    for visit in visits.values():
        visit.opened = dict(sorted(visit.opened.items(), key=lambda item: order.get(item[0], 99)))
    ordered = sorted(visits.values(), key=lambda v: (v.day, v.last), reverse=True)
    return ordered, len(rows) > limit
