"""Disclosures: what of a case leaves the school, reviewed and redacted before the PDF is made.

SLT or the headteacher prepare one (suggested redactions pre-marked) and mark redactions; the
headteacher confirms and produces the PDF, which is a case bundle rendered through the
disclosure's redactions. Every change writes the disclosure's redaction log in the same
transaction.
"""

from collections.abc import Collection

from django.contrib.auth.models import User
from django.db import transaction

from audit.services import Action as AccessAction
from audit.services import access_record
from exports.bundle import Item, case_item, case_items, reporter_identity
from exports.models import CaseBundle, Disclosure, Exemption, Redaction, RedactionLogEntry
from exports.redaction import TextRedactor
from exports.services.bundles import bundle_request
from incidents.models import Case, CaseEvent, Parent
from incidents.selectors.case_detail import case_in_full
from incidents.services.chronology import event_add
from incidents.services.errors import NotNow, NotPermitted
from policies.models import Membership
from policies.permissions import Action, membership_for, role_allows

PREPARE_DENIED = "Only SLT and the headteacher can prepare a disclosure."
REPORTER_DENIED = "Only the headteacher can include the reporter's identity."


def _role(by: User, case: Case, action: Action, message: str) -> str:
    membership = membership_for(by, case.school_id)
    if membership is None or not role_allows(membership.role, action):
        raise NotPermitted(message)
    return membership.role


def _log(disclosure: Disclosure, action: str, what: str, by: User, why: str = ""):
    RedactionLogEntry.objects.create(
        disclosure=disclosure, action=action, what=what[:600], why=why[:500], by=by
    )


def describe(redaction: Redaction) -> str:
    """The redaction in words, for the log and the review screen."""
    where = f" in {redaction.item}" if redaction.item else ""
    if redaction.kind == Redaction.Kind.AREA:
        left, top, width, height = (round(v * 100) for v in redaction.box)
        return f"Area of {redaction.item}: {width}% by {height}% at {left}%, {top}%"
    if redaction.kind == Redaction.Kind.WITHHOLD:
        return f"{redaction.item} withheld: {Exemption(redaction.exemption).label}"
    return f"{redaction.get_kind_display()}{where}: “{redaction.text}”"


def suggested_terms(
    case: Case, purpose: str, subject: Parent | None, own_reports: Collection[int] = ()
) -> list[tuple[str, str]]:
    """(term, source) pairs pre-marked for redaction: the reporter's identity, the school's staff
    and the parents linked to the case other than the one the disclosure is about (a bundle for
    legal advice is about all of them). The school keeps no register of pupils' names.

    `own_reports` are the reports made by the person the disclosure is for (a requester who
    reported the case): their reporter's identity is the requester's own data, so it is not
    suggested; another reporter's on the same case still is."""
    found: dict[str, tuple[str, str]] = {}

    def add(term, source):
        if term and term.strip():
            found.setdefault(term.strip().lower(), (term.strip(), source))

    for report in case.reports.all():
        if report.pk in own_reports:
            continue
        for term in reporter_identity(report):
            add(term, Redaction.Source.REPORTER)
    staff = Membership.objects.filter(school_id=case.school_id).select_related("user")
    for membership in staff:
        add(membership.user.get_full_name(), Redaction.Source.STAFF_MEMBER)
        add(membership.user.email, Redaction.Source.STAFF_MEMBER)
    if purpose != CaseBundle.Purpose.LEGAL_ADVICE:
        for parent in case.parents.all():
            if subject is None or parent.pk != subject.pk:
                add(parent.full_name, Redaction.Source.PARENT)
                add(parent.email, Redaction.Source.PARENT)
    return list(found.values())


@transaction.atomic
def disclosure_prepare(
    *,
    case: Case,
    by: User,
    purpose: str,
    subject: Parent | None = None,
    own_reports: Collection[int] = (),
) -> Disclosure:
    """Start reviewing what would leave the school, with the suggested redactions pre-marked
    (`own_reports`: see suggested_terms)."""
    _role(by, case, Action.PREPARE_DISCLOSURE, PREPARE_DENIED)
    if purpose not in Disclosure.Purpose.values:
        raise ValueError(f"Unknown purpose {purpose!r}")
    if subject is not None and not case.parents.filter(pk=subject.pk).exists():
        raise ValueError("The subject must be a parent linked to the case.")
    disclosure = Disclosure.objects.create(
        case=case, purpose=purpose, subject=subject, prepared_by=by
    )
    _log(disclosure, RedactionLogEntry.Action.PREPARED, disclosure.get_purpose_display(), by)
    for term, source in suggested_terms(case, purpose, subject, own_reports):
        redaction = Redaction.objects.create(
            disclosure=disclosure,
            kind=Redaction.Kind.TERM,
            text=term,
            source=source,
            confirmed=False,
            reason=Redaction.Source(source).label,
            created_by=by,
        )
        _log(
            disclosure,
            RedactionLogEntry.Action.SUGGESTED,
            describe(redaction),
            by,
            redaction.reason,
        )
    event_add(
        case,
        CaseEvent.Kind.NOTE,
        by=by,
        text=f"Disclosure prepared for {disclosure.get_purpose_display().lower()}; "
        "its redactions are being reviewed.",
        disclosure=str(disclosure.public_id),
    )
    return disclosure


def disclosure_review(
    *, disclosure: Disclosure, by: User, address: str | None = None
) -> tuple[list[Item], list[Redaction]]:
    """Everything the disclosure would include, as it is, and its redactions; audited."""
    case = disclosure.case
    role = _role(by, case, Action.PREPARE_DISCLOSURE, PREPARE_DENIED)
    access_record(
        actor=by,
        address=address,
        action=AccessAction.VIEW_CASE,
        school_id=case.school_id,
        role=role,
        object_type="case",
        object_id=case.pk,
        object_label=f"disclosure review of {case.reference}",
        case_id=case.pk,
    )
    full_case, timeline = case_in_full(pk=case.pk)
    return case_items(full_case, timeline), list(disclosure.redactions.all())


def _reviewing(disclosure: Disclosure) -> Disclosure:
    locked = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    if locked.status != Disclosure.Status.REVIEWING:
        raise NotNow("This disclosure's PDF has been produced; prepare a new one to change it.")
    return locked


def _passage_in(item: Item, passage: str) -> bool:
    """Whether the passage redacts something in the item (else it would silently do nothing)."""
    redact = TextRedactor([], {item.key: [passage]})
    return any(redact(text, item.key) != text for _, text in item.fields if text)


def _inside(box) -> bool:
    if box is None or len(box) != 4 or any(v is None or not 0 <= v <= 1 for v in box):
        return False
    left, top, width, height = box
    return width > 0 and height > 0 and left + width <= 1.0001 and top + height <= 1.0001


@transaction.atomic
def redaction_add(
    *,
    disclosure: Disclosure,
    by: User,
    kind: str,
    item: str = "",
    text: str = "",
    box: tuple[float, float, float, float] | None = None,
    exemption: str = "",
    reason: str = "",
) -> Redaction:
    """Mark one more thing to redact. `item` must be one of the disclosure's items (an image for
    an area); the form checks the shape of what was typed."""
    _role(by, disclosure.case, Action.PREPARE_DISCLOSURE, PREPARE_DENIED)
    disclosure = _reviewing(disclosure)
    if kind not in Redaction.Kind.values:
        raise ValueError(f"Unknown kind of redaction {kind!r}")
    if kind in (Redaction.Kind.TERM, Redaction.Kind.PASSAGE) and len(text.strip()) < 2:
        raise ValueError("Give the words to redact.")
    if kind == Redaction.Kind.WITHHOLD and exemption not in Exemption.values:
        raise ValueError("Choose the exemption the item is withheld under.")
    if kind == Redaction.Kind.AREA and not _inside(box):
        raise ValueError("The area must lie within the picture.")
    if kind != Redaction.Kind.TERM:
        found = case_item(disclosure.case, item)
        if found is None or (kind == Redaction.Kind.AREA and found.evidence is None):
            raise ValueError(f"{item!r} is not an item of this disclosure.")
        if kind == Redaction.Kind.PASSAGE and not _passage_in(found, text):
            raise ValueError("That passage is not in this item's text: copy it as it appears.")
    left, top, width, height = box or (None, None, None, None)
    redaction = Redaction.objects.create(
        disclosure=disclosure,
        kind=kind,
        item="" if kind == Redaction.Kind.TERM else item,
        text=text.strip(),
        left=left,
        top=top,
        width=width,
        height=height,
        exemption=exemption if kind == Redaction.Kind.WITHHOLD else "",
        reason=reason.strip(),
        created_by=by,
    )
    _log(disclosure, RedactionLogEntry.Action.ADDED, describe(redaction), by, redaction.reason)
    return redaction


@transaction.atomic
def redaction_remove(*, redaction: Redaction, by: User, reason: str = "") -> None:
    """Take a redaction off. The reporter's identity comes off only by the headteacher and
    with a reason; both stay in the log."""
    disclosure = redaction.disclosure
    _role(by, disclosure.case, Action.PREPARE_DISCLOSURE, PREPARE_DENIED)
    if redaction.source == Redaction.Source.REPORTER:
        _role(by, disclosure.case, Action.DECIDE, REPORTER_DENIED)
        if not reason.strip():
            raise ValueError("Say why the reporter's identity is to be included.")
    disclosure = _reviewing(disclosure)
    _log(disclosure, RedactionLogEntry.Action.REMOVED, describe(redaction), by, reason.strip())
    redaction.delete()


@transaction.atomic
def suggestions_confirm(*, disclosure: Disclosure, by: User) -> int:
    """The staff member confirms every suggested redaction still marked. Returns how many."""
    _role(by, disclosure.case, Action.PREPARE_DISCLOSURE, PREPARE_DENIED)
    disclosure = _reviewing(disclosure)
    count = disclosure.redactions.filter(confirmed=False).update(confirmed=True)
    if count:
        _log(disclosure, RedactionLogEntry.Action.CONFIRMED, f"{count} suggested redactions", by)
    return count


@transaction.atomic
def disclosure_produce(
    *, disclosure: Disclosure, by: User, address: str | None = None
) -> CaseBundle:
    """The headteacher produces the PDF: a case bundle rendered through these redactions."""
    _role(by, disclosure.case, Action.DECIDE, "Only the headteacher can produce a disclosure.")
    disclosure = _reviewing(disclosure)
    if disclosure.redactions.filter(confirmed=False).exists():
        raise NotNow("Confirm the suggested redactions first.")
    reporter_kept = disclosure.redactions.filter(source=Redaction.Source.REPORTER).exists()
    bundle = bundle_request(
        case=disclosure.case,
        by=by,
        purpose=disclosure.purpose,
        include_reporter=not reporter_kept,
        address=address,
        disclosure=disclosure,
    )
    disclosure.status = Disclosure.Status.PRODUCED
    disclosure.save(update_fields=["status", "bundle"])
    _log(disclosure, RedactionLogEntry.Action.PRODUCED, f"Case bundle {bundle.public_id}", by)
    return bundle
