"""Legal holds and extensions: the headteacher keeps a case past its schedule, with a reason."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from incidents.models import Case, CaseEvent
from policies.permissions import Action, can
from retention.models import DueItem, LegalHold, RetentionExtension
from retention.services.errors import RetentionRefused

DENIED = "Only the headteacher decides what the school keeps and disposes of."


def _check(by, case: Case) -> None:
    if not can(by, case.school_id, Action.RETENTION):
        raise PermissionDenied(DENIED)


def retention_note(case: Case, by, text: str) -> None:
    """The case's chronology entry for a hold, an extension or a partial disposal."""
    CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.RETENTION, actor=by, text=text)


@transaction.atomic
def legal_hold_set(*, case: Case, reason: str, by) -> LegalHold:
    """Hold the case: it is not disposed of, whatever its schedule, until the hold is cleared."""
    _check(by, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not reason.strip():
        raise RetentionRefused("Give the reason for the hold (a claim, an investigation).")
    if LegalHold.objects.filter(case=case, cleared_at__isnull=True).exists():
        raise RetentionRefused("This case is already under a legal hold.")
    hold = LegalHold.objects.create(case=case, reason=reason.strip(), set_by=by)
    DueItem.objects.filter(case=case).update(held=True)
    retention_note(case, by, f"Legal hold set: {hold.reason}")
    return hold


@transaction.atomic
def legal_hold_clear(*, case: Case, reason: str, by) -> LegalHold:
    _check(by, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not reason.strip():
        raise RetentionRefused("Give the reason the hold is no longer needed.")
    hold = LegalHold.objects.filter(case=case, cleared_at__isnull=True).first()
    if hold is None:
        raise RetentionRefused("This case is not under a legal hold.")
    hold.cleared_by, hold.cleared_at, hold.clear_reason = by, timezone.now(), reason.strip()
    hold.save(update_fields=["cleared_by", "cleared_at", "clear_reason"])
    DueItem.objects.filter(case=case).update(held=False)
    retention_note(case, by, f"Legal hold cleared: {hold.clear_reason}")
    return hold


@transaction.atomic
def retention_extend(
    *, case: Case, keep_until: datetime.date, reason: str, by
) -> RetentionExtension:
    """Keep a case (and its files) until `keep_until`; it leaves the disposal list until then."""
    _check(by, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if keep_until <= timezone.localdate():
        raise RetentionRefused("Keep the case until a date after today.")
    if not reason.strip():
        raise RetentionRefused("Give the reason for keeping the case longer.")
    extension = RetentionExtension.objects.create(
        case=case, keep_until=keep_until, reason=reason.strip(), by=by
    )
    DueItem.objects.filter(case=case).delete()
    retention_note(case, by, f"Kept until {keep_until:%-d %B %Y}: {extension.reason}")
    return extension
