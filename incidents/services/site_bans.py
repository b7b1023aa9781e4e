"""Site bans, following the DfE guidance on controlling access to school premises: written
notice, a period for representations, a decision after considering them, a review date."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from incidents.models import Case, CaseEvent, Parent, SiteBan
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
from incidents.services.evidence import evidence_files_delete, evidence_store_all
from incidents.signals import site_ban_stepped
from policies.permissions import Action
from policies.schooldays import representation_deadline

DECIDED = {"confirm": "confirmed", "modify": "modified and confirmed", "lift": "lifted"}


def _d(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"


def site_ban_check_dates(
    *,
    starts_on: datetime.date,
    ends_on: datetime.date,
    review_on: datetime.date | None,
    deadline: datetime.date,
    is_temporary: bool,
) -> None:
    """The dates of a ban that the headteacher could defend: the parent can make
    representations before a ban that is not temporary starts, and the review falls while the
    ban is in force. Raises NotNow naming the field to correct."""
    if ends_on < starts_on:
        raise NotNow("The ban cannot end before it starts.", field="ends_on")
    if review_on is not None and not starts_on < review_on < ends_on:
        raise NotNow(
            f"The review date must fall while the ban is in force: after it starts "
            f"({_d(starts_on)}) and before it ends ({_d(ends_on)}).",
            field="review_on",
        )
    if not is_temporary and starts_on <= deadline:
        raise NotNow(
            f"A ban that is not temporary can start on {_d(deadline + datetime.timedelta(days=1))}"
            f" at the earliest, the day after the deadline for representations ({_d(deadline)})."
            " If it must take effect at once, record it as a temporary ban.",
            field="starts_on",
        )


@transaction.atomic
def site_ban_intend(
    *,
    case: Case,
    by: User,
    parent: Parent,
    reasons: str,
    rules_breached: list,
    starts_on: datetime.date,
    ends_on: datetime.date,
    review_on: datetime.date | None = None,
    is_temporary: bool = False,
    representation_deadline_on: datetime.date | None = None,
    conditions: str = "",
    description: str = "",
) -> SiteBan:
    """The headteacher records an intended (or temporary) ban; the deadline defaults to the
    school's number of school days for representations from today."""
    require(by, case, Action.DECIDE)
    if case.status != Case.Status.SITE_BAN:
        raise NotNow("Escalate the case to a site ban before recording one.")
    if not case.parents.filter(pk=parent.pk).exists():
        raise NotNow("Link the parent to the case first.")
    if not rules_breached:
        raise NotNow(
            "Choose the rules of the code of conduct that were breached.", field="rules_breached"
        )
    today = timezone.localdate()
    deadline = representation_deadline_on or representation_deadline(today, school=case.school)
    if deadline < today:
        raise NotNow(
            "The deadline for representations cannot be in the past.",
            field="representation_deadline",
        )
    site_ban_check_dates(
        starts_on=starts_on,
        ends_on=ends_on,
        review_on=review_on,
        deadline=deadline,
        is_temporary=is_temporary,
    )
    ban = SiteBan.objects.create(
        case=case,
        school_id=case.school_id,
        parent=parent,
        reasons=reasons,
        conditions=conditions,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        is_temporary=is_temporary,
        representation_deadline=deadline,
        review_on=review_on,
        created_by=by,
    )
    ban.rules_breached.set(rules_breached)
    event_add(
        case,
        CaseEvent.Kind.SITE_BAN,
        by=by,
        text=f"{'Temporary ban (in force from its start)' if is_temporary else 'Intended ban'} "
        f"of {parent.full_name} from "
        f"{starts_on:%-d %b %Y} to {ends_on:%-d %b %Y}; representations by "
        f"{deadline:%-d %b %Y}.",
        ban=ban.pk,
        step="intended",
    )
    site_ban_stepped.send(sender=SiteBan, ban=ban, step="intended", by=by)
    return ban


def site_ban_record_representations(
    *,
    ban: SiteBan,
    by: User,
    representations: str,
    received_at=None,
    method: str = "",
    attachments: list | None = None,
) -> SiteBan:
    """Each representation is on the chronology with how and when it arrived and its
    attachments (kept as the case's evidence); the ban keeps the latest, and that some arrived
    (the decision may then be made before the deadline). The files are deleted again if the
    rows are not written, as in evidence_add."""
    require(by, ban.case, Action.WORK_CASES)
    if ban.state != SiteBan.State.INTENDED:
        raise NotNow("Representations can only be recorded before the decision.")
    stored = []
    try:
        with transaction.atomic():
            stored = evidence_store_all(case=ban.case, images=attachments or [], added_by=by)
            _representations_record(ban, by, representations, received_at, method, stored)
    except Exception:
        evidence_files_delete(stored)
        raise
    return ban


def _representations_record(
    ban, by, representations, received_at, method, stored, actor_label=""
) -> None:
    ban.representations = representations
    ban.representations_received_at = received_at or timezone.now()
    ban.save(update_fields=["representations", "representations_received_at"])
    CaseEvent.objects.create(
        case=ban.case,
        kind=CaseEvent.Kind.SITE_BAN,
        actor=by,
        actor_label=actor_label,
        text=representations,
        data={
            "ban": ban.pk,
            "step": "representations",
            "method": method,
            "received_at": ban.representations_received_at.isoformat(),
            "evidence": [str(e.public_id) for e in stored],
        },
    )


@transaction.atomic
def site_ban_decide(
    *,
    ban: SiteBan,
    by: User,
    decision: str,
    reasons: str,
    note: str = "",
    review_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> SiteBan:
    """Confirm, modify (new end date) or lift, after the deadline or the representations.
    `reasons` go into the letter to the parent; the internal `note` stays in the school."""
    ban = SiteBan.objects.select_for_update(of=("self",)).select_related("case").get(pk=ban.pk)
    require(by, ban.case, Action.DECIDE)
    if ban.state != SiteBan.State.INTENDED:
        raise NotNow(f"This ban was already decided ({ban.get_state_display().lower()}).")
    waited = timezone.localdate() > ban.representation_deadline
    if not waited and not ban.representations_received_at:
        raise NotNow(
            "Wait for the parent's representations or for the deadline "
            f"({ban.representation_deadline:%-d %B %Y}) before deciding."
        )
    if decision in {"confirm", "modify"}:
        if review_on is None:
            raise NotNow("A confirmed ban needs a review date.", field="review_on")
        if decision == "modify":
            if ends_on is None:
                raise NotNow("Give the ban's new end date.", field="ends_on")
            ban.ends_on = ends_on
        site_ban_check_dates(
            starts_on=ban.starts_on,
            ends_on=ban.ends_on,
            review_on=review_on,
            deadline=ban.representation_deadline,
            is_temporary=True,  # the start was checked when the ban was recorded
        )
        ban.state = SiteBan.State.CONFIRMED
        ban.review_on = review_on
    elif decision == "lift":
        ban.state = SiteBan.State.LIFTED
    else:
        raise NotNow("Choose confirm, modify or lift.", field="decision")
    if not reasons.strip():
        raise NotNow("Give the reasons the letter will tell the parent.", field="reasons")
    ban.decision_reasons = reasons
    ban.decision_note = note
    ban.decided_by = by
    ban.decided_at = timezone.now()
    ban.save()
    event_add(
        ban.case,
        CaseEvent.Kind.SITE_BAN,
        by=by,
        text=f"Ban {DECIDED[decision]}. Reasons given to the parent: {reasons}"
        + (f"\nInternal note: {note}" if note else ""),
        ban=ban.pk,
        step=decision,
    )
    site_ban_stepped.send(sender=SiteBan, ban=ban, step=decision, by=by)
    return ban


CORRECTABLE = {
    "reasons": "Reasons",
    "conditions": "Conditions",
    "description": "How to recognise the parent",
    "starts_on": "Starts on",
    "ends_on": "Ends on",
    "review_on": "Review date",
    "representation_deadline": "Representations by",
}


# What staff write for themselves: a notice that went out does not need redrafting for it.
NOT_IN_LETTERS = {"description"}


def _shown(value) -> str:
    if isinstance(value, datetime.date):
        return _d(value)
    return value or "(none)"


def _stored(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def _intended(ban: SiteBan, by: User) -> SiteBan:
    """The ban locked for a change that only an intended ban allows, by the headteacher."""
    ban = SiteBan.objects.select_for_update(of=("self",)).select_related("case").get(pk=ban.pk)
    require(by, ban.case, Action.DECIDE)
    if ban.state != SiteBan.State.INTENDED:
        raise NotNow(
            f"Only an intended ban can be corrected or withdrawn; this one is "
            f"{ban.get_state_display().lower()}."
        )
    return ban


@transaction.atomic
def site_ban_correct(
    *,
    ban: SiteBan,
    by: User,
    reasons: str,
    conditions: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    review_on: datetime.date | None,
    representation_deadline: datetime.date,
    description: str = "",
) -> SiteBan:
    """While the ban is intended, the headteacher corrects what it says; each change is on the
    chronology with its old and new value. If the notice was already sent, a new one is
    drafted, since the parent must answer the reasons the decision will rest on."""
    ban = _intended(ban, by)
    if representation_deadline != ban.representation_deadline and (
        representation_deadline < timezone.localdate()
    ):
        raise NotNow(
            "The deadline for representations cannot be in the past.",
            field="representation_deadline",
        )
    site_ban_check_dates(
        starts_on=starts_on,
        ends_on=ends_on,
        review_on=review_on,
        deadline=representation_deadline,
        is_temporary=ban.is_temporary,
    )
    new = {
        "reasons": reasons,
        "conditions": conditions,
        "description": description,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "review_on": review_on,
        "representation_deadline": representation_deadline,
    }
    changes = {name: (getattr(ban, name), value) for name, value in new.items()}
    changes = {name: pair for name, pair in changes.items() if pair[0] != pair[1]}
    if not changes:
        raise NotNow("Nothing was changed.")
    for name, (_, after) in changes.items():
        setattr(ban, name, after)
    ban.save(update_fields=list(changes))
    event_add(
        ban.case,
        CaseEvent.Kind.SITE_BAN,
        by=by,
        text="Intended ban corrected.\n"
        + "\n".join(
            f"{CORRECTABLE[name]}: {_shown(before)} → {_shown(after)}"
            for name, (before, after) in changes.items()
        ),
        ban=ban.pk,
        step="corrected",
        changes={name: [_stored(b), _stored(a)] for name, (b, a) in changes.items()},
    )
    if set(changes) - NOT_IN_LETTERS:  # a sent notice is redrafted only if its words changed
        site_ban_stepped.send(sender=SiteBan, ban=ban, step="corrected", by=by)
    return ban


@transaction.atomic
def site_ban_withdraw(*, ban: SiteBan, by: User, reason: str) -> SiteBan:
    """An intended ban recorded by mistake, or no longer needed, is withdrawn without waiting
    for representations: its draft letters are cancelled and, if the parent was already sent
    the notice, a letter telling them it is withdrawn is drafted."""
    ban = _intended(ban, by)
    if not reason.strip():
        raise NotNow("Give the reason for withdrawing the ban.", field="reason")
    ban.state = SiteBan.State.WITHDRAWN
    ban.decision_reasons = reason
    ban.decided_by = by
    ban.decided_at = timezone.now()
    ban.save(update_fields=["state", "decision_reasons", "decided_by", "decided_at"])
    event_add(
        ban.case,
        CaseEvent.Kind.SITE_BAN,
        by=by,
        text=f"Intended ban of {ban.parent.full_name} withdrawn. {reason}",
        ban=ban.pk,
        step="withdrawn",
    )
    site_ban_stepped.send(sender=SiteBan, ban=ban, step="withdrawn", by=by)
    return ban
