"""HTML to PDF with WeasyPrint, fetching nothing but our own static files and data: URIs.

One FontConfiguration is shared per process: a new one per render leaks memory and costs
start-up time (`make bench` measures the memory growth over 200 renders).
"""

import mimetypes
import posixpath
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.contrib.staticfiles import finders
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Letters are rendered against this base, so "/static/css/letter.css" resolves below it. The
# .invalid domain can never be reached; the fetcher answers it from the static files itself.
BASE_URL = "https://letters.conductdesk.invalid/"
STATIC_PREFIX = BASE_URL + "static/"

_font_config: FontConfiguration | None = None


def font_config() -> FontConfiguration:
    global _font_config
    if _font_config is None:
        _font_config = FontConfiguration()
    return _font_config


def _static_file(relative: str) -> Path | None:
    name = posixpath.normpath(unquote(relative))
    if name.startswith(("..", "/")) or "\\" in name:
        return None
    found = finders.find(name)
    if found:
        return Path(found)
    collected = Path(settings.STATIC_ROOT, name)
    root = Path(settings.STATIC_ROOT).resolve()
    if collected.is_file() and collected.resolve().is_relative_to(root):
        return collected
    return None


class StaticOnlyFetcher(URLFetcher):
    """Serves our static files and data: URIs; refuses (and records) everything else:
    file://, any http(s) address, redirects."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "https"}, allow_redirects=False)
        self.fetched: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            path = _static_file(url[len(STATIC_PREFIX) :].split("?")[0].split("#")[0])
            if path is not None:
                self.fetched.append(url)
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})
        self.refused.append(url)
        raise ValueError(f"Letters may not fetch {url[:80]}")


def html_to_pdf(html: str, *, fetcher: StaticOnlyFetcher | None = None) -> tuple[bytes, int]:
    """Render a complete HTML document; returns the PDF bytes and the number of pages."""
    fetcher = fetcher or StaticOnlyFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
        font_config=font_config()
    )
    return document.write_pdf(), len(document.pages)
