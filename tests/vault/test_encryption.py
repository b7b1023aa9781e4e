"""Encryption at rest: what lies in storage is ciphertext; staff still get the original."""

import hashlib
import io
import tempfile
import tracemalloc

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from incidents.models import Evidence
from incidents.tokens import submission_key_new
from tests import imagefiles
from tests.factories import EvidenceFactory, MessagingGroupFactory
from tests.retention.conftest import MARKERS, marked_case  # noqa: F401  (the fixture)
from tests.retention.scan import files_text, texts_of_file
from vault import stream
from vault.keys import FileKeyError, key_new
from vault.models import FileKey

JPEG_MAGIC, PNG_MAGIC = b"\xff\xd8\xff", imagefiles.PNG_SIGNATURE
MARKER = b"zqx-confidential-marker-7731"

pytestmark = pytest.mark.django_db


def on_disk(name: str) -> bytes:
    return (django_settings.PRIVATE_MEDIA_ROOT / name).read_bytes()


def windows(data: bytes, width: int = 16):
    """Every 16-byte run of `data` at 16-byte steps: none may appear in the stored bytes."""
    return (data[i : i + width] for i in range(0, len(data) - width, width))


def submit_concern(school, *screenshots):
    group = MessagingGroupFactory(school=school)
    data = {
        "reporter_name": "Pat Parent",
        "reporter_email": "pat@example.org",
        "group": str(group.pk),
        "occurred_on": "2026-11-02",
        "categories": [str(school.codes.get().breach_categories.first().pk)],
        "description": "Mr X posted that Miss Y is useless.",
        "person_concerned": "Mr X",
        "safeguarding": "no",
        "declaration": "on",
        "website": "",
        "submission_key": submission_key_new(),
        "screenshots": list(screenshots),
    }
    response = Client().post(f"/s/{school.slug}/concern/", data)
    assert response.status_code == 302


def test_stored_screenshots_are_not_the_screenshots_and_slt_gets_the_originals(client, school, slt):
    submit_concern(school, imagefiles.jpeg_with_gps("photo.jpg"), imagefiles.png("chat.png"))
    client.force_login(slt)
    items = list(Evidence.objects.order_by("pk"))
    assert len(items) == 2
    for evidence in items:
        for stored, path in ((evidence.file, ""), (evidence.thumbnail, "thumbnail/")):
            response = client.get(f"/staff/evidence/{evidence.public_id}/{path}")
            assert response.status_code == 200
            served = b"".join(response.streaming_content)
            assert int(response["Content-Length"]) == len(served) == stored.size
            assert served.startswith((JPEG_MAGIC, PNG_MAGIC))
            raw = on_disk(stored.name)
            assert not raw.startswith((JPEG_MAGIC, PNG_MAGIC)) and b"JFIF" not in raw
            assert not any(piece in raw for piece in windows(served))
            assert FileKey.objects.filter(name=stored.name).exists()


def test_a_marker_in_a_screenshot_is_nowhere_in_storage_but_slt_sees_it(client, school, slt):
    original = PNG_MAGIC + b"tEXt" + MARKER + bytes(range(256)) * 40
    evidence = EvidenceFactory(case__school=school, file=ContentFile(original, name="e.png"))
    everything_stored = b"".join(
        path.read_bytes()
        for path in django_settings.PRIVATE_MEDIA_ROOT.rglob("*")
        if path.is_file()
    )
    assert MARKER not in everything_stored and PNG_MAGIC not in everything_stored
    client.force_login(slt)
    response = client.get(f"/staff/evidence/{evidence.public_id}/")
    assert b"".join(response.streaming_content) == original


def test_altered_stored_bytes_are_refused_not_served(client, school, slt):
    evidence = EvidenceFactory(case__school=school, file=ContentFile(MARKER * 100, name="e.png"))
    path = django_settings.PRIVATE_MEDIA_ROOT / evidence.file.name
    raw = bytearray(path.read_bytes())
    raw[40] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(stream.TamperedFile):
        storages["private"].open(evidence.file.name)
    client.raise_request_exception = False
    client.force_login(slt)
    response = client.get(f"/staff/evidence/{evidence.public_id}/")
    assert response.status_code == 500 and MARKER not in response.content


def test_a_cut_short_or_reordered_large_file_is_refused():
    plain = bytes(range(256)) * 1024  # four segments
    name = storages["private"].save("exports/big.csv", ContentFile(plain))
    path = django_settings.PRIVATE_MEDIA_ROOT / name
    sealed = path.read_bytes()
    segment = stream.SEALED_SEGMENT_BYTES
    header, body = sealed[: stream.HEADER_BYTES], sealed[stream.HEADER_BYTES :]
    first, second = body[:segment], body[segment : 2 * segment]
    for altered in (
        sealed[: stream.HEADER_BYTES + 3 * segment],  # the last segment dropped
        header + second + first + body[2 * segment :],  # two segments swapped
        sealed[:-1],  # one byte short
    ):
        path.write_bytes(altered)
        with pytest.raises(stream.TamperedFile), storages["private"].open(name) as file:
            file.read()
    path.write_bytes(sealed)
    with storages["private"].open(name) as file:
        assert file.read() == plain


def test_a_file_whose_master_key_is_gone_fails_naming_the_key(settings):
    name = storages["private"].save("letters/letter.pdf", ContentFile(b"%PDF-1.7 letter"))
    settings.FILE_ENCRYPTION_KEYS = [key_new("2027")]
    with pytest.raises(FileKeyError, match=r"'test', which is not in FILE_ENCRYPTION_KEYS"):
        storages["private"].open(name)


def test_rotation_rewraps_every_key_and_leaves_the_files_alone(settings):
    names = [
        storages["private"].save(f"evidence/{n}.png", ContentFile(MARKER + bytes([n])))
        for n in range(5)
    ]
    stored = {name: on_disk(name) for name in names}
    old = settings.FILE_ENCRYPTION_KEYS[0]
    settings.FILE_ENCRYPTION_KEYS = [key_new("2027"), old]
    out = io.StringIO()
    call_command("rotate_file_keys", "--batch-size", "2", stdout=out)
    assert "Re-wrapped 5 file key(s) under '2027'; 0 already under it." in out.getvalue()
    assert set(FileKey.objects.values_list("key_id", flat=True)) == {"2027"}

    settings.FILE_ENCRYPTION_KEYS = settings.FILE_ENCRYPTION_KEYS[:1]  # the old key retired
    for n, name in enumerate(names):
        assert on_disk(name) == stored[name]  # not re-uploaded
        with storages["private"].open(name) as file:
            assert file.read() == MARKER + bytes([n])
    out = io.StringIO()
    call_command("rotate_file_keys", stdout=out)  # again: nothing to do
    assert "Re-wrapped 0 file key(s) under '2027'; 5 already under it." in out.getvalue()


def test_rotation_without_the_old_key_stops_and_says_which(settings):
    storages["private"].save("evidence/a.png", ContentFile(MARKER))
    settings.FILE_ENCRYPTION_KEYS = [key_new("2027")]
    with pytest.raises(CommandError, match="'test'"):
        call_command("rotate_file_keys", stdout=io.StringIO())
    assert FileKey.objects.get().key_id == "test"


def test_deleting_a_file_deletes_its_key():
    name = storages["private"].save("exports/x.csv", ContentFile(MARKER))
    assert storages["private"].size(name) == len(MARKER)
    storages["private"].delete(name)
    assert not storages["private"].exists(name) and not FileKey.objects.filter(name=name).exists()


def test_a_20_mb_export_round_trips_in_bounded_memory():
    digest, size = hashlib.sha256(), 20 * 1024 * 1024
    with tempfile.TemporaryFile() as source:
        block = bytes(range(256)) * 4096  # 1 MiB
        for n in range(20):
            source.write(block[n:] + block[:n])
            digest.update(block[n:] + block[:n])
        tracemalloc.start()
        name = storages["private"].save("exports/big.xlsx", File(source))
        _, saving_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        read = hashlib.sha256()
        with storages["private"].open(name) as file:
            assert file.size == size
            for chunk in file.chunks():
                read.update(chunk)
        _, reading_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert read.hexdigest() == digest.hexdigest()
    assert storages["private"].size(name) == size
    assert saving_peak < 8 * 1024 * 1024  # the spool in memory before it goes to disk
    assert reading_peak < 1024 * 1024


def test_a_file_stored_before_encryption_was_switched_on_stays_readable(school):
    evidence = EvidenceFactory(case__school=school)
    original = b"%PDF-1.7 stored before encryption " + MARKER
    plain_name = "letters/before.pdf"
    (django_settings.PRIVATE_MEDIA_ROOT / "letters").mkdir(parents=True, exist_ok=True)
    (django_settings.PRIVATE_MEDIA_ROOT / plain_name).write_bytes(original)
    with storages["private"].open(plain_name) as file:
        assert file.read() == original
    assert storages["private"].size(plain_name) == len(original)
    # An encrypted file whose key row is gone is not read as if it were plain.
    FileKey.objects.filter(name=evidence.file.name).delete()
    with pytest.raises(stream.TamperedFile, match="data key is gone"):
        storages["private"].open(evidence.file.name)


@pytest.mark.usefixtures("marked_case")
def test_every_kind_of_file_a_case_has_is_ciphertext_on_disk():
    """Evidence, thumbnail, letter PDF, bundle PDF and XLSX export (tests/retention/conftest.py
    puts a marker in each): on disk, each is in our format and no marker shows, raw or as PDF
    or XLSX text; read through the storage, the files' markers are back."""
    files = [p for p in django_settings.PRIVATE_MEDIA_ROOT.rglob("*") if p.is_file()]
    kinds = {path.relative_to(django_settings.PRIVATE_MEDIA_ROOT).parts[0] for path in files}
    assert kinds >= {"evidence", "letters", "exports"}
    assert all(path.read_bytes().startswith(stream.MAGIC) for path in files)
    raw = " ".join(" ".join(texts_of_file(path.read_bytes())).lower() for path in files)
    assert not [marker for marker in MARKERS if marker in raw]
    decrypted = " ".join(files_text().values())
    assert {"zqxevidencefile", "zqxthumbnail", "zqxletterpdf"} <= {
        marker for marker in MARKERS if marker in decrypted
    }


def test_a_new_key_from_the_command_encrypts_and_decrypts(settings):
    out = io.StringIO()
    call_command("file_key_new", "2027-01", stdout=out)
    settings.FILE_ENCRYPTION_KEYS = [out.getvalue().strip()]
    name = storages["private"].save("letters/new.pdf", ContentFile(MARKER))
    assert FileKey.objects.get(name=name).key_id == "2027-01"
    with storages["private"].open(name) as file:
        assert file.read() == MARKER
