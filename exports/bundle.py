"""A case as the items a disclosure may include, and the case bundle PDF built from them.

Every item (a report, a chronology entry, a meeting, a letter's text, an evidence image) has a
key ("report:12") that redactions name. The review screen lists the items as they are; the PDF
shows them through the disclosure's redaction plan (`exports.redaction`): terms and passages
become "[redacted]", images get black boxes burnt into a copy, and withheld items are listed
with their exemption and nothing of their content.
"""

import base64
from dataclasses import dataclass, field

from django.core.files.storage import storages
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone

from exports.models import CaseBundle, Disclosure, Exemption, Redaction
from exports.redaction import TextRedactor, burn_boxes
from incidents.models import Case, CaseEvent, Evidence, Meeting, Report
from incidents.selectors.case_detail import case_in_full
from letters.models import Letter
from letters.selectors import letters_for_case
from letters.services.logo import school_logo_data_uri
from letters.text import letter_paragraphs

IMAGE_TYPES = {"image/png", "image/jpeg"}
SECTIONS = ["Reports", "Chronology", "Meetings", "Letters", "Evidence"]


@dataclass
class Item:
    """One thing a disclosure may include, with its text as (label, text) pairs."""

    key: str
    section: str
    title: str
    when: object
    fields: list[tuple[str, str]]
    evidence: Evidence | None = None


@dataclass
class RedactionPlan:
    text: TextRedactor = field(default_factory=TextRedactor)
    areas: dict[str, list[tuple[float, float, float, float]]] = field(default_factory=dict)
    withheld: dict[str, str] = field(default_factory=dict)  # item key → exemption label

    @classmethod
    def of(cls, redactions) -> "RedactionPlan":
        terms, passages, areas, withheld = [], {}, {}, {}
        for r in redactions:
            if r.kind == Redaction.Kind.TERM:
                terms.append(r.text)
            elif r.kind == Redaction.Kind.PASSAGE:
                passages.setdefault(r.item, []).append(r.text)
            elif r.kind == Redaction.Kind.AREA:
                areas.setdefault(r.item, []).append(r.box)
            elif r.kind == Redaction.Kind.WITHHOLD:
                withheld[r.item] = Exemption(r.exemption).label
        return cls(TextRedactor(terms, passages), areas, withheld)


def reporter_identity(report: Report) -> list[str]:
    return [t for t in (report.reporter_name, report.reporter_email, report.reporter_phone) if t]


def _reporter(report: Report) -> str:
    if report.is_anonymous and not report.reporter_name:
        return "Anonymous"
    return " · ".join(reporter_identity(report))


def _report_item(report: Report) -> Item:
    return Item(
        f"report:{report.pk}",
        "Reports",
        f"Report {report.reference}",
        report.submitted_at,
        [
            ("Reporter", _reporter(report)),
            ("Group", report.group_name),
            ("Who posted it", report.person_concerned),
            ("Behaviour", "; ".join(c.name for c in report.categories.all())),
            ("Child at risk?", "Yes" if report.safeguarding else "No"),
            ("What happened", report.description),
        ],
    )


def _event_item(event: CaseEvent, case: Case) -> Item:
    change = f": {event.source_label} → {event.target_label}" if event.source else ""
    merged = f" (from {event.case.reference})" if event.case_id != case.pk else ""
    return Item(
        f"event:{event.pk}",
        "Chronology",
        event.get_kind_display() + change + merged,
        event.created_at,
        [("By", event.actor_name), ("Entry", event.text)],
    )


def _meeting_item(meeting: Meeting) -> Item:
    return Item(
        f"meeting:{meeting.pk}",
        "Meetings",
        f"Meeting at {meeting.place}",
        meeting.starts_at,
        [("Attendees", meeting.attendees), ("Outcome", meeting.outcome)],
    )


def _letter_item(letter: Letter) -> Item:
    # The approved letter as sent, as plain text (entities decoded, so a term redacts it
    # whatever the HTML made of its apostrophes and ampersands).
    wording = "\n\n".join(letter_paragraphs(letter.html)) if letter.html else letter.body
    return Item(
        f"letter:{letter.pk}",
        "Letters",
        f"{letter.title} ({letter.get_kind_display()}, {letter.get_status_display()})",
        letter.created_at,
        [("To", letter.recipient_name), ("Wording", wording)],
    )


def _evidence_item(evidence: Evidence, number: int) -> Item:
    return Item(
        f"evidence:{evidence.pk}",
        "Evidence",
        f"Screenshot {number}",
        evidence.added_at,
        [],
        evidence,
    )


def case_items(case: Case, timeline: list[CaseEvent]) -> list[Item]:
    """Everything about the case a disclosure would include, section by section."""
    return [
        *(_report_item(report) for report in case.reports.all()),
        *(_event_item(event, case) for event in timeline),
        *(_meeting_item(meeting) for meeting in case.meetings.all()),
        *(_letter_item(letter) for letter in reversed(letters_for_case(case))),
        *(_evidence_item(e, n) for n, e in enumerate(case.evidence.all(), start=1)),
    ]


def case_item(case: Case, key: str) -> Item | None:
    """One item of the case by its key ("report:12"), as `case_items` makes it; None when the
    key names nothing of this case (or of a case merged into it, for chronology entries)."""
    kind, _, pk = key.partition(":")
    if not pk.isdigit():
        return None
    if kind == "report":
        found = case.reports.filter(pk=pk).select_related("group").first()
        return _report_item(found) if found else None
    if kind == "event":
        cases = Case.objects.filter(Q(pk=case.pk) | Q(merged_into=case)).values("pk")
        found = CaseEvent.objects.filter(pk=pk, case_id__in=cases).select_related("actor", "case")
        return _event_item(found[0], case) if found else None
    if kind == "meeting":
        found = case.meetings.filter(pk=pk).first()
        return _meeting_item(found) if found else None
    if kind == "letter":
        found = Letter.objects.filter(case=case, pk=pk).first()
        return _letter_item(found) if found else None
    if kind == "evidence":
        found = case.evidence.filter(pk=pk).first()
        return _evidence_item(found, 0) if found else None
    return None


def _image_data_uri(evidence: Evidence, boxes) -> str:
    if evidence.content_type not in IMAGE_TYPES:
        return ""
    try:
        with storages["private"].open(evidence.file.name, "rb") as file:
            data = file.read()
    except OSError:
        return ""
    content_type = evidence.content_type
    if boxes:
        data, content_type = burn_boxes(data, boxes), "image/png"
    return f"data:{content_type};base64,{base64.b64encode(data).decode()}"


def redacted_items(items: list[Item], plan: RedactionPlan) -> list[dict]:
    """The items as the PDF shows them: redacted, or only their exemption when withheld."""
    shown = []
    for item in items:
        exemption = plan.withheld.get(item.key, "")
        shown.append(
            {
                "key": item.key,
                "section": item.section,
                "title": plan.text(item.title, item.key),
                "when": item.when,
                "withheld": exemption,
                "fields": []
                if exemption
                else [(label, plan.text(text, item.key)) for label, text in item.fields if text],
                "evidence": None if exemption else item.evidence,
                "redacted": bool(plan.areas.get(item.key)),
                "src": _image_data_uri(item.evidence, plan.areas.get(item.key))
                if item.evidence and not exemption
                else "",
            }
        )
    return shown


def bundle_plan(bundle: CaseBundle, case: Case) -> RedactionPlan:
    """The redaction plan of the bundle's disclosure; a bundle without one (requested before
    disclosures existed) withholds the reporter's identity unless it was included."""
    disclosure = Disclosure.objects.filter(bundle=bundle).first()
    if disclosure is not None:
        return RedactionPlan.of(disclosure.redactions.all())
    if bundle.include_reporter:
        return RedactionPlan()
    terms = [t for report in case.reports.all() for t in reporter_identity(report)]
    return RedactionPlan(text=TextRedactor(terms))


def bundle_html(bundle: CaseBundle) -> str:
    case, timeline = case_in_full(pk=bundle.case_id)
    plan = bundle_plan(bundle, case)
    items = redacted_items(case_items(case, timeline), plan)
    requester = bundle.requested_by
    return render_to_string(
        "exports/bundle_pdf.html",
        {
            "case": case,
            "school": case.school,
            "logo": school_logo_data_uri(case.school),
            "bundle": bundle,
            "requested_by": requester.get_full_name() or requester.get_username(),
            "generated_at": timezone.now(),
            "parents": [plan.text(p.full_name) for p in case.parents.all()],
            "owner": plan.text(
                (case.owner.get_full_name() or case.owner.get_username()) if case.owner else ""
            ),
            "categories": [c.name for c in case.breach_categories.all()],
            "site_bans": [
                {"parent": plan.text(ban.parent.full_name), "ban": ban}
                for ban in case.site_bans.all()
            ],
            "sections": [
                (name, [item for item in items if item["section"] == name]) for name in SECTIONS
            ],
            "withheld": [item for item in items if item["withheld"]],
        },
    )
