"""The restricted letter language: the school's own wording plus {{ placeholders }}.

Nothing in a template is executed. The wording is split into text and placeholders, each
placeholder replaced by its value from the letter's context, and the HTML template escapes both.
Paragraphs are separated by blank lines, and lines starting with "- " become bullet points. A
placeholder that holds a list (such as {{ breached_rules }}) becomes a bulleted list when it
stands alone on its line.
"""

import re
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

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


@dataclass(frozen=True)
class Segment:
    """A run of a line's text, or (in a draft's preview) a placeholder with no value yet, which
    the preview marks so it is seen before approval rather than printed as a gap."""

    text: str = ""
    missing: str = ""


def _value(match: re.Match, context: dict, show_empty: bool) -> Segment:
    name = match.group(1)
    value = context.get(name)
    if show_empty and name in VARIABLES and value in ("", None, [], ()):
        return Segment(missing=VARIABLES[name].lower())
    if name not in context:
        return Segment(text=match.group(0))
    if isinstance(value, list | tuple):
        return Segment(text="; ".join(str(v) for v in value))
    return Segment(text=str(value if value is not None else ""))


def _line(line: str, context: dict, show_empty: bool) -> list[Segment]:
    segments, at = [], 0
    for match in PLACEHOLDER.finditer(line):
        segments += [Segment(text=line[at : match.start()]), _value(match, context, show_empty)]
        at = match.end()
    return [*segments, Segment(text=line[at:])]


def _block(block: str, context: dict, show_empty: bool) -> dict:
    """A paragraph or (`list`) a bulleted list of lines, each line a list of segments."""
    lines = [line.strip() for line in block.splitlines() if line.strip()]
    alone = PLACEHOLDER.fullmatch(lines[0]) if len(lines) == 1 else None
    if alone and isinstance(context.get(alone.group(1)), list | tuple):
        items = context[alone.group(1)]
        if not items and show_empty:
            return {"list": False, "lines": [[Segment(missing=VARIABLES[alone.group(1)].lower())]]}
        return {"list": True, "lines": [[Segment(text=str(item))] for item in items]}
    if all(line.startswith("- ") for line in lines):
        return {"list": True, "lines": [_line(line[2:], context, show_empty) for line in lines]}
    return {"list": False, "lines": [_line(line, context, show_empty) for line in lines]}


def render_body(text: str, context: dict, *, show_empty: bool = False) -> SafeString:
    """The letter's body as HTML (`letters/includes/body.html`, which escapes every character
    that came from a person). With `show_empty` (a draft's preview), a placeholder without a
    value is marked, not left blank."""
    blocks = [b for b in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if b.strip()]
    return render_to_string(
        "letters/includes/body.html",
        {"blocks": [_block(block, context, show_empty) for block in blocks]},
    )
