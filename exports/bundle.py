"""The case bundle as an HTML document for `letters.pdf.html_to_pdf`: summary, chronology,
reports, evidence images (inlined as data: URIs from the private files), the list of letters
and the text of each letter sent, as it was approved.

Unless the headteacher includes it, the reporter's identity is withheld: the reporter's name,
e-mail address and phone number are left out of the reports, and wherever one of them appears
verbatim in other text (the chronology, letters' recipients) it is replaced.
"""

import base64
import re

from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone

from exports.models import CaseBundle
from incidents.models import Case, CaseEvent, Evidence, Report
from incidents.selectors import case_in_full
from letters.models import Kind as LetterKind
from letters.models import Letter
from letters.selectors import letters_for_case
from letters.services.logo import school_logo_data_uri
from letters.text import letter_paragraphs

WITHHELD = "[reporter withheld]"
IMAGE_TYPES = {"image/png", "image/jpeg"}


class Redactor:
    """Replaces each given term, whole and case-insensitively, in any text."""

    def __init__(self, terms):
        unique = {term.strip() for term in terms if term and len(term.strip()) >= 3}
        ordered = sorted(unique, key=len, reverse=True)
        self.pattern = (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(t) for t in ordered) + r")(?!\w)", re.IGNORECASE
            )
            if ordered
            else None
        )

    def __call__(self, text: str | None) -> str:
        if not text or self.pattern is None:
            return text or ""
        return self.pattern.sub(WITHHELD, text)


def reporter_redactor(reports: list[Report]) -> Redactor:
    return Redactor(
        term
        for report in reports
        for term in (report.reporter_name, report.reporter_email, report.reporter_phone)
    )


def _reporter(report: Report, include: bool) -> str:
    if report.is_anonymous and not report.reporter_name:
        return "Anonymous"
    if not include:
        return "Withheld (not included in this bundle)"
    parts = [report.reporter_name or "(no name)", report.reporter_email, report.reporter_phone]
    return " · ".join(part for part in parts if part)


def _image_data_uri(evidence: Evidence) -> str:
    if evidence.content_type not in IMAGE_TYPES:
        return ""
    try:
        with default_storage.open(evidence.file.name, "rb") as file:
            data = file.read()
    except OSError:
        return ""
    return f"data:{evidence.content_type};base64,{base64.b64encode(data).decode()}"


def _reports(case: Case, redact, include: bool) -> list[dict]:
    return [
        {
            "reference": report.reference,
            "submitted_at": report.submitted_at,
            "occurred_on": report.occurred_on,
            "occurred_at": report.occurred_at,
            "group": report.group_name,
            "categories": [c.name for c in report.categories.all()],
            "person_concerned": redact(report.person_concerned),
            "safeguarding": report.safeguarding,
            "reporter": _reporter(report, include),
            "description": redact(report.description),
        }
        for report in case.reports.all()
    ]


def _chronology(case: Case, timeline: list[CaseEvent], redact) -> list[dict]:
    return [
        {
            "at": event.created_at,
            "actor": redact(event.actor_name),
            "kind": event.get_kind_display(),
            "change": f"{event.source_label} → {event.target_label}" if event.source else "",
            "text": redact(event.text),
            "from_case": event.case.reference if event.case_id != case.pk else "",
        }
        for event in timeline
    ]


def _letters(case: Case, redact, include: bool) -> list[dict]:
    rows = []
    for letter in letters_for_case(case):
        recipient = redact(letter.recipient_name)
        if letter.kind == LetterKind.ACKNOWLEDGEMENT and not include:
            recipient = "the reporter"
        text = []
        if letter.status == Letter.Status.SENT:
            # an acknowledgement is addressed to the reporter: withheld with their identity
            withheld = letter.kind == LetterKind.ACKNOWLEDGEMENT and not include
            text = [] if withheld else [redact(p) for p in letter_paragraphs(letter.html)]
        rows.append(
            {
                "text": text,
                "title": redact(letter.title),
                "kind": letter.get_kind_display(),
                "recipient": recipient,
                "status": letter.get_status_display(),
                "created_at": letter.created_at,
                "approved_at": letter.approved_at,
                "sent_at": letter.sent_at,
                "delivery": letter.get_delivery_display() if letter.delivery else "",
            }
        )
    return rows


def bundle_html(bundle: CaseBundle) -> str:
    case, timeline = case_in_full(pk=bundle.case_id)
    include = bundle.include_reporter
    reports = list(case.reports.all())
    redact = (lambda text: text or "") if include else reporter_redactor(reports)
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
            "parents": [p.full_name for p in case.parents.all()],
            "categories": [c.name for c in case.breach_categories.all()],
            "reports": _reports(case, redact, include),
            "chronology": _chronology(case, timeline, redact),
            "evidence": [
                {"number": number, "item": item, "src": _image_data_uri(item)}
                for number, item in enumerate(case.evidence.all(), start=1)
            ],
            "letters": _letters(case, redact, include),
        },
    )
