"""Writes for subject access requests. Each checks the acting user's right at the request's
school, writes the request's history and the access-audit row in the same transaction."""

import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from audit.services import Action as AccessAction
from audit.services import access_record
from exports.models import Disclosure
from exports.services.disclosures import disclosure_prepare
from incidents.models import Report
from incidents.services.errors import NotPermitted
from policies.models import School
from policies.permissions import Action, membership_for, role_allows
from sar.deadlines import MAX_EXTENSION_MONTHS, deadline_for
from sar.matching import cases_about, is_requester
from sar.models import SarEvent, SarMatch, SubjectAccessRequest

PREPARE_DENIED = "Only SLT and the headteacher work on subject access requests."
SEND_DENIED = "Only the headteacher extends a subject access request or marks it sent."

State = SubjectAccessRequest.State
# name -> (from, to, the right it needs, what the history says)
TRANSITIONS = {
    "mark_ready": (State.PREPARING, State.READY, Action.PREPARE_SAR, "Marked ready for review"),
    "reopen": (State.READY, State.PREPARING, Action.PREPARE_SAR, "Back to preparing"),
    "mark_sent": (State.READY, State.SENT, Action.SEND_SAR, "Marked sent to the requester"),
}


class SarRefused(Exception):
    """Allowed in general, but not for this request now, or not with these values."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


def _require(by: User, school_id: int, right: Action) -> str:
    """The acting user's role at the school, if it has `right`; else NotPermitted."""
    membership = membership_for(by, school_id)
    if membership is None or not role_allows(membership.role, right):
        raise NotPermitted(SEND_DENIED if right == Action.SEND_SAR else PREPARE_DENIED)
    return membership.role


def _record(sar: SubjectAccessRequest, by: User, role: str, text: str, address=None) -> None:
    SarEvent.objects.create(request=sar, actor=by, text=text)
    access_record(
        actor=by,
        address=address,
        action=AccessAction.SAR_STEP,
        school_id=sar.school_id,
        role=role,
        object_type="sar",
        object_id=sar.pk,
        object_label=text,
    )


def _locked(sar: SubjectAccessRequest) -> SubjectAccessRequest:
    return SubjectAccessRequest.objects.select_for_update().get(pk=sar.pk)


@transaction.atomic
def sar_log(
    *,
    school: School,
    by: User,
    requester_name: str,
    received_on: datetime.date,
    channel: str,
    identity_verified: str,
    requester_email: str = "",
    requester_phone: str = "",
    address: str | None = None,
) -> SubjectAccessRequest:
    """Log a request as received, with its deadline, and search the cases for the requester."""
    role = _require(by, school.pk, Action.PREPARE_SAR)
    if not requester_name.strip():
        raise SarRefused("Give the requester's name.", field="requester_name")
    if not identity_verified.strip():
        raise SarRefused(
            "Record how the requester's identity was verified before work starts.",
            field="identity_verified",
        )
    if received_on > timezone.localdate():
        raise SarRefused("The request cannot have been received after today.", field="received_on")
    sar = SubjectAccessRequest.objects.create(
        school=school,
        requester_name=" ".join(requester_name.split()),
        requester_email=requester_email.strip(),
        requester_phone=requester_phone.strip(),
        received_on=received_on,
        channel=channel,
        identity_verified=identity_verified.strip(),
        deadline=deadline_for(received_on),
        logged_by=by,
    )
    _record(sar, by, role, f"Logged; due {sar.deadline:%-d %B %Y}", address)
    _search(sar, by, role, address)
    return sar


def _search(sar: SubjectAccessRequest, by: User, role: str, address) -> None:
    found = cases_about(
        school=sar.school,
        name=sar.requester_name,
        email=sar.requester_email,
        phone=sar.requester_phone,
    )
    known = {m.case_id: m for m in SarMatch.objects.filter(request=sar)}
    new = [SarMatch(request=sar, case_id=c, reasons=r) for c, r in found.items() if c not in known]
    SarMatch.objects.bulk_create(new)
    for case_id, reasons in found.items():
        match = known.get(case_id)
        if match is not None and match.reasons != reasons:
            match.reasons = reasons
            match.save(update_fields=["reasons"])
    _record(sar, by, role, f"Searched the cases: {len(found)} found, {len(new)} new", address)


@transaction.atomic
def sar_search(*, sar: SubjectAccessRequest, by: User, address=None) -> SubjectAccessRequest:
    """Search again (reports arrive after a request is logged); decisions already made stay."""
    role = _require(by, sar.school_id, Action.PREPARE_SAR)
    sar = _locked(sar)
    if sar.state == State.SENT:
        raise SarRefused("This request has been answered.")
    _search(sar, by, role, address)
    return sar


@transaction.atomic
def sar_match_decide(*, match: SarMatch, decision: str, by: User, address=None) -> SarMatch:
    """Staff confirm that a found case is about the requester, or say it is someone else."""
    role = _require(by, match.request.school_id, Action.PREPARE_SAR)
    sar = _locked(match.request)
    if sar.state != State.PREPARING:
        raise SarRefused("Matches are confirmed while the request is being prepared.")
    if decision not in (SarMatch.Decision.CONFIRMED, SarMatch.Decision.REJECTED):
        raise SarRefused("Confirm the match or say it is someone else.")
    match = SarMatch.objects.select_related("case").get(pk=match.pk, request=sar)
    if match.disclosure_id or match.nothing_reason:
        # What goes to the requester was decided on this confirmation: it stays with it.
        raise SarRefused(
            f"What of {match.case.reference} is disclosed has been decided: it stays confirmed."
        )
    match.decision, match.decided_by, match.decided_at = decision, by, timezone.now()
    match.save(update_fields=["decision", "decided_by", "decided_at"])
    verdict = "confirmed" if decision == SarMatch.Decision.CONFIRMED else "rejected (not them)"
    _record(sar, by, role, f"{match.case.reference} {verdict}", address)
    return match


@transaction.atomic
def sar_extend(
    *, sar: SubjectAccessRequest, months: int, reason: str, by: User, address=None
) -> SubjectAccessRequest:
    """Extend the deadline by `months` more, never past three months from receipt in all."""
    role = _require(by, sar.school_id, Action.SEND_SAR)
    sar = _locked(sar)
    if sar.state == State.SENT:
        raise SarRefused("This request has been answered.")
    first_month = deadline_for(sar.received_on)
    if timezone.localdate() > first_month:
        # The ICO: the requester is told of an extension, and why, within the first month.
        raise SarRefused(
            f"An extension is decided within the first month (by {first_month:%-d %B %Y}),"
            " so the requester can be told of it and why in time."
        )
    if months < 1:
        raise SarRefused("Extend by one or two months.", field="months")
    if sar.extension_months + months > MAX_EXTENSION_MONTHS:
        left = MAX_EXTENSION_MONTHS - sar.extension_months
        raise SarRefused(
            f"A request may be extended by up to two further months in all ({left} left).",
            field="months",
        )
    if not reason.strip():
        raise SarRefused("Give the reason: why the request is complex or numerous.", field="reason")
    sar.extension_months += months
    sar.extension_reason = "\n".join(filter(None, [sar.extension_reason, reason.strip()]))
    sar.deadline = deadline_for(sar.received_on, sar.extension_months)
    sar.save(update_fields=["extension_months", "extension_reason", "deadline"])
    _record(
        sar,
        by,
        role,
        f"Extended by {months} month{'s' if months > 1 else ''} to {sar.deadline:%-d %B %Y}",
        address,
    )
    return sar


def _confirmed_match(match: SarMatch, by: User, role_right: Action) -> tuple:
    """The match, fresh under its locked request, if it is confirmed and the request is being
    prepared; with the acting user's role."""
    role = _require(by, match.request.school_id, role_right)
    sar = _locked(match.request)
    if sar.state != State.PREPARING:
        raise SarRefused("Disclosures are prepared while the request is being prepared.")
    match = SarMatch.objects.select_related("case", "disclosure").get(pk=match.pk, request=sar)
    if match.decision != SarMatch.Decision.CONFIRMED:
        raise SarRefused("Confirm the case is about the requester first.")
    return sar, match, role


def requester_in_case(sar: SubjectAccessRequest, case) -> tuple:
    """(the linked parent who is the requester or None, ids of the reports they made)."""
    details = {
        "name": sar.requester_name,
        "email": sar.requester_email,
        "phone": sar.requester_phone,
    }
    subject = next(
        (
            parent
            for parent in case.parents.all()
            if is_requester(**details, values={"name": parent.full_name, "e-mail": parent.email})
        ),
        None,
    )
    own_reports = [
        report.pk
        for report in Report.objects.filter(case=case)
        if is_requester(
            **details,
            values={
                "name": report.reporter_name,
                "e-mail": report.reporter_email,
                "phone": report.reporter_phone,
            },
        )
    ]
    return subject, own_reports


@transaction.atomic
def sar_disclosure_prepare(*, match: SarMatch, by: User, address=None) -> Disclosure:
    """Prepare the disclosure of a confirmed case to the requester. When they are the case's
    linked parent it is about them (the other parents are redacted); when they reported it, their
    own report's identity is theirs to receive and is not suggested for redaction."""
    sar, match, role = _confirmed_match(match, by, Action.PREPARE_SAR)
    if match.disclosure is not None:
        raise SarRefused(f"The disclosure of {match.case.reference} is already prepared.")
    subject, own_reports = requester_in_case(sar, match.case)
    disclosure = disclosure_prepare(
        case=match.case,
        by=by,
        purpose=Disclosure.Purpose.SUBJECT_ACCESS,
        subject=subject,
        own_reports=own_reports,
    )
    match.disclosure, match.nothing_reason = disclosure, ""
    match.save(update_fields=["disclosure", "nothing_reason"])
    _record(sar, by, role, f"Disclosure of {match.case.reference} prepared", address)
    return disclosure


@transaction.atomic
def sar_nothing_to_disclose(*, match: SarMatch, reason: str, by: User, address=None) -> SarMatch:
    """Record that nothing of a confirmed case goes to the requester, and why (e.g. everything
    in it is exempt); instead of a disclosure."""
    sar, match, role = _confirmed_match(match, by, Action.PREPARE_SAR)
    if match.disclosure is not None:
        raise SarRefused(f"The disclosure of {match.case.reference} is already prepared.")
    if not reason.strip():
        raise SarRefused("Say why nothing of this case is disclosed.", field="reason")
    match.nothing_reason = reason.strip()
    match.save(update_fields=["nothing_reason"])
    # The reason stays on the match (shown on the request's page), not in the access audit,
    # which outlives the request under its own schedule row.
    _record(sar, by, role, f"Nothing of {match.case.reference} to disclose", address)
    return match


def sar_transitions_for(*, sar: SubjectAccessRequest, role: str | None) -> list[str]:
    """The steps this role may take on the request now, for the page's buttons."""
    return [
        name
        for name, (source, _, right, _) in TRANSITIONS.items()
        if sar.state == source and role_allows(role, right)
    ]


@transaction.atomic
def sar_transition(
    *, sar: SubjectAccessRequest, name: str, by: User, address=None
) -> SubjectAccessRequest:
    """The one way a request's state changes."""
    if name not in TRANSITIONS:
        raise SarRefused("There is no such step.")
    source, target, right, text = TRANSITIONS[name]
    role = _require(by, sar.school_id, right)
    sar = _locked(sar)
    if sar.state != source:
        raise SarRefused(
            f"The request is {sar.get_state_display().lower()}: it cannot be {text.lower()}."
        )
    if target == State.READY:
        matches = sar.matches.select_related("case", "disclosure")
        if any(m.decision == SarMatch.Decision.TO_CHECK for m in matches):
            raise SarRefused(
                "Confirm or reject every match before the request is ready for review."
            )
        waiting = [m.case.reference for m in matches if not m.answered]
        if waiting:
            raise SarRefused(
                "Produce the disclosure of each confirmed case, or record why nothing of it is"
                f" disclosed, before the request is ready for review: {', '.join(waiting)}."
            )
    sar.state = target
    fields = ["state"]
    if target == State.SENT:
        sar.sent_on = timezone.localdate()
        fields.append("sent_on")
    sar.save(update_fields=fields)
    _record(sar, by, role, text, address)
    return sar


def sar_open(*, sar: SubjectAccessRequest, by: User, address=None) -> None:
    """`by` opens a request's page: who asked and which cases are theirs."""
    role = _require(by, sar.school_id, Action.PREPARE_SAR)
    access_record(
        actor=by,
        address=address,
        action=AccessAction.VIEW_SAR,
        school_id=sar.school_id,
        role=role,
        object_type="sar",
        object_id=sar.pk,
        object_label=f"request {sar.pk}",
    )
