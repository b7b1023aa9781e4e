"""What has passed its retention date: the list the periodic task makes for each school."""

import datetime

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from audit.models import AccessEvent
from exports.models import ExportRecord
from incidents.models import Case, Evidence
from letters.models import Letter
from policies.models import School
from retention.models import PART_OF_CASE, DueItem, LegalHold, RetentionRule, Series
from retention.services.schedule import schedule_for, years_after
from sar.models import SubjectAccessRequest


def case_series(outcome: str) -> str:
    """The schedule row that governs a closed case as a whole."""
    return Series.DISMISSED_CONCERNS if outcome == Case.Outcome.DISMISSED else Series.CLOSED_CASES


def case_due_on(*, closed_on: datetime.date, rule: RetentionRule, kept_until=None):
    """When a closed case (or a part of it) passes its retention date: the rule's years after
    closing, or the day after the headteacher's extension if that is later."""
    due = years_after(closed_on, rule.years)
    if kept_until is not None:
        due = max(due, kept_until + datetime.timedelta(days=1))
    return due


def _closed_cases(school: School):
    standing = LegalHold.objects.filter(case=OuterRef("pk"), cleared_at__isnull=True)
    return (
        Case.objects.filter(school=school, status=Case.Status.CLOSED, closed_at__isnull=False)
        .annotate(
            held=Exists(standing),
            kept_until=Max("retention_extensions__keep_until"),
            has_evidence=Exists(Evidence.objects.filter(case=OuterRef("pk"))),
            has_letters=Exists(Letter.objects.filter(case=OuterRef("pk"))),
        )
        .values("pk", "outcome", "closed_at", "held", "kept_until", "has_evidence", "has_letters")
        .order_by()
    )


def due_items_for(*, school: School, now: datetime.datetime | None = None) -> list[DueItem]:
    """Everything of the school's past its retention date on `now`'s day, unsaved. A case whose
    whole record is due is one item; otherwise its evidence files or letters may be due on
    their own (shorter) rows. Held cases are listed, marked held."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rules = schedule_for(school=school)
    items = []
    for case in _closed_cases(school):
        closed_on = timezone.localdate(case["closed_at"])
        whole = rules[case_series(case["outcome"])]
        due = case_due_on(closed_on=closed_on, rule=whole, kept_until=case["kept_until"])
        parts = [(whole.series, due)]
        if due > today:
            parts = [
                (
                    series,
                    case_due_on(
                        closed_on=closed_on, rule=rules[series], kept_until=case["kept_until"]
                    ),
                )
                for series in PART_OF_CASE
                if case["has_evidence" if series == Series.EVIDENCE_FILES else "has_letters"]
            ]
        items += [
            DueItem(
                school=school,
                series=series,
                case_id=case["pk"],
                due_on=on,
                held=case["held"],
                listed_at=now,
            )
            for series, on in parts
            if on <= today
        ]
    for series, rows in (
        (Series.ACCESS_AUDIT, AccessEvent.objects.filter(school_id=school.pk)),
        (Series.EXPORT_HISTORY, ExportRecord.objects.filter(school=school)),
        (Series.SUBJECT_ACCESS, None),
    ):
        cutoff = log_cutoff(rule=rules[series], now=now)
        if series == Series.SUBJECT_ACCESS:
            count = sars_answered_before(school=school, cutoff=cutoff).count()
        else:
            count = rows.filter(**{log_time_field(series) + "__lt": cutoff}).count()
        if count:
            items.append(
                DueItem(
                    school=school,
                    series=series,
                    due_on=today,
                    cutoff=cutoff,
                    rows=count,
                    listed_at=now,
                )
            )
    return items


def sars_answered_before(*, school: School, cutoff: datetime.datetime):
    """Subject access requests whose response was sent before the cutoff's day; a request not
    yet answered is never due."""
    return SubjectAccessRequest.objects.filter(
        school=school,
        state=SubjectAccessRequest.State.SENT,
        sent_on__lt=timezone.localdate(cutoff),
    )


def log_time_field(series: str) -> str:
    return "at" if series == Series.ACCESS_AUDIT else "created_at"


def log_cutoff(*, rule: RetentionRule, now: datetime.datetime) -> datetime.datetime:
    """Rows of a log recorded before this moment have passed the rule's years."""
    local = timezone.localtime(now)
    try:
        return local.replace(year=local.year - rule.years)
    except ValueError:  # 29 February
        return local.replace(year=local.year - rule.years, day=28)


@transaction.atomic
def due_list_refresh(*, school: School, now: datetime.datetime | None = None) -> list[DueItem]:
    """Replace the school's list with what is due now (the periodic task, per school)."""
    DueItem.objects.filter(school=school).delete()
    return DueItem.objects.bulk_create(due_items_for(school=school, now=now))


def due_lists_refresh(*, now: datetime.datetime | None = None) -> int:
    """Every school's list; how many items are due in all."""
    return sum(len(due_list_refresh(school=school, now=now)) for school in School.objects.all())
