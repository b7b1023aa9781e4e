"""Reading a letter (its HTML or its PDF): the right is checked and the access-audit row
written before anything is shown, as in incidents.services.disclosures."""

from django.contrib.auth.models import User

from audit.services import Action as AccessAction
from incidents.services.disclosures import case_look
from incidents.services.errors import NotNow
from incidents.services.site_ban_link import site_ban_link_hidden
from letters.models import Letter, LetterRender
from letters.services.drafting import letter_html
from policies.permissions import Action


def _audit(letter: Letter, by: User, action: str, address: str | None) -> None:
    case_look(
        case=letter.case,
        by=by,
        right=Action.VIEW_CASE_CONTENT,
        action=action,
        address=address,
        object_type="letter",
        object_id=letter.pk,
    )


def letter_read(*, letter: Letter, by: User, address: str | None = None) -> str:
    """The letter as HTML: live for a draft, the approved snapshot afterwards, without the
    parent's private link (only the letter sent to them carries it)."""
    _audit(letter, by, AccessAction.VIEW_LETTER, address)
    html = letter.html if letter.status != Letter.Status.DRAFT else letter_html(letter, draft=True)
    return site_ban_link_hidden(html) if letter.site_ban_id else html


def letter_preview(
    *,
    letter: Letter,
    by: User,
    title: str,
    body: str,
    recipient_address: str | None = None,
    address: str | None = None,
) -> str:
    """A draft as it would print with wording not yet saved (nothing is saved); an approved
    letter is fixed, so it shows as approved."""
    _audit(letter, by, AccessAction.VIEW_LETTER, address)
    if letter.status != Letter.Status.DRAFT:
        return site_ban_link_hidden(letter.html) if letter.site_ban_id else letter.html
    letter.title, letter.body = title, body
    if recipient_address is not None and not letter.parent_id:
        letter.recipient_address = recipient_address
    return letter_html(letter, draft=True)


def letter_pdf_open(*, letter: Letter, by: User, address: str | None = None) -> LetterRender:
    """The letter's rendered PDF; NotNow until it is ready."""
    render = getattr(letter, "render", None)
    if render is None or render.status != LetterRender.Status.DONE:
        raise NotNow("The PDF is not ready.")
    _audit(letter, by, AccessAction.DOWNLOAD_LETTER, address)
    return render
