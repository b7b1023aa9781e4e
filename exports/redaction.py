"""The one redaction step every disclosure goes through: text and pictures, no database.

A term is redacted wherever it appears, whatever its spelling: a UK phone number in any spacing,
with brackets or dashes, as 0… or +44…; an e-mail address or a name in any letter case. A
passage is redacted in the one item it was marked on. An image gets black boxes burnt into a
re-encoded copy; the original file is never touched.
"""

import io
import re
from dataclasses import dataclass, field

from PIL import Image, ImageDraw

REDACTED = "[redacted]"
SEPARATORS = r"[\s\-().]*"
PHONE_DIGITS = re.compile(r"^[\d\s\-+().]+$")


def phone_digits(term: str) -> str | None:
    """The national number (no leading 0 or 44) when the term is a UK phone number, else None."""
    if not PHONE_DIGITS.match(term):
        return None
    digits = re.sub(r"\D", "", term)
    if term.strip().startswith("+") or digits.startswith("0044"):
        digits = digits.removeprefix("00").removeprefix("44")
    digits = digits.removeprefix("0")
    return digits if 9 <= len(digits) <= 10 else None


def term_pattern(term: str) -> str:
    """A regular expression matching the term in any of its spellings."""
    term = term.strip()
    national = phone_digits(term)
    if national:
        prefix = rf"(?:(?:\+|00){SEPARATORS}44{SEPARATORS}(?:\(0\){SEPARATORS})?|\(?0)?"
        return rf"(?<![\d+]){prefix}{SEPARATORS.join(national)}(?!\d)"
    words = (re.escape(word) for word in term.split())
    return r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)"


def _passage_pattern(passage: str) -> str:
    return r"\s+".join(re.escape(word) for word in passage.split())


@dataclass
class TextRedactor:
    """Replaces every term everywhere, and each item's passages in that item, with REDACTED."""

    terms: list[str] = field(default_factory=list)
    passages: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self):
        usable = sorted({t.strip() for t in self.terms if len(t.strip()) >= 2}, key=len)
        self._terms = (
            re.compile("|".join(term_pattern(t) for t in reversed(usable)), re.IGNORECASE)
            if usable
            else None
        )
        self._passages = {
            item: re.compile("|".join(_passage_pattern(p) for p in found if p.strip()))
            for item, found in self.passages.items()
            if any(p.strip() for p in found)
        }

    def __call__(self, text: str | None, item: str = "") -> str:
        text = text or ""
        if item in self._passages:
            text = self._passages[item].sub(REDACTED, text)
        if self._terms is not None:
            text = self._terms.sub(REDACTED, text)
        return text


def burn_boxes(data: bytes, boxes: list[tuple[float, float, float, float]]) -> bytes:
    """A PNG copy of the image with each (left, top, width, height) box, in fractions of the
    image's size, filled black."""
    with Image.open(io.BytesIO(data)) as image:
        copy = image.convert("RGB")
    draw = ImageDraw.Draw(copy)
    w, h = copy.size
    for left, top, width, height in boxes:
        x0, y0 = max(0, int(left * w)), max(0, int(top * h))
        x1, y1 = min(w, round((left + width) * w)), min(h, round((top + height) * h))
        if x1 > x0 and y1 > y0:
            draw.rectangle([x0, y0, x1 - 1, y1 - 1], fill=(0, 0, 0))
    out = io.BytesIO()
    copy.save(out, format="PNG")
    return out.getvalue()
