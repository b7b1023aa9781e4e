"""What a reporter's follow-up page shows: what they sent, and their conversation with the school.

The page is reached by the reporter's token alone, so everything here is read through their
report and nothing else: the chronology entries that name that report and are written for the
reporter (their own additions and the school's messages to them), and the screenshots they sent
with it. Never another reporter's report or screenshots on the same (merged) case, never
anything staff added or wrote for themselves.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q

from incidents.case_page import thumb_size
from incidents.models import CaseEvent, Evidence, Report

# The chronology entries a reporter may read, when they name the reporter's report.
FOR_THE_REPORTER = (CaseEvent.Kind.REPORTER_UPDATE, CaseEvent.Kind.REPORTER_MESSAGE)


@dataclass
class Message:
    at: datetime.datetime
    text: str
    from_school: bool
    screenshots: list[Evidence] = field(default_factory=list)


@dataclass
class FollowUpPage:
    screenshots: list[Evidence]  # sent with the concern itself
    messages: list[Message]


def reporter_screenshots(*, report: Report):
    """The screenshots this reporter sent: with their concern, or added through their link."""
    return Evidence.objects.filter(report=report, added_by_reporter=True)


def follow_up_page(*, report: Report) -> FollowUpPage:
    """Two queries. A merged case's own chronology stays with it, so the entries are read from
    the report's case and from any case merged into it."""
    screenshots = list(reporter_screenshots(report=report))
    for item in screenshots:
        item.thumb_width, item.thumb_height = thumb_size(item)
    by_id = {str(item.public_id): item for item in screenshots}
    events = CaseEvent.objects.filter(
        Q(case_id=report.case_id) | Q(case__merged_into_id=report.case_id),
        kind__in=FOR_THE_REPORTER,
        data__report=report.pk,
    ).order_by("created_at", "id")
    messages, placed = [], set()
    for event in events:
        ids = [i for i in event.data.get("evidence", []) if i in by_id]
        placed.update(ids)
        messages.append(
            Message(
                at=event.created_at,
                text=event.text,
                from_school=event.kind == CaseEvent.Kind.REPORTER_MESSAGE,
                screenshots=[by_id[i] for i in ids],
            )
        )
    return FollowUpPage(
        screenshots=[item for key, item in by_id.items() if key not in placed], messages=messages
    )
