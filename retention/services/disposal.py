"""Disposal the headteacher approved: personal data destroyed for good, a record of destruction
kept. Follows the shape of incidents.services.workflow.case_apply_transition: lock, check the
right and the school, re-check that each item is still due and not held, act, record."""

import datetime
import logging
import uuid

from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from audit.services import access_events_dispose
from exports.models import CaseBundle, Disclosure, ExportJob, ExportRecord
from incidents.casestamp import page_cache_forget
from incidents.models import (
    Case,
    CaseEvent,
    CaseStamp,
    EscalationRequest,
    Evidence,
    Meeting,
    ModerationRequest,
    Notification,
    Parent,
    Report,
    SafeguardingAlert,
    SiteBan,
)
from incidents.services.month_counts import month_counts_kept
from incidents.services.status_counts import status_counts_add
from letters.models import Letter, LetterEmail, LetterRender
from policies.models import School
from policies.permissions import Action, can
from retention.models import DisposalRecord, DueItem, RetentionRule, Series
from retention.services.due import due_items_for, log_time_field, sars_answered_before
from retention.services.errors import RetentionRefused
from retention.services.holds import DENIED, retention_note
from retention.services.schedule import schedule_for
from sar.models import SarEvent, SarMatch

logger = logging.getLogger(__name__)


@transaction.atomic
def disposal_approve(
    *, school: School, item_ids: list[int], by, now: datetime.datetime | None = None
) -> list[DisposalRecord]:
    """Dispose of the chosen items of the school's list, all or nothing: refused (nothing
    changed) if any is no longer due, or its case is under a legal hold."""
    if not can(by, school, Action.RETENTION):
        raise PermissionDenied(DENIED)
    now = now or timezone.now()
    items = list(DueItem.objects.filter(school=school, pk__in=item_ids).order_by("pk"))
    if not items or len(items) != len(set(item_ids)):
        raise RetentionRefused("The list has changed since it was shown: review it again.")
    case_ids = sorted({item.case_id for item in items if item.case_id})
    # Locked before the re-check, as legal_hold_set locks them: a hold set meanwhile is seen.
    cases = Case.objects.select_for_update().in_bulk(case_ids)
    current = {(item.series, item.case_id): item for item in due_items_for(school=school, now=now)}
    for item in items:
        fresh = current.get((item.series, item.case_id))
        label = cases[item.case_id].reference if item.case_id else item.get_series_display()
        if fresh is None:
            raise RetentionRefused(f"{label} is no longer due for disposal: review the list again.")
        if fresh.held:
            raise RetentionRefused(f"{label} is under a legal hold and cannot be disposed of.")
        item.cutoff = fresh.cutoff
    rules = schedule_for(school=school)
    batch, files, records = uuid.uuid4(), [], []
    for item in items:
        record = DisposalRecord(
            school=school,
            series=item.series,
            rule=rules[item.series].summary,
            due_on=item.due_on,
            approved_by=by,
            approved_by_name=by.get_full_name() or by.get_username(),
            approved_at=now,
            batch=batch,
        )
        if item.case_id:
            _dispose_of_case(cases[item.case_id], item.series, record, files, by)
        else:
            _dispose_of_log(school, rules[item.series], item.cutoff, record, files)
        record.save()
        records.append(record)
    DueItem.objects.filter(pk__in=[item.pk for item in items]).delete()
    # Files last: anything failing before here leaves rows and files as they were. A storage
    # failure here rolls the rows back; approving again deletes the files that remain.
    for name in files:
        storages["private"].delete(name)
    for case_id in case_ids:
        page_cache_forget(case_id=case_id)
    logger.info("Disposal batch %s: %d item(s) at school %s.", batch, len(records), school.pk)
    return records


def _dispose_of_case(case: Case, series: str, record: DisposalRecord, files: list, by) -> None:
    record.reference = case.reference
    record.opened_on = timezone.localdate(case.opened_at)
    record.closed_on = timezone.localdate(case.closed_at)
    record.outcome = case.get_outcome_display()
    if series == Series.EVIDENCE_FILES:
        record.categories = [("Evidence files", _evidence_gone(case, files))]
        retention_note(case, by, "Evidence files disposed of under the retention schedule.")
    elif series == Series.LETTERS:
        record.categories = [("Letters and their PDFs", _letters_gone(case, files))]
        retention_note(case, by, "Letters disposed of under the retention schedule.")
    else:
        # The report counts the cases held: what this one counted goes with it.
        with month_counts_kept(case_ids=[case.pk]):
            record.categories = _case_gone(case, files)


def _evidence_gone(case: Case, files: list) -> int:
    evidence = Evidence.objects.filter(case=case)
    for file, thumbnail in evidence.values_list("file", "thumbnail"):
        files += [name for name in (file, thumbnail) if name]
    return evidence.delete()[1].get(Evidence._meta.label, 0)


def _letters_gone(case: Case, files: list) -> int:
    letters = Letter.objects.filter(case=case)
    files += [
        name
        for name in LetterRender.objects.filter(letter__case=case).values_list("pdf", flat=True)
        if name
    ]
    LetterEmail.objects.filter(letter__case=case).delete()
    LetterRender.objects.filter(letter__case=case).delete()
    return letters.delete()[1].get(Letter._meta.label, 0)


def _case_gone(case: Case, files: list) -> list[tuple[str, int]]:
    """Delete every row of the case and collect its files. What was there, by category."""
    parent_ids = list(case.parents.values_list("pk", flat=True))
    categories = [
        ("Case record (state, owner, categories)", 1),
        ("Reports (text and reporters' contact details)", case.reports.count()),
        ("Chronology entries", case.events.count()),
        ("Parents' names and contact details", len(parent_ids)),
        ("Meetings", case.meetings.count()),
        ("Site bans", case.site_bans.count()),
        ("Safeguarding alerts and the DSL's decisions", case.safeguarding_alerts.count()),
    ]
    categories.insert(2, ("Evidence files", _evidence_gone(case, files)))
    categories.insert(3, ("Letters and their PDFs", _letters_gone(case, files)))
    # A disclosure's redactions and log name the people it redacted.
    disclosures = Disclosure.objects.filter(case=case)
    categories.append(("Disclosures with their redactions and log", disclosures.count()))
    disclosures.delete()
    bundles = CaseBundle.objects.filter(case=case)
    files += [name for name in bundles.values_list("pdf", flat=True) if name]
    categories.append(("Case bundles", bundles.count()))
    # The export history keeps its rows under its own schedule row; a bundle's row says only
    # which reference it was for, so it outlives the bundle.
    ExportRecord.objects.filter(bundle__case=case).update(bundle=None)
    bundles.delete()
    _exports_that_may_hold(case, files)
    Notification.objects.filter(case=case).delete()
    SiteBan.objects.filter(case=case).delete()
    ModerationRequest.objects.filter(case=case).delete()
    Meeting.objects.filter(case=case).delete()
    EscalationRequest.objects.filter(case=case).delete()
    Report.objects.filter(case=case).delete()
    SafeguardingAlert.objects.filter(case=case).delete()
    CaseEvent.objects.filter(case=case).dispose()
    Case.objects.filter(merged_into=case).update(merged_into=None)
    case.parents.clear()
    Parent.objects.filter(
        pk__in=parent_ids, cases__isnull=True, letters__isnull=True, site_bans__isnull=True
    ).delete()
    status_counts_add(school_id=case.school_id, changes={case.status: -1})
    case_id = case.pk
    case.delete()
    # The triggers stamped the case while its rows went; the stamp goes last.
    CaseStamp.objects.filter(case_id=case_id).delete()
    return [(label, count) for label, count in categories if count]


def _exports_that_may_hold(case: Case, files: list) -> None:
    """Export files still downloadable that were made after the case existed list its parents:
    they expire now rather than at EXPORT_RETENTION_HOURS."""
    jobs = ExportJob.objects.filter(school_id=case.school_id, upto_case_id__gte=case.pk).exclude(
        file=""
    )
    files += list(jobs.values_list("file", flat=True))
    jobs.update(status=ExportJob.Status.EXPIRED, file="")


def _dispose_of_log(
    school: School, rule: RetentionRule, cutoff, record: DisposalRecord, files: list
) -> None:
    record.reference = f"before {timezone.localtime(cutoff):%Y-%m-%d %H:%M}"
    if rule.series == Series.ACCESS_AUDIT:
        gone = access_events_dispose(school_id=school.pk, before=cutoff)
        record.categories = [("Access audit rows", gone)]
        return
    if rule.series == Series.SUBJECT_ACCESS:
        record.categories = _sars_gone(school, cutoff, files)
        return
    old = ExportRecord.objects.filter(
        school=school, **{log_time_field(rule.series) + "__lt": cutoff}
    )
    job_ids = [pk for pk in old.values_list("job_id", flat=True) if pk]
    bundle_ids = [pk for pk in old.values_list("bundle_id", flat=True) if pk]
    gone = old.delete()[0]
    for model, field, ids in ((ExportJob, "file", job_ids), (CaseBundle, "pdf", bundle_ids)):
        rows = model.objects.filter(pk__in=ids)
        files += [name for name in rows.values_list(field, flat=True) if name]
        rows.delete()
    record.categories = [("Export history rows", gone)]


def _sars_gone(school: School, cutoff, files: list) -> list[tuple[str, int]]:
    """Answered requests with their history, matches and disclosures: the disclosures are the
    request's working copies (their redactions and log name the people redacted, their PDF
    is what was sent). The cases they matched stay, under their own rows."""
    sars = sars_answered_before(school=school, cutoff=cutoff)
    matches = SarMatch.objects.filter(request__in=sars)
    disclosures = Disclosure.objects.filter(
        pk__in=[pk for pk in matches.values_list("disclosure_id", flat=True) if pk]
    )
    bundles = CaseBundle.objects.filter(
        pk__in=[pk for pk in disclosures.values_list("bundle_id", flat=True) if pk]
    )
    categories = [
        ("Subject access requests (requester's details, identity check)", sars.count()),
        ("Their history entries", SarEvent.objects.filter(request__in=sars).count()),
        ("Cases matched and staff's decisions", matches.count()),
        ("Disclosures with their redactions and log", disclosures.count()),
        ("Disclosure PDFs", bundles.count()),
    ]
    files += [name for name in bundles.values_list("pdf", flat=True) if name]
    disclosures.delete()
    # As for a disposed case: the export history's row outlives the bundle it names.
    ExportRecord.objects.filter(bundle__in=bundles).update(bundle=None)
    bundles.delete()
    sars.delete()
    return [(label, count) for label, count in categories if count]
