"""Keyset pagination: every page costs the same, however deep, and no COUNT(*) is run.

The cursor is the sort value and id of the last (or first) row shown. The condition is written
as `value <= v` minus the ties already shown, so PostgreSQL bounds the index scan (an
`(a) OR (b)` form cannot be bounded, and OFFSET reads every row it skips).
"""

import base64
import datetime
import operator
from dataclasses import dataclass
from functools import reduce

from django.db import connection
from django.db.models import Q
from django.utils.dateparse import parse_datetime

# sort name -> (field, descending)
SORTS = {
    "-opened": ("opened_at", True),
    "opened": ("opened_at", False),
    "reference": ("reference", False),
}


@dataclass
class Page:
    items: list
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def has_other_pages(self) -> bool:
        return bool(self.next_cursor or self.previous_cursor)


def _encode(value, pk) -> str:
    text = value.isoformat() if isinstance(value, datetime.datetime) else str(value)
    return base64.urlsafe_b64encode(f"{text}|{pk}".encode()).decode()


def _decode(cursor: str, field: str):
    try:
        text, pk = base64.urlsafe_b64decode(cursor.encode()).decode().rsplit("|", 1)
        value = parse_datetime(text) if field.endswith("_at") else text
        if value is None:
            return None
        return value, int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


def _beyond(queryset, field: str, descending: bool, value, pk):
    """Rows after (value, pk) in the given direction."""
    if descending:
        return queryset.filter(**{f"{field}__lte": value}).exclude(**{field: value, "pk__gte": pk})
    return queryset.filter(**{f"{field}__gte": value}).exclude(**{field: value, "pk__lte": pk})


def _ordered(queryset, field: str, descending: bool):
    return queryset.order_by(f"-{field}", "-pk") if descending else queryset.order_by(field, "pk")


def _value(item, name: str):
    """A row's value: rows are model instances, or dicts from `.values()` (with "id")."""
    if isinstance(item, dict):
        return item["id" if name == "pk" else name]
    return getattr(item, name)


def first_of_any(rows, conditions: list[Q], size: int):
    """`rows` (ordered) matching any of `conditions`, correct for the first `size` rows.

    On PostgreSQL each condition is a separate ordered, limited query and the result is taken
    from the union of their first rows: each alone lets the planner stop early (walk an index
    in order and probe) or answer from an index when it matches few rows, where the conditions
    OR-ed together become subplans that read every match before the first row comes out.
    """
    if not connection.features.supports_slicing_ordering_in_compound:  # SQLite: small data
        return rows.filter(reduce(operator.or_, conditions))
    firsts = [rows.filter(condition).values("pk")[:size] for condition in conditions]
    return rows.filter(pk__in=firsts[0].union(*firsts[1:], all=True))


def keyset_page(
    queryset,
    *,
    sort: str,
    after: str = "",
    before: str = "",
    size: int = 25,
    sorts: dict[str, tuple[str, bool]] = SORTS,
    any_of: list[Q] | None = None,
) -> Page:
    """One page of `queryset` in the order `sorts[sort]` names (else the first of `sorts`).

    `any_of`: keep only rows matching at least one of these conditions (a search), each paged
    on its own (`first_of_any`).
    """
    field, descending = sorts.get(sort) or next(iter(sorts.values()))
    backwards = bool(before) and not after
    cursor = _decode(before if backwards else after, field) if (after or before) else None
    direction = not descending if backwards else descending
    rows = _ordered(queryset, field, direction)
    if cursor:
        rows = _beyond(rows, field, direction, *cursor)
    if any_of:
        rows = first_of_any(rows, any_of, size + 1)
    items = list(rows[: size + 1])
    more = len(items) > size
    items = items[:size]
    if backwards:
        items.reverse()
    page = Page(items)
    if not items:
        return page
    first, last = items[0], items[-1]
    if (more and not backwards) or (backwards and cursor):
        page.next_cursor = _encode(_value(last, field), _value(last, "pk"))
    if (cursor and not backwards) or (backwards and more):
        page.previous_cursor = _encode(_value(first, field), _value(first, "pk"))
    return page
