"""Reading a letter (its HTML or its PDF): the right is checked and the access-audit row
written before anything is shown, as in incidents.services.disclosures."""

from django.contrib.auth.models import User

from audit.services import Action as AccessAction
from audit.services import access_record
from incidents.services.chronology import require
from incidents.services.errors import NotNow
from letters.models import Letter, LetterRender
from letters.services.drafting import letter_html
from policies.permissions import Action


def _audit(letter: Letter, by: User, action: str, address: str | None) -> None:
    membership = require(by, letter.case, Action.VIEW_CASE_CONTENT, open_case=False)
    access_record(
        actor=by,
        address=address,
        action=action,
        school_id=letter.case.school_id,
        role=membership.role,
        object_type="letter",
        object_id=letter.pk,
        object_label=letter.case.reference,
        case_id=letter.case_id,
    )


def letter_read(*, letter: Letter, by: User, address: str | None = None) -> str:
    """The letter as HTML: live for a draft, the approved snapshot afterwards."""
    _audit(letter, by, AccessAction.VIEW_LETTER, address)
    return letter.html if letter.status != Letter.Status.DRAFT else letter_html(letter)


def letter_pdf_open(*, letter: Letter, by: User, address: str | None = None) -> LetterRender:
    """The letter's rendered PDF; NotNow until it is ready."""
    render = getattr(letter, "render", None)
    if render is None or render.status != LetterRender.Status.DONE:
        raise NotNow("The PDF is not ready.")
    _audit(letter, by, AccessAction.DOWNLOAD_LETTER, address)
    return render
