"""The restricted letter language: the school's own wording plus {{ placeholders }}.

Nothing in a template is executed. The wording is HTML-escaped first; each placeholder is then
replaced by an escaped value from the letter's context. Paragraphs are separated by blank
lines, and lines starting with "- " become bullet points. A placeholder that holds a list (such
as {{ breached_rules }}) becomes a bulleted list when it stands alone on its line.
"""

import re
from html import escape

from django.utils.safestring import SafeString, mark_safe

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")

VARIABLES = {
    "school_name": "The school's name",
    "school_address": "The school's address",
    "decision_maker_title": "Who makes the final decision, e.g. Executive Headteacher",
    "sign_off": "The school's letter sign-off",
    "date": "The date of the letter",
    "reference": "The case reference",
    "recipient_name": "The person the letter is addressed to",
    "salutation": 'Who the letter greets, after "Dear": title and surname ("Mr Price"), or the '
    "full name when no title is recorded",
    "parent_name": "The parent concerned",
    "group_name": "The class group",
    "incident_date": "When the reported incident happened",
    "response_name": "The school's own words for this response, e.g. cautionary notice",
    "code_title": "The title of the school's code of conduct",
    "breached_rules": "The rules breached, in the school's words (a list)",
    "code_guidelines": "The code's guidelines for the groups (a list)",
    "meeting_date": "The meeting's date",
    "meeting_time": "The meeting's time",
    "meeting_place": "Where the meeting is",
    "ban_reasons": "The reasons for the site ban",
    "ban_start": "The first day of the site ban",
    "ban_end": "The last day of the site ban",
    "ban_conditions": "What the parent may still do, including the arrangements for the "
    "child's drop-off and collection (a list; a set sentence if the ban has none)",
    "representation_deadline": "The date by which representations must arrive",
    "representation_how": "How to make representations",
    "representation_url": "The parent's private link for making representations online (made "
    "when the intended-ban letter is approved; in that letter only)",
    "review_date": "When the ban will be reviewed",
    "ban_in_force": "For a temporary ban, that it is in force from its start (printed on every "
    "letter about it in any case)",
    "ban_decision": "The decision on the ban after representations or review",
    "decision_note": "The reasons for the decision given to the parent (never the internal note)",
    "outcome": "The outcome of the case",
}


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def unknown_placeholders(text: str) -> set[str]:
    return placeholders(text) - set(VARIABLES)


def _empty(name: str) -> str:
    """How a draft's preview shows a placeholder with no value yet, so it is seen before the
    letter is approved rather than printed as a gap."""
    return f'<mark class="missing">[{escape(VARIABLES[name].lower())}: not known yet]</mark>'


def _value(match: re.Match, context: dict, show_empty: bool) -> str:
    name = match.group(1)
    value = context.get(name)
    if show_empty and name in VARIABLES and value in ("", None, [], ()):
        return _empty(name)
    if name not in context:
        return escape(match.group(0))
    if isinstance(value, list | tuple):
        return "; ".join(escape(str(v)) for v in value)
    return escape(str(value if value is not None else ""))


def _line(line: str, context: dict, show_empty: bool) -> str:
    return PLACEHOLDER.sub(lambda m: _value(m, context, show_empty), escape(line))


def _block(block: str, context: dict, show_empty: bool) -> str:
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    alone = PLACEHOLDER.fullmatch(lines[0]) if len(lines) == 1 else None
    if alone and isinstance(context.get(alone.group(1)), list | tuple):
        items = context[alone.group(1)]
        if not items and show_empty:
            return f"<p>{_empty(alone.group(1))}</p>"
        return "<ul>" + "".join(f"<li>{escape(str(i))}</li>" for i in items) + "</ul>"
    if all(line.startswith("- ") for line in lines):
        items = "".join(f"<li>{_line(line[2:], context, show_empty)}</li>" for line in lines)
        return f"<ul>{items}</ul>"
    return "<p>" + "<br>".join(_line(line, context, show_empty) for line in lines) + "</p>"


def render_body(text: str, context: dict, *, show_empty: bool = False) -> SafeString:
    """The letter's body as HTML. Every character that came from a person is escaped. With
    `show_empty` (a draft's preview), a placeholder without a value is marked, not left blank."""
    blocks = [b for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    html = "\n".join(_block(block, context, show_empty) for block in blocks)
    return mark_safe(html)  # noqa: S308
