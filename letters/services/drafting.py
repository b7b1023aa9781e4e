"""Drafting, editing and approving letters. Every step is on the case's chronology."""

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from incidents.models import Case, CaseEvent, EscalationRequest, Notification, Parent, SiteBan
from incidents.services.chronology import event_add, require
from incidents.services.errors import NotNow
from incidents.services.notifications import deciders_tell
from incidents.services.site_ban_link import (
    site_ban_link_issue,
    site_ban_link_letter_record,
    site_ban_link_url,
)
from jobs.services import job_queue
from letters.context import (
    NOBODY_NAMED,
    letter_context,
    letter_recipient,
    letter_signatory,
    missing_statements,
)
from letters.models import Kind, Letter, LetterRender, LetterTemplate
from letters.templating import render_body, unknown_placeholders
from policies.permissions import Action, role_allows


@transaction.atomic
def letter_draft(
    *,
    case: Case,
    kind: str,
    by: User,
    parent: Parent | None = None,
    site_ban: SiteBan | None = None,
    recipient_name: str = "",
    escalation: EscalationRequest | None = None,
) -> Letter:
    """A draft from the school's template (seeded when the school was created), by someone who
    may work on cases, or drafted for them by the escalation or ban step they took. A draft
    by someone who approves letters (the headteacher) waits for their approval at once."""
    membership = require(by, case, Action.WORK_CASES)
    if parent is not None and parent.school_id != case.school_id:
        raise NotNow("That parent belongs to another school.")
    template = LetterTemplate.objects.filter(school_id=case.school_id, kind=kind).first()
    if template is None:
        raise NotNow(
            f"This school has no template for “{Kind(kind).label}”: an administrator can add "
            "it under Letter templates in the admin."
        )
    letter = Letter.objects.create(
        case=case,
        kind=kind,
        parent=parent,
        site_ban=site_ban,
        escalation=escalation,
        recipient_name=recipient_name or (parent.full_name if parent else ""),
        recipient_email=parent.email if parent else "",
        recipient_address=parent.postal_address if parent else "",
        title=template.title,
        body=template.body,
        created_by=by,
    )
    if role_allows(membership.role, Action.DECIDE):
        letter.approval_requested_by, letter.approval_requested_at = by, letter.created_at
        letter.save(update_fields=["approval_requested_by", "approval_requested_at"])
    event_add(
        case,
        CaseEvent.Kind.LETTER,
        by=by,
        text=f"Draft: {letter.title}"
        + (f" to {letter.recipient_name}" if letter.recipient_name else ""),
        letter=letter.pk,
        step="drafted",
    )
    return letter


def letter_html(letter: Letter, context: dict | None = None, *, draft: bool = False) -> str:
    """The complete letter as HTML (letterhead, address, body, signature). A `draft` preview
    marks the placeholders that have no value yet."""
    from letters.services.logo import school_logo_data_uri

    context = context or letter_context(letter)
    return render_to_string(
        "letters/letter.html",
        {
            "letter": letter,
            "school": letter.case.school,
            "context": context,
            "recipient": letter_recipient(letter),
            "signatory": letter_signatory(letter),
            "body": render_body(letter.body, context, show_empty=draft),
            "logo": school_logo_data_uri(letter.case.school),
            "nobody_named": NOBODY_NAMED,
        },
    )


@transaction.atomic
def letter_update(
    *, letter: Letter, title: str, body: str, by: User, recipient_address: str | None = None
) -> Letter:
    """The wording and title of a draft; the postal address too when the letter is to someone
    other than a parent (a parent's address is on their details, for every letter to them)."""
    require(by, letter.case, Action.WORK_CASES, open_case=False)
    if letter.status != Letter.Status.DRAFT:
        raise NotNow("Only a draft can be edited.")
    unknown = unknown_placeholders(body)
    if unknown:
        raise NotNow(f"Unknown placeholders: {', '.join(sorted(unknown))}.")
    if recipient_address is not None:
        if letter.parent_id:
            raise NotNow("A parent's postal address is changed on their details, not per letter.")
        letter.recipient_address = recipient_address
    letter.title, letter.body = title, body
    letter.save(update_fields=["title", "body", "recipient_address"])
    event_add(
        letter.case,
        CaseEvent.Kind.LETTER,
        by=by,
        text=f"Draft edited: {letter.title}",
        letter=letter.pk,
        step="edited",
    )
    return letter


NO_ADDRESS = (
    "This letter has neither a postal address nor an e-mail address to go to, so it could "
    "only be posted: add the recipient's postal address first (a parent's on their details, "
    "from the case page)."
)


@transaction.atomic
def letter_request_approval(*, letter: Letter, by: User) -> Letter:
    """SLT send a draft to the headteacher: it joins their queue and they are e-mailed a link."""
    letter = (
        Letter.objects.select_for_update(of=("self",))
        .select_related("case__school")
        .get(pk=letter.pk)
    )
    require(by, letter.case, Action.WORK_CASES, open_case=False)
    if letter.status != Letter.Status.DRAFT:
        raise NotNow(f"This letter is already {letter.get_status_display().lower()}.")
    if letter.awaiting_approval:
        raise NotNow("This letter is already waiting for the headteacher's approval.")
    letter.approval_requested_by, letter.approval_requested_at = by, timezone.now()
    letter.save(update_fields=["approval_requested_by", "approval_requested_at"])
    event_add(
        letter.case,
        CaseEvent.Kind.LETTER,
        by=by,
        text=f"Sent to the headteacher for approval: {letter.title}",
        letter=letter.pk,
        step="approval_requested",
    )
    page = reverse("letters:detail", args=[letter.pk])
    deciders_tell(
        case=letter.case,
        kind=Notification.Kind.LETTER_APPROVAL,
        subject_key=f"letter:{letter.pk}",
        template="letters/email/approval_requested.txt",
        context={
            "letter": letter,
            "by": by.get_full_name() or by.username,
            "url": f"{settings.SITE_URL.rstrip('/')}{page}",
        },
    )
    return letter


@transaction.atomic
def letter_approve(*, letter: Letter, by: User) -> Letter:
    """The headteacher approves: the wording is fixed and exactly one PDF render is queued."""

    letter = (
        Letter.objects.select_for_update(of=("self",))
        .select_related("case__school", "parent")
        .get(pk=letter.pk)
    )
    require(by, letter.case, Action.DECIDE, open_case=False)
    if letter.status != Letter.Status.DRAFT:
        raise NotNow(f"This letter is already {letter.get_status_display().lower()}.")
    context = letter_context(letter)
    missing = missing_statements(letter, context)
    if missing:
        raise NotNow("The letter cannot be approved until it states: " + "; ".join(missing) + ".")
    recipient = letter_recipient(letter)
    if not recipient["email"] and not recipient["address"].strip():
        raise NotNow(NO_ADDRESS)
    # The letter keeps the details it went out with, whatever later corrections say.
    letter.recipient_email, letter.recipient_address = recipient["email"], recipient["address"]
    letter.letter_date = timezone.localdate()
    letter.approved_by = by
    letter.approved_at = timezone.now()
    if letter.site_ban_id:
        context = _with_parent_link(letter, context)
    letter.html = letter_html(letter, context)
    letter.status = Letter.Status.APPROVED
    letter.save(
        update_fields=[
            "recipient_email",
            "recipient_address",
            "letter_date",
            "html",
            "status",
            "approved_by",
            "approved_at",
        ]
    )
    render = LetterRender.objects.create(letter=letter)
    event_add(
        letter.case,
        CaseEvent.Kind.LETTER,
        by=by,
        text=f"Approved: {letter.title}",
        letter=letter.pk,
        step="approved",
    )
    job_queue(render)
    return letter


def _with_parent_link(letter: Letter, context: dict) -> dict:
    """An intended-ban notice carries a fresh private link, in this letter only; a later letter
    about the ban is recorded, as it is sent, for the page at that link."""
    ban = letter.site_ban
    if letter.kind == Kind.SITE_BAN_INTENDED:
        notice = {
            "date": context["date"],
            "reasons": context.get("ban_reasons", ""),
            "conditions": ban.conditions,
            "rules": list(context.get("breached_rules", [])),
            "starts": context.get("ban_start", ""),
            "ends": context.get("ban_end", ""),
            "deadline": context.get("representation_deadline", ""),
            "in_force": context.get("ban_in_force", ""),
        }
        token = site_ban_link_issue(ban=ban, notice=notice)
        return {**context, "representation_url": site_ban_link_url(token)}
    site_ban_link_letter_record(
        ban=ban,
        letter={
            "title": letter.title,
            "date": context["date"],
            "outcome": _outcome(letter, context),
            "reasons": context.get("decision_note", ""),
        },
    )
    return context


def _outcome(letter: Letter, context: dict) -> str:
    """What a later letter decided, as one sentence for the parent's page, from the values the
    letter states."""
    decision = context.get("ban_decision", "")
    if letter.kind == Kind.BAN_REVIEW:  # already a clause: "the ban continues until ..."
        return f"{decision[:1].upper()}{decision[1:]}."
    if letter.kind in {Kind.SITE_BAN_DECISION, Kind.SITE_BAN_MODIFIED}:
        runs = f"from {context['ban_start']} to {context['ban_end']}"
        return f"The ban is {decision}: it runs {runs}."
    return f"The ban is {decision}."


@transaction.atomic
def letter_cancel(*, letter: Letter, by: User) -> Letter:
    require(by, letter.case, Action.WORK_CASES, open_case=False)
    if letter.status != Letter.Status.DRAFT:
        raise NotNow("Only a draft can be cancelled.")
    letter.status = Letter.Status.CANCELLED
    letter.save(update_fields=["status"])
    event_add(
        letter.case,
        CaseEvent.Kind.LETTER,
        by=by,
        text=f"Draft cancelled: {letter.title}",
        letter=letter.pk,
        step="cancelled",
    )
    return letter


AUTOMATIC = {
    Case.Status.WARNING_LETTER: Kind.WARNING,
    Case.Status.MEETING: Kind.MEETING_INVITATION,
}


def drafts_after_transition(*, case: Case, name: str, target: str, by: User, escalation, **signal):
    """An escalation that needs a letter gets a draft for each parent concerned, in the name of
    whoever escalated (receives incidents' case_transitioned, inside the transition)."""
    kind = AUTOMATIC.get(target)
    if kind is None or not name.startswith("escalate_to_"):
        return
    for parent in list(case.parents.all()) or [None]:
        letter_draft(case=case, kind=kind, by=by, parent=parent, escalation=escalation)


DECISION_LETTERS = {
    "confirm": Kind.SITE_BAN_DECISION,
    "modify": Kind.SITE_BAN_MODIFIED,
    "lift": Kind.SITE_BAN_LIFTED,
}


def drafts_after_ban_step(*, ban: SiteBan, step: str, by: User, **signal) -> None:
    """The letter a ban step calls for (receives incidents' site_ban_stepped)."""
    if step == "intended":
        letter_draft(
            case=ban.case, kind=Kind.SITE_BAN_INTENDED, by=by, parent=ban.parent, site_ban=ban
        )
    elif step == "corrected":
        _redraft_notice_if_sent(ban=ban, by=by)
    elif step == "withdrawn":
        _letters_after_withdrawal(ban=ban, by=by)
    elif step.startswith("review_"):
        letter_draft(case=ban.case, kind=Kind.BAN_REVIEW, by=by, parent=ban.parent, site_ban=ban)
    else:
        letter_draft(
            case=ban.case, kind=DECISION_LETTERS[step], by=by, parent=ban.parent, site_ban=ban
        )


def _sent_notice(ban: SiteBan) -> bool:
    return ban.letters.filter(
        kind=Kind.SITE_BAN_INTENDED, status__in=[Letter.Status.APPROVED, Letter.Status.SENT]
    ).exists()


def _redraft_notice_if_sent(*, ban: SiteBan, by: User) -> None:
    """A draft notice reads the ban when it is approved, so it is already right; a notice that
    went out stated the old terms, so the parent gets a corrected one."""
    if (
        _sent_notice(ban)
        and not ban.letters.filter(kind=Kind.SITE_BAN_INTENDED, status=Letter.Status.DRAFT).exists()
    ):
        letter_draft(
            case=ban.case, kind=Kind.SITE_BAN_INTENDED, by=by, parent=ban.parent, site_ban=ban
        )


def _letters_after_withdrawal(*, ban: SiteBan, by: User) -> None:
    for draft in ban.letters.filter(status=Letter.Status.DRAFT):
        letter_cancel(letter=draft, by=by)
    if _sent_notice(ban):
        letter_draft(
            case=ban.case, kind=Kind.SITE_BAN_WITHDRAWN, by=by, parent=ban.parent, site_ban=ban
        )
