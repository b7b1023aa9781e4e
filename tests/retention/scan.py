"""A scanner for marker strings over every table of the database and every file under
MEDIA_ROOT (decrypted, and PDFs and XLSX files read as text too)."""

import base64
import binascii
import contextlib
import io
import re
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from pypdf import PdfReader

from vault.models import FileKey

BASE64 = re.compile(r"^[A-Za-z0-9+/=\s]{16,}$")


def _texts_of_cell(value) -> list[str]:
    if value is None:
        return []
    text = value.decode("latin-1") if isinstance(value, bytes | memoryview) else str(value)
    texts = [text]
    if BASE64.match(text):  # the database cache keeps pickled values in base64
        with contextlib.suppress(binascii.Error, ValueError):
            texts.append(base64.b64decode(text, validate=False).decode("utf-8", "replace"))
    return texts


def tables_text() -> dict[str, str]:
    """Every table's every cell, lower-cased, by table."""
    found = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            found[table] = " ".join(
                text for row in cursor.fetchall() for cell in row for text in _texts_of_cell(cell)
            ).lower()
    return found


def texts_of_file(data: bytes) -> list[str]:
    texts = [data.decode("latin-1")]
    if data.startswith(b"%PDF"):
        reader = PdfReader(io.BytesIO(data))
        texts.append(" ".join(page.extract_text() for page in reader.pages))
    if zipfile.is_zipfile(io.BytesIO(data)):  # XLSX
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            texts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
    return texts


def _stored(path: Path) -> bytes:
    """What the storage holds under that path: the plaintext of a file it encrypted (whose key
    row still exists), else the bytes as they are."""
    name = str(path.relative_to(settings.PRIVATE_MEDIA_ROOT))
    if not FileKey.objects.filter(name=name).exists():
        return path.read_bytes()
    with storages["private"].open(name, "rb") as file:
        return file.read()


def files_text() -> dict[str, str]:
    """Every file under MEDIA_ROOT, as stored bytes, decrypted bytes and (PDF, XLSX) as extracted
    text, lower-cased."""
    root = Path(settings.MEDIA_ROOT)
    return {
        str(path.relative_to(root)): " ".join(
            [path.read_bytes().decode("latin-1"), *texts_of_file(_stored(path))]
        ).lower()
        for path in root.rglob("*")
        if path.is_file()
    }


def markers_in(texts: dict[str, str], markers: list[str]) -> dict[str, list[str]]:
    """Which markers are where."""
    return {
        marker: sorted(where for where, text in texts.items() if marker in text)
        for marker in markers
        if any(marker in text for text in texts.values())
    }
