"""What several letter tests share: approving an escalation, and reading a stored PDF."""

import io

from django.core.files.storage import default_storage
from pypdf import PdfReader

from incidents.services.workflow import escalation_decide
from letters.models import Letter, LetterRender
from tests.factories import (
    EscalationRequestFactory,
)

HOSTILE_NAME = '<img src="file:///etc/passwd"> Robin @import url(http://127.0.0.1:9/x)'


def pdf_text(render: LetterRender) -> str:
    with default_storage.open(render.pdf.name, "rb") as f:
        reader = PdfReader(io.BytesIO(f.read()))
    assert not reader.attachments
    return "\n".join(page.extract_text() for page in reader.pages).replace("\n", " ")


def approve_escalation(case, slt, head):
    proposal = EscalationRequestFactory(case=case, requested_by=slt)
    escalation_decide(escalation=proposal, by=head, approve=True)
    return Letter.objects.get(case=case)
