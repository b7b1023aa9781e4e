"""Letters in the headteacher's queue (receives incidents' waiting_for_head): drafts awaiting
approval, and approved letters nobody has sent yet."""

from django.db import models
from django.db.models import Q, When
from django.db.models.functions import Coalesce, TruncDate

from incidents.queue import Waiting, beyond
from letters.models import Letter

KIND = "letter"
TEMPLATE = "letters/includes/queue_item.html"


def letters_waiting(*, school, cursor, size, asked_by, **signal) -> list[Waiting]:
    rows = Letter.objects.filter(case__school=school)
    if asked_by is None:
        # An approved letter with an e-mail job is on its way (a failed one is a failed job).
        rows = rows.filter(
            Q(status=Letter.Status.DRAFT, approval_requested_at__isnull=False)
            | Q(status=Letter.Status.APPROVED, email__isnull=True)
        )
    else:
        rows = rows.filter(status=Letter.Status.DRAFT, approval_requested_by=asked_by)
    since = models.Case(
        When(status=Letter.Status.APPROVED, then="approved_at"),
        default="approval_requested_at",
    )
    rows = rows.annotate(day=TruncDate(Coalesce(since, "created_at")))
    rows = rows.select_related("case", "approval_requested_by", "render")
    rows = beyond(rows, kind=KIND, cursor=cursor).order_by("day", "pk")[:size]
    return [Waiting(row.day, KIND, row, TEMPLATE) for row in rows]
