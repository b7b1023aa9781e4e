"""Concerns from the public: submit one (opening a case), and add information later."""

import datetime
from collections.abc import Sequence

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from incidents.models import Case, CaseEvent, KeptScreenshot, Report
from incidents.services.errors import NotNow
from incidents.services.evidence import evidence_files_delete, evidence_store_all
from incidents.services.images import ProcessedImage
from incidents.services.kept_screenshots import kept_screenshots_delete, kept_screenshots_load
from incidents.services.month_counts import month_counts_opened
from incidents.services.notifications import notifications_for_new_report
from incidents.services.references import reference_next
from incidents.services.safeguarding import safeguarding_alert_open
from incidents.services.status_counts import status_counts_add
from incidents.tokens import follow_up_token_new, token_hash
from jobs.services import job_queue
from policies.models import School
from policies.schooldays import add_school_days

REPORTER = "Reporter"
CLOSED_CONCERN = (
    "This concern is closed, so nothing more can be added to it: what you sent was not kept."
)
FOLLOW_UP_WINDOW = datetime.timedelta(hours=24)


class FollowUpLimitReached(Exception):
    """The reporter has already added information as many times as one day allows."""


class DuplicateSubmission(Exception):
    """The same form was submitted twice (double click, resubmit); the first report stands."""

    def __init__(self, report: Report):
        super().__init__(report.reference)
        self.report = report


def report_submit(
    *,
    school: School,
    details: dict,
    categories: list,
    images: list[tuple[str, ProcessedImage]],
    submission_key: str,
    kept: Sequence[KeptScreenshot] = (),
) -> tuple[Report, str]:
    """Record a concern and open its case. Returns the report and the follow-up token (shown once).

    `details` holds the Report's own fields as cleaned by the form. `kept` are the screenshots
    kept from the form's earlier attempts, attached before `images` and then deleted. E-mails are
    queued only after the transaction commits, so nothing is sent about a report that was not
    saved.
    """
    existing = Report.objects.filter(submission_key=submission_key).first()
    if existing:
        raise DuplicateSubmission(existing)
    images = kept_screenshots_load(kept) + images
    token = follow_up_token_new()
    stored = []
    try:
        with transaction.atomic():
            reference = reference_next(school=school)
            case = Case.objects.create(
                school=school,
                reference=reference,
                group=details.get("group"),
                safeguarding=details.get("safeguarding", False),
                triage_due=add_school_days(
                    timezone.localdate(), settings.TRIAGE_SCHOOL_DAYS, school=school
                ),
            )
            status_counts_add(school_id=school.pk, changes={case.status: 1})
            case.breach_categories.through.objects.bulk_create(
                [case.breach_categories.through(case=case, breachcategory=c) for c in categories]
            )
            month_counts_opened(case=case, category_ids=[c.pk for c in categories])
            report = Report.objects.create(
                school=school,
                case=case,
                reference=reference,
                token_hash=token_hash(token),
                submission_key=submission_key,
                **details,
            )
            report.categories.through.objects.bulk_create(
                [report.categories.through(report=report, breachcategory=c) for c in categories]
            )
            stored = evidence_store_all(case=case, report=report, images=images)
            kept_screenshots_delete(kept)
            CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.REPORTED,
                actor_label=REPORTER,
                text=f"Concern received with {len(stored)} screenshot(s).",
                data={"report": report.pk, "safeguarding": report.safeguarding},
            )
            if case.safeguarding:
                safeguarding_alert_open(case=case)
            for notification in notifications_for_new_report(report=report):
                job_queue(notification)
    except IntegrityError:
        evidence_files_delete(stored)
        existing = Report.objects.filter(submission_key=submission_key).first()
        if existing:
            raise DuplicateSubmission(existing) from None
        raise
    except Exception:
        evidence_files_delete(stored)
        raise
    return report, token


def report_sent(*, submission_key: str) -> bool:
    """Whether this form was already sent (a resubmission: its kept pictures went with it)."""
    return Report.objects.filter(submission_key=submission_key).exists()


def report_for_token(token: str) -> Report | None:
    if not token or len(token) > 100:
        return None
    return (
        Report.objects.select_related("case", "school").filter(token_hash=token_hash(token)).first()
    )


def report_follow_ups_today(*, report: Report) -> int:
    """How many times the reporter has added information in the last 24 hours (from the
    chronology, so every worker and every restart agrees)."""
    since = timezone.now() - FOLLOW_UP_WINDOW
    return CaseEvent.objects.filter(
        case_id=report.case_id,
        created_at__gte=since,
        kind=CaseEvent.Kind.REPORTER_UPDATE,
        data__report=report.pk,
    ).count()


def report_follow_up_allowed(*, report: Report) -> bool:
    return report_follow_ups_today(report=report) < settings.FOLLOW_UP_DAILY_LIMIT


def report_add_information(
    *,
    report: Report,
    text: str,
    images: list[tuple[str, ProcessedImage]],
    kept: Sequence[KeptScreenshot] = (),
) -> CaseEvent:
    """The reporter adds to their concern through the follow-up link, while its case is open
    (the page hides the form on a closed case; this refuses a post made anyway), a limited number
    of times a day (FollowUpLimitReached), since each addition may carry a submission's worth of
    files. `kept` are the pictures kept from the form's earlier attempts, attached before `images`
    and then deleted."""
    images = kept_screenshots_load(kept) + images
    stored = []
    try:
        with transaction.atomic():
            # The lock also makes two additions at once count one after the other.
            case = Case.objects.select_for_update().get(pk=report.case_id)
            if not case.is_open:
                raise NotNow(CLOSED_CONCERN)
            if not report_follow_up_allowed(report=report):
                raise FollowUpLimitReached
            stored = evidence_store_all(case=case, report=report, images=images)
            kept_screenshots_delete(kept)
            return CaseEvent.objects.create(
                case=case,
                kind=CaseEvent.Kind.REPORTER_UPDATE,
                actor_label=REPORTER,
                text=text,
                data={"report": report.pk, "evidence": [str(e.public_id) for e in stored]},
            )
    except Exception:
        evidence_files_delete(stored)
        raise


def public_status(case: Case) -> tuple[str, str]:
    """What the reporter is told: a short label and a sentence. Nothing internal."""
    if case.status == Case.Status.REPORTED:
        return "Received", "The school has received your concern and will look at it soon."
    if case.status == Case.Status.CLOSED:
        return "Closed", "The school has finished looking into this concern."
    return "Being looked into", "The school is looking into your concern."
