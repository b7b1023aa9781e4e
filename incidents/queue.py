"""The headteacher's queue: everything waiting for them, oldest first, each with its age.

Proposals and site bans are read here; the apps above incidents (letters) add theirs through
the `waiting_for_head` signal. Each source reads at most one page of its rows after the cursor
in one query, and the page is the oldest of them all, so a page costs the same whatever the
queue holds. The order is the day an item began waiting, then its kind, then its id: the age
people read is in days.
"""

import base64
import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import F, Q, When
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from incidents.models import SiteBan
from incidents.pagination import Page
from incidents.selectors.dashboard import pending_escalations
from incidents.signals import waiting_for_head
from policies.models import School


@dataclass(frozen=True)
class Cursor:
    day: datetime.date
    kind: str
    pk: int

    def encode(self) -> str:
        return base64.urlsafe_b64encode(f"{self.day}|{self.kind}|{self.pk}".encode()).decode()

    @classmethod
    def decode(cls, text: str) -> "Cursor | None":
        try:
            day, kind, pk = base64.urlsafe_b64decode(text.encode()).decode().split("|")
            return cls(datetime.date.fromisoformat(day), kind, int(pk))
        except (ValueError, UnicodeDecodeError):
            return None


@dataclass(frozen=True)
class Waiting:
    """One item in the queue; `template` shows `row` (each source has its own)."""

    day: datetime.date
    kind: str
    row: object
    template: str

    @property
    def key(self) -> tuple:
        return (self.day, self.kind, self.row.pk)

    @property
    def age_days(self) -> int:
        return max(0, (timezone.localdate() - self.day).days)


def beyond(rows, *, kind: str, cursor: Cursor | None):
    """`rows` (annotated with `day`) that come after `cursor` in the queue's order."""
    if cursor is None:
        return rows
    rows = rows.filter(day__gte=cursor.day)
    if kind < cursor.kind:
        return rows.exclude(day=cursor.day)
    if kind == cursor.kind:
        return rows.exclude(day=cursor.day, pk__lte=cursor.pk)
    return rows


def _escalations(*, school, cursor, size, asked_by, **signal) -> list[Waiting]:
    rows = pending_escalations(school=school).annotate(day=TruncDate("requested_at"))
    if asked_by is not None:
        rows = rows.filter(requested_by=asked_by)
    rows = beyond(rows, kind="escalation", cursor=cursor).order_by("day", "pk")[:size]
    template = "incidents/staff/includes/queue_escalation.html"
    return [Waiting(r.day, "escalation", r, template) for r in rows]


def bans_waiting(*, school: School):
    """Bans the headteacher must decide (the representations arrived, or their deadline
    passed) or review (its date reached, the ban not yet ended), with the `day` each began
    waiting."""
    today = timezone.localdate()
    day = models.Case(
        When(
            state=SiteBan.State.INTENDED,
            then=Least(
                Coalesce(TruncDate("representations_received_at"), F("representation_deadline")),
                F("representation_deadline"),
            ),
        ),
        default=F("review_on"),
    )
    return (
        SiteBan.objects.filter(school=school)
        .filter(
            Q(state=SiteBan.State.INTENDED)
            & (Q(representation_deadline__lt=today) | Q(representations_received_at__isnull=False))
            | Q(state=SiteBan.State.CONFIRMED, review_on__lte=today, ends_on__gte=today)
            | Q(state=SiteBan.State.UNDER_REVIEW, ends_on__gte=today)
        )
        .annotate(day=day)
        .select_related("case", "parent")
        # Only what a queue row shows: a page never loads a ban's long texts.
        .only(
            "state",
            "representation_deadline",
            "representations_received_at",
            "review_on",
            "case__reference",
            "case__status",  # django-fsm reads the state when a case is loaded
            "parent__full_name",
        )
    )


def _bans(*, school, cursor, size, asked_by, **signal) -> list[Waiting]:
    if asked_by is not None:  # nobody sends a ban to the headteacher: its dates do
        return []
    rows = beyond(bans_waiting(school=school), kind="ban", cursor=cursor)
    rows = rows.order_by("day", "pk")[:size]
    return [Waiting(r.day, "ban", r, "incidents/staff/includes/queue_ban.html") for r in rows]


def waiting_page(*, school: School, after: str = "", size: int = 20, asked_by=None) -> Page:
    """One page of what waits for the headteacher at `school`, oldest first; with `asked_by`,
    only what that person sent them (their proposals, the letters they sent for approval)."""
    cursor = Cursor.decode(after) if after else None
    ask = {"school": school, "cursor": cursor, "size": size + 1, "asked_by": asked_by}
    items = _escalations(**ask) + _bans(**ask)
    for _, found in waiting_for_head.send(sender=School, **ask):
        items += found
    items.sort(key=lambda item: item.key)
    page = Page(items[:size])
    if len(items) > size:
        last = page.items[-1]
        page.next_cursor = Cursor(last.day, last.kind, last.row.pk).encode()
    return page
