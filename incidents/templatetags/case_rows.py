"""The case list's rows, written here instead of by a template loop: at 25 rows the loop's
variable lookups and filters were a quarter of the page's rendering time, and the list is the
page staff open most (bench/staff_pages.py). Every value is escaped."""

from html import escape

from django import template
from django.utils import dateformat, timezone
from django.utils.safestring import mark_safe

from incidents.models import Case

register = template.Library()

# What a row shows, read with .values(): no model instances to build for a page of rows.
ROW_FIELDS = (
    "id",
    "reference",
    "safeguarding",
    "opened_at",
    "status",
    "group__name",
    "owner_id",
    "owner__first_name",
    "owner__last_name",
    "owner__username",
)
STATES = dict(Case.Status.choices)
SAFEGUARDING = ' <span class="badge text-bg-danger">Safeguarding</span>'


def _owner(row) -> str:
    if row["owner_id"] is None:
        return "Unassigned"
    full = f"{row['owner__first_name']} {row['owner__last_name']}".strip()
    return full or row["owner__username"]


@register.simple_tag
def case_rows(rows, case_url: str):
    """`rows` are dicts of ROW_FIELDS; `case_url` is the case pages' common prefix. The values
    are plain strings from the database, so the standard library's escape (what Django's own
    escape calls) is enough."""
    days = {}
    html = []
    for row in rows:
        opened = timezone.localtime(row["opened_at"])
        day = opened.date()
        if day not in days:
            days[day] = dateformat.format(opened, "j M Y")
        reference = escape(row["reference"])
        html.append(
            f'<tr><td><a href="{escape(case_url)}{reference}/">{reference}</a>'
            f"{SAFEGUARDING if row['safeguarding'] else ''}</td>"
            f"<td>{days[day]}</td>"
            f"<td>{escape(str(STATES.get(row['status'], row['status'])))}</td>"
            f"<td>{escape(row['group__name'] or '—')}</td>"
            f"<td>{escape(_owner(row))}</td></tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 (every value above is escaped)
