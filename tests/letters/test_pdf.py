import io

import pytest
from pypdf import PdfReader

from letters.pdf import StaticOnlyFetcher, html_to_pdf


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_weasyprint_found_harfbuzz_subsetting():
    from weasyprint.text.ffi import harfbuzz_subset

    assert harfbuzz_subset is not None


@pytest.mark.parametrize(
    "hostile",
    [
        '<img src="file:///etc/passwd">',
        '<link rel="attachment" href="file:///etc/hostname">',
        "<style>@import url(http://127.0.0.1:9/x.css);</style>",
        '<img src="http://127.0.0.1:9/tracker.png">',
        '<link rel="stylesheet" href="https://example.org/evil.css">',
    ],
)
def test_fetcher_refuses_everything_but_our_static_files(hostile):
    fetcher = StaticOnlyFetcher()
    head = '<head><link rel="stylesheet" href="/static/css/letter.css"></head>'
    html = f"<html>{head}<body>{hostile}<p>Hi</p></body></html>"
    pdf, pages = html_to_pdf(html, fetcher=fetcher)
    assert pages == 1 and pdf.startswith(b"%PDF")
    assert fetcher.fetched == ["https://letters.conductdesk.invalid/static/css/letter.css"]
    assert len(fetcher.refused) == 1
    reader = PdfReader(io.BytesIO(pdf))
    assert not reader.attachments


def test_path_traversal_in_static_urls_is_refused():
    fetcher = StaticOnlyFetcher()
    html_to_pdf(
        '<html><head><link rel="stylesheet" href="/static/../config/settings.py"></head></html>',
        fetcher=fetcher,
    )
    assert fetcher.fetched == []


def test_one_font_configuration_is_shared_per_process():
    from letters.pdf import font_config

    assert font_config() is font_config()
