"""The redaction step itself: terms in every spelling, passages in their item, boxes burnt in."""

import io

import pytest
from PIL import Image

from exports.redaction import REDACTED, TextRedactor, burn_boxes, phone_digits

SPELLINGS = [
    "07700 900123",
    "07700900123",
    "+44 7700 900123",
    "+447700900123",
    "(07700) 900-123",
    "0044 7700 900 123",
    "+44 (0)7700 900123",
]


@pytest.mark.parametrize("marked", SPELLINGS)
@pytest.mark.parametrize("written", SPELLINGS)
def test_a_phone_number_is_redacted_in_every_spelling_whichever_was_marked(marked, written):
    redact = TextRedactor([marked])
    assert redact(f"Call {written} today.") == f"Call {REDACTED} today."


def test_other_numbers_are_left_alone():
    redact = TextRedactor(["07700 900123"])
    kept = "Ref 077009001234, 07700 900124, 17700900123 and 2026"
    assert redact(kept) == kept


def test_only_uk_phone_numbers_are_read_as_numbers():
    assert phone_digits("+44 7700 900123") == "7700900123"
    assert phone_digits("Year 3") is None
    assert phone_digits("2026") is None


def test_names_and_email_addresses_are_redacted_in_any_letter_case_as_whole_words():
    redact = TextRedactor(["Rita Example", "Rita", "rita@Example.org"])
    text = "RITA EXAMPLE, rita and Rita\nExample wrote from RITA@example.ORG; Ritas is another."
    assert redact(text) == (
        f"{REDACTED}, {REDACTED} and {REDACTED} wrote from {REDACTED}; Ritas is another."
    )


def test_a_passage_is_redacted_only_in_the_item_it_was_marked_on():
    redact = TextRedactor([], {"report:1": ["her son in Year 3"]})
    text = "She said her son in\nYear 3 was upset."
    assert redact(text, "report:1") == f"She said {REDACTED} was upset."
    assert redact(text, "event:9") == text


def test_burn_boxes_blacks_out_the_area_on_a_copy():
    out = io.BytesIO()
    Image.new("RGB", (200, 100), "white").save(out, "PNG")
    original = out.getvalue()
    burnt = Image.open(io.BytesIO(burn_boxes(original, [(0.5, 0.5, 0.25, 0.5)])))
    assert burnt.size == (200, 100)
    assert burnt.getpixel((100, 50)) == (0, 0, 0) and burnt.getpixel((149, 99)) == (0, 0, 0)
    assert burnt.getpixel((99, 50)) == (255, 255, 255)
    assert burnt.getpixel((150, 60)) == (255, 255, 255)
    assert Image.open(io.BytesIO(original)).getpixel((120, 70)) == (255, 255, 255)
