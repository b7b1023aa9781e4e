"""An approved letter's text, read back from the HTML fixed at approval: what was sent, as
paragraphs of plain text (for the case bundle)."""

from html.parser import HTMLParser

# The elements of templates/letters/letter.html whose text is a paragraph of the letter.
BLOCKS = {"div", "p", "li", "h1"}
SKIPPED = {"head", "title", "style", "script"}


class _Paragraphs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skipping = 0
        self.in_list_item = False

    def _close(self):
        text = "\n".join(
            " ".join(line.split()) for line in "".join(self.current).split("\n") if line.strip()
        )
        if text:
            self.paragraphs.append(("• " if self.in_list_item else "") + text)
        self.current = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self.skipping += 1
        elif tag == "br":
            self.current.append("\n")
        elif tag in BLOCKS:
            self._close()
            self.in_list_item = tag == "li"

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self.skipping -= 1
        elif tag in BLOCKS:
            self._close()
            self.in_list_item = False

    def handle_data(self, data):
        if not self.skipping:
            self.current.append(data.replace("\n", " "))


def letter_paragraphs(html: str) -> list[str]:
    """The letter's paragraphs in order (letterhead, address, date, wording, signature); line
    breaks within one (an address) kept as newlines."""
    parser = _Paragraphs()
    parser.feed(html)
    parser.close()
    parser._close()
    return parser.paragraphs
